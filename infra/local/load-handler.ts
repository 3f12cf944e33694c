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
