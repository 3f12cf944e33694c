import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../web/src/api/routes.gen.ts';
import { routeList } from './routes/index.ts';
import { renderWebRoutes } from './web-routes.ts';

describe('web/src/api/routes.gen.ts', () => {
  it('is what the route table generates (run `npm run docs` after changing routes)', () => {
    const committed = readFileSync(new URL('../web/src/api/routes.gen.ts', import.meta.url), 'utf8');
    expect(committed).toBe(renderWebRoutes());
  });

  it('holds every route of the table, by name, with its method and path', () => {
    expect(Object.keys(ROUTES)).toEqual(routeList.map((r) => r.name));
    for (const r of routeList) expect(ROUTES[r.name as keyof typeof ROUTES], r.name).toEqual({ method: r.method, path: r.path });
  });
});
