import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

export type AnyHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Imports a function's module (a path of the route table, relative to the project root) and answers its `handler`. */
export async function loadHandler(root: string, modulePath: string): Promise<AnyHandler> {
  const mod = (await import(pathToFileURL(join(root, modulePath)).href)) as { handler?: AnyHandler };
  if (typeof mod.handler !== 'function') throw new Error(`${modulePath} exports no handler`);
  return mod.handler;
}

/**
 * A function's handler, its module imported when first asked for, as a Lambda function
 * initialises on its first request: the runtime holds in memory only the functions that were
 * called. The caller asks before each invocation and starts the invocation's timeout after it,
 * since a Lambda's init is not part of its timeout. A module that fails to load answers that
 * error every time (Node keeps a module's failure).
 */
export function handlerOnFirstUse(root: string, modulePath: string): () => Promise<AnyHandler> {
  let loading: Promise<AnyHandler> | undefined;
  return () => (loading ??= loadHandler(root, modulePath));
}
