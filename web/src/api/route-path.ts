/**
 * From a route of the generated table (routes.gen.ts: a method and a contract path such as
 * `/v1/entries/{date}/{activityId}`) to what a call is sent to, and back.
 */

/** The parameter names of a contract path: `'/v1/entries/{date}/{activityId}'` → `'date' | 'activityId'`. */
export type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParams<Rest> : never;

declare const filled: unique symbol;

/**
 * What a call is sent to: a route's method and its path with the parameters filled. Made by
 * `endpoint` only (the brand), so a contract path with `{name}` left in it cannot be sent.
 */
export interface Endpoint {
  readonly method: string;
  readonly path: string;
  readonly [filled]: true;
}

const PARAM = /\{([^}]+)\}/g;

/**
 * Fills a contract path's `{name}` parameters, each encoded with encodeURIComponent. Throws when
 * one is missing or empty: a path with a hole in it would reach another route, or none.
 */
export function fillPath<P extends string>(path: P, params: Record<PathParams<P>, string>): string {
  const values = params as Record<string, string | undefined>;
  return path.replace(PARAM, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') throw new Error(`The path ${path} needs its parameter "${name}".`);
    return encodeURIComponent(value);
  });
}

/**
 * The endpoint of a route: its method, and its path filled with `params` (required exactly when
 * the path has parameters).
 */
export function endpoint<P extends string>(
  route: { readonly method: string; readonly path: P },
  ...params: [PathParams<P>] extends [never] ? [] : [Record<PathParams<P>, string>]
): Endpoint {
  return { method: route.method, path: fillPath(route.path, params[0] ?? ({} as Record<PathParams<P>, string>)) } as Endpoint;
}

/**
 * The parameters of `path` when it is a path of the contract path `pattern` (decoded), else null.
 * Reads a stored path back (a write waiting in the outbox: which day it is for).
 */
export function matchPath<P extends string>(pattern: P, path: string): Record<PathParams<P>, string> | null {
  const names: string[] = [];
  const source = pattern.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(PARAM, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const found = new RegExp(`^${source}$`).exec(path);
  if (!found) return null;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)])) as Record<PathParams<P>, string>;
}
