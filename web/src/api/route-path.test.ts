import { describe, expect, it } from 'vitest';
import { send } from './client.ts';
import { endpoint, fillPath, matchPath } from './route-path.ts';
import { ROUTES } from './routes.gen.ts';

describe('fillPath', () => {
  it('fills each {name} of a contract path with its parameter', () => {
    expect(fillPath('/v1/projects/{projectId}/incidents/{incidentId}', { projectId: 'p1', incidentId: 'i2' })).toBe('/v1/projects/p1/incidents/i2');
  });

  it('encodes each parameter, so a slash, a query or a space stays inside its segment', () => {
    expect(fillPath('/v1/things/{id}/parts/{part}', { id: 'a/b?c=d', part: 'x y#z' })).toBe('/v1/things/a%2Fb%3Fc%3Dd/parts/x%20y%23z');
  });

  it('throws when a parameter is missing or empty, naming it', () => {
    // @ts-expect-error: the type asks for both parameters
    expect(() => fillPath('/v1/things/{id}/parts/{part}', { id: 'a' })).toThrow(/"part"/);
    expect(() => fillPath('/v1/things/{id}', { id: '' })).toThrow(/"id"/);
  });

  it('leaves a path without parameters as it is', () => {
    expect(fillPath('/v1/today', {})).toBe('/v1/today');
  });
});

describe('endpoint', () => {
  it("takes the route's method and fills its path", () => {
    expect(endpoint(ROUTES['remove-pause'], { id: 'a 1', from: '2026-03-02' })).toEqual({ method: 'DELETE', path: '/v1/activities/a%201/pauses/2026-03-02' });
    expect(endpoint(ROUTES['list-activities'])).toEqual({ method: 'GET', path: '/v1/activities' });
  });

  it('asks for parameters exactly when the path has some (compile-time)', () => {
    // @ts-expect-error: get-activity's path has {id}
    expect(() => endpoint(ROUTES['get-activity'])).toThrow(/"id"/);
    // @ts-expect-error: get-today's path has no parameter
    expect(endpoint(ROUTES['get-today'], { id: 'x' }).path).toBe('/v1/today');
    // @ts-expect-error: a route is not an endpoint until endpoint() has filled its path
    void (() => send(ROUTES['get-activity']));
  });
});

describe('matchPath', () => {
  it('reads the parameters back from a filled path, decoded', () => {
    const path = fillPath(ROUTES['put-entry'].path, { date: '2026-03-02', activityId: 'a/1' });
    expect(matchPath(ROUTES['put-entry'].path, path)).toEqual({ date: '2026-03-02', activityId: 'a/1' });
  });

  it('answers null for a path of another route, or one with a segment more or less', () => {
    expect(matchPath(ROUTES['put-entry'].path, '/v1/activities/a1')).toBeNull();
    expect(matchPath(ROUTES['put-entry'].path, '/v1/entries/2026-03-02')).toBeNull();
    expect(matchPath(ROUTES['put-entry'].path, '/v1/entries/2026-03-02/a1/extra')).toBeNull();
  });
});
