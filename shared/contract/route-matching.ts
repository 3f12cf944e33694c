import type { RouteContract } from './routes.ts';

export interface CompiledPath {
  pattern: RegExp;
  names: string[];
}

/** Compiles an API Gateway path template (`/v1/entries/{date}/{activityId}`) to a matcher. */
export function compilePath(template: string): CompiledPath {
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const m = /^\{(\w+)(\+)?\}$/.exec(segment);
      if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]!);
      return m[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

/** Path parameters of `path` under `compiled`, URL-decoded as API Gateway does; undefined if no match. */
export function matchPath(compiled: CompiledPath, path: string): Record<string, string> | undefined {
  const m = compiled.pattern.exec(path);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  compiled.names.forEach((name, i) => {
    const raw = m[i + 1]!;
    try {
      params[name] = decodeURIComponent(raw);
    } catch {
      params[name] = raw;
    }
  });
  return params;
}

export type RouteMatch<R> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

/** A router over route definitions: finds the route for a method and path, or says why not. */
export function createRouter<R extends Pick<RouteContract, 'method' | 'path'>>(routes: readonly R[]) {
  const compiled = routes.map((route) => ({ route, path: compilePath(route.path) }));
  return (method: string, path: string): RouteMatch<R> => {
    const allowed: string[] = [];
    for (const { route, path: c } of compiled) {
      const params = matchPath(c, path);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allowed.push(route.method);
    }
    return allowed.length ? { kind: 'wrong-method', allowed: allowed.sort() } : { kind: 'none' };
  };
}
