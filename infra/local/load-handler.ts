import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { lambdaContexts, withTimeout } from './lambda-context.ts';

export type AnyHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Imports a function's module (a path of the route table, relative to the project root) and answers its `handler`. */
export async function loadHandler(root: string, modulePath: string): Promise<AnyHandler> {
  const mod = (await import(pathToFileURL(join(root, modulePath)).href)) as { handler?: AnyHandler };
  if (typeof mod.handler !== 'function') throw new Error(`${modulePath} exports no handler`);
  return mod.handler;
}

/**
 * A function's invoker, its module imported on the first invocation, as a Lambda function
 * initialises on its first request: the runtime holds in memory only the functions that were
 * called. Each invocation gets its own Lambda context and the function's timeout, started after
 * the import, since a Lambda's init is not part of its timeout. A module that fails to load fails
 * every invocation with that error (Node keeps a module's failure).
 */
export function invokerOnFirstUse<E, R>(
  root: string,
  modulePath: string,
  fn: { name: string; timeoutSeconds: number; memoryMb: number },
): (event: E) => Promise<R> {
  const context = lambdaContexts(fn.name, fn.timeoutSeconds, fn.memoryMb);
  const invoke = (handler: AnyHandler, event: E) => withTimeout(fn.timeoutSeconds, () => handler(event, context()) as Promise<R>);
  let handler: AnyHandler | undefined;
  let loading: Promise<AnyHandler> | undefined;
  return (event) => {
    if (handler) return invoke(handler, event);
    loading ??= loadHandler(root, modulePath).then((loaded) => (handler = loaded));
    return loading.then((loaded) => invoke(loaded, event));
  };
}
