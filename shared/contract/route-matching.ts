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

/**
 * A template's first two segments when both are literal and it has a third (`v1/activities` for
 * `/v1/activities/{id}`), else undefined: such templates are tried for every path, as a parameter
 * there, or the optional trailing slash of a shorter template, blurs the key.
 */
function literalKey(template: string): string | undefined {
  const segments = template.split('/');
  return segments.length >= 3 && !segments[1]!.includes('{') && !segments[2]!.includes('{') ? `${segments[1]}/${segments[2]}` : undefined;
}

/** A router over route definitions: finds the route for a method and path, or says why not. */
export function createRouter<R extends Pick<RouteContract, 'method' | 'path'>>(routes: readonly R[]) {
  // Built in one pass, each template compiled on its first match: a cold function pays for the
  // few routes its request tries, not for the whole table (decisions.md, "Cold starts against
  // the floor": the fallback's import was mostly this).
  const entries = routes.map((route) => ({ route, key: literalKey(route.path), compiled: undefined as CompiledPath | undefined }));
  const everywhere = entries.filter((e) => e.key === undefined);
  // Each key's list is its own routes and the `everywhere` ones, in the table's order, so the
  // first match wins as before.
  const byKey = new Map<string, typeof entries>();
  for (const e of entries) if (e.key !== undefined && !byKey.has(e.key)) byKey.set(e.key, []);
  for (const e of entries) {
    if (e.key !== undefined) byKey.get(e.key)!.push(e);
    else for (const list of byKey.values()) list.push(e);
  }
  return (method: string, path: string): RouteMatch<R> => {
    const key = leadingKey(path);
    const candidates = (key !== undefined && byKey.get(key)) || everywhere;
    const allowed: string[] = [];
    for (const entry of candidates) {
      const params = matchPath((entry.compiled ??= compilePath(entry.route.path)), path);
      if (!params) continue;
      if (entry.route.method === method) return { kind: 'found', route: entry.route, params };
      allowed.push(entry.route.method);
    }
    return allowed.length ? { kind: 'wrong-method', allowed: allowed.sort() } : { kind: 'none' };
  };
}
