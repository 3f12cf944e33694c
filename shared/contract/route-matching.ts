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

/**
 * The first two segments of a path (`/v1/activities/…` → `v1/activities`), or of a template when
 * both are literal: routes are indexed by it so a request is matched against the few routes that
 * can match it, not against every route (a not-found request would otherwise try them all).
 */
function leadingKey(path: string): string | undefined {
  const segments = path.split('/', 3);
  return segments.length === 3 ? `${segments[1]}/${segments[2]}` : undefined;
}

/** A router over route definitions: finds the route for a method and path, or says why not. */
export function createRouter<R extends Pick<RouteContract, 'method' | 'path'>>(routes: readonly R[]) {
  const compiled = routes.map((route) => ({ route, path: compilePath(route.path) }));
  // Templates with a parameter in their first two segments, or fewer than three segments (whose
  // optional trailing slash blurs the key), are tried for every path; the others only for paths
  // with the same first two segments. Each list keeps the table's order, so the first match wins
  // as before.
  const literalKey = (template: string) => {
    const segments = template.split('/');
    return segments.length >= 3 && !segments[1]!.includes('{') && !segments[2]!.includes('{') ? `${segments[1]}/${segments[2]}` : undefined;
  };
  const everywhere = compiled.filter((c) => literalKey(c.route.path) === undefined);
  const byKey = new Map<string, typeof compiled>();
  for (const c of compiled) {
    const key = literalKey(c.route.path);
    if (key !== undefined && !byKey.has(key)) byKey.set(key, compiled.filter((d) => d === c || literalKey(d.route.path) === key || everywhere.includes(d)));
  }
  return (method: string, path: string): RouteMatch<R> => {
    const key = leadingKey(path);
    const candidates = (key !== undefined && byKey.get(key)) || everywhere;
    const allowed: string[] = [];
    for (const { route, path: c } of candidates) {
      const params = matchPath(c, path);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allowed.push(route.method);
    }
    return allowed.length ? { kind: 'wrong-method', allowed: allowed.sort() } : { kind: 'none' };
  };
}
