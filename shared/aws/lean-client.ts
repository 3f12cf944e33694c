/**
 * Per-call work the AWS SDK does that Mosaic never uses, taken out of its clients.
 *
 * The SDK's `loggerMiddleware` runs on every call and, after it, walks the call's input and
 * output with their schemas to build redacted copies for the client's logger. No client here is
 * given a logger, so the SDK's default no-op logger receives them and drops them: each call paid
 * for two schema walks nobody read (2–3% of an SDK thread's CPU in `bench:incidents` profiles).
 * Errors are unaffected: they still reach the caller as before, and a failed call is logged by the
 * kit, which is where logs come from.
 */

/** The part of an SDK client this touches. */
interface WithMiddlewareStack {
  middlewareStack: { remove(toRemove: string): boolean };
}

/** Removes the SDK's per-call logging middleware from `client` (see above); returns the client. */
export function withoutCallLogging<C extends WithMiddlewareStack>(client: C): C {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}
