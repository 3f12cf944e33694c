/**
 * Per-caller admission for the local gateway: each caller (a user, or a client address for
 * anonymous calls) has its own lane with a bound on requests running at once and a bound on
 * requests waiting. One caller's burst then waits in its own lane, or is refused with 429,
 * instead of queueing in front of everyone else until their functions time out.
 */

/**
 * How many of one caller's requests may run at once, and wait beyond those, by default. Sixteen
 * running keep the handlers' SDK calls of about three busy callers within the SDK's default 50
 * sockets per client (a caller past that would queue its calls in front of everyone's), and are
 * enough that one caller alone is not slowed: fewer in flight cost more CPU per request.
 */
export const CALLER_LIMITS = { inFlight: 16, queued: 64 } as const;

export interface CallerLimits {
  inFlight: number;
  queued: number;
}

/** Thrown when a caller's lane is full; the gateway answers 429 with `Retry-After`. */
export class CallerQueueFullError extends Error {
  override name = 'CallerQueueFullError';
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(`Too many requests at once from this caller; try again in ${retryAfterSeconds} s.`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

interface Lane {
  running: number;
  waiting: Array<() => void>;
}

export interface FairQueue {
  /** Runs `task` in `caller`'s lane: now, after the caller's earlier requests, or not at all (throws). */
  run<T>(caller: string, task: () => Promise<T>): Promise<T>;
  /** Requests running and waiting, per caller (for tests and `/_local/` diagnostics). */
  snapshot(): Record<string, { running: number; waiting: number }>;
}

export function createFairQueue(limits: CallerLimits = CALLER_LIMITS): FairQueue {
  const lanes = new Map<string, Lane>();
  // Mean time a request holds its slot (ms), to tell a refused caller when to come back.
  let meanMs = 50;

  const release = (caller: string, lane: Lane) => {
    const next = lane.waiting.shift();
    if (next) return next(); // the slot passes straight to the caller's next request
    lane.running--;
    if (lane.running === 0) lanes.delete(caller);
  };

  return {
    async run<T>(caller: string, task: () => Promise<T>): Promise<T> {
      let lane = lanes.get(caller);
      if (!lane) {
        lane = { running: 0, waiting: [] };
        lanes.set(caller, lane);
      }
      if (lane.running >= limits.inFlight) {
        if (lane.waiting.length >= limits.queued) {
          const drainMs = ((lane.waiting.length + 1) / limits.inFlight) * meanMs;
          throw new CallerQueueFullError(Math.max(1, Math.ceil(drainMs / 1000)));
        }
        await new Promise<void>((resolve) => lane.waiting.push(resolve));
      } else {
        lane.running++;
      }
      const started = Date.now();
      try {
        return await task();
      } finally {
        meanMs += (Date.now() - started - meanMs) / 16;
        release(caller, lane);
      }
    },
    snapshot() {
      return Object.fromEntries([...lanes].map(([caller, lane]) => [caller, { running: lane.running, waiting: lane.waiting.length }]));
    },
  };
}

// Callers of recent tokens: a client sends the same token for an hour, so decoding it once
// saves a base64 decode and a JSON parse per request. Cleared whole when full.
const callersOfTokens = new Map<string, string>();
const MAX_REMEMBERED_TOKENS = 1024;

/**
 * The caller a request counts against: the `sub` of its bearer token, read without verifying
 * (the function still verifies the token; a forged `sub` only queues its sender behind that
 * user), or else its client address.
 */
export function callerOf(authorization: string | undefined, sourceIp: string): string {
  if (!authorization || authorization.length <= 7 || !/^bearer /i.test(authorization.slice(0, 7))) return `ip:${sourceIp}`;
  const token = authorization.slice(7).trim();
  const known = callersOfTokens.get(token);
  if (known) return known;
  const sub = subjectOf(token);
  if (!sub) return `ip:${sourceIp}`;
  if (callersOfTokens.size >= MAX_REMEMBERED_TOKENS) callersOfTokens.clear();
  const caller = `user:${sub}`;
  callersOfTokens.set(token, caller);
  return caller;
}

function subjectOf(token: string): string | undefined {
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first <= 0 || second <= first) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(token.slice(first + 1, second), 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof claims.sub === 'string' && claims.sub ? claims.sub : undefined;
  } catch {
    return undefined; // not a JWT: the caller is its address
  }
}
