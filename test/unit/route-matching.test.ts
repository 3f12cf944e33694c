import { describe, expect, it } from 'vitest';
import { compilePath, createRouter, matchPath } from '../../shared/contract/route-matching.ts';
import { httpRoutes, routeList } from '../../infra/routes/index.ts';

describe('route matching', () => {
  it('extracts and decodes path parameters', () => {
    const c = compilePath('/v1/entries/{date}/{activityId}');
    expect(matchPath(c, '/v1/entries/2026-01-01/a%20b')).toEqual({ date: '2026-01-01', activityId: 'a b' });
    expect(matchPath(c, '/v1/entries/2026-01-01')).toBeUndefined();
    expect(matchPath(compilePath('/files/{path+}'), '/files/a/b/c')).toEqual({ path: 'a/b/c' });
  });

  it('tells a wrong method from an unknown path', () => {
    const route = createRouter(routeList);
    const found = route('GET', '/v1/activities/123');
    expect(found.kind === 'found' && found.route.name).toBe('get-activity');
    expect(route('PUT', '/v1/activities')).toEqual({ kind: 'wrong-method', allowed: ['GET', 'POST'] });
    expect(route('GET', '/v1/unknown')).toEqual({ kind: 'none' });
  });

  it('finds what a scan of every route in order finds, for every route and for paths near them', () => {
    const route = createRouter(routeList);
    const compiled = routeList.map((r) => [r, compilePath(r.path)] as const);
    const scan = (method: string, path: string) => {
      const allowed: string[] = [];
      for (const [r, c] of compiled) {
        const params = matchPath(c, path);
        if (!params) continue;
        if (r.method === method) return { kind: 'found', route: r, params };
        allowed.push(r.method);
      }
      return allowed.length ? { kind: 'wrong-method', allowed: allowed.sort() } : { kind: 'none' };
    };
    const paths = routeList.flatMap((r) => {
      const concrete = r.path.replace(/\{\w+\+?\}/g, 'x1');
      return [concrete, `${concrete}/`, `${concrete}/extra`, concrete.replace('/v1/', '/v2/'), concrete.slice(0, concrete.lastIndexOf('/'))];
    });
    paths.push('/', '/v1', '/v1/', '//', '/v1//', 'v1/activities', '/v1/unknown/deeper');
    const cases = paths.flatMap((path) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => [method, path] as const));
    expect(cases.map(([m, p]) => route(m, p))).toEqual(cases.map(([m, p]) => scan(m, p)));
    expect(cases.filter(([m, p]) => route(m, p).kind === 'found').length).toBeGreaterThanOrEqual(routeList.length);
    // A parameter in the first two segments is tried for every path.
    const wild = createRouter([{ method: 'GET', path: '/{area}/items' }, { method: 'GET', path: '/v1/items' }] as const);
    expect(wild('GET', '/v1/items')).toMatchObject({ kind: 'found', params: { area: 'v1' } });
    expect(wild('GET', '/v2/items')).toMatchObject({ kind: 'found', params: { area: 'v2' } });
  });

  it('has no two routes with the same method and path, and only /v1 paths', () => {
    const keys = routeList.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of Object.values(httpRoutes)) expect(r.path.startsWith('/v1/')).toBe(true);
  });
});
