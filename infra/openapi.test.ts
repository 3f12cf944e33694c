import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApi, renderOpenApi } from './openapi.ts';
import { routeList } from './routes.ts';

describe('OpenAPI document', () => {
  it('is what the route table generates (run `npm run openapi` after changing routes)', () => {
    const committed = readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8');
    expect(committed).toBe(renderOpenApi());
  });

  it('has every route, with bearer security exactly on user and admin routes', () => {
    const doc = buildOpenApi() as { paths: Record<string, Record<string, { operationId: string; security: unknown[] }>> };
    for (const route of routeList) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op?.operationId).toBe(route.name);
      expect(op?.security.length).toBe(route.auth === 'user' || route.auth === 'admin' ? 1 : 0);
    }
  });
});
