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

  it('has no two routes with the same method and path, and only /v1 paths', () => {
    const keys = routeList.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of Object.values(httpRoutes)) expect(r.path.startsWith('/v1/')).toBe(true);
  });
});
