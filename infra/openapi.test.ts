import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { ErrorResponse } from '../shared/kit/responses.ts';
import { buildOpenApi, renderOpenApi } from './openapi.ts';
import { routeList } from './routes/index.ts';

type Json = Record<string, any>;

/** Every subschema of a JSON Schema, itself included. */
function* subschemas(schema: unknown): Generator<Json> {
  if (Array.isArray(schema)) {
    for (const s of schema) yield* subschemas(s);
  } else if (schema && typeof schema === 'object') {
    yield schema;
    for (const value of Object.values(schema)) yield* subschemas(value);
  }
}

/** Every zod schema inside a schema, itself included. */
function zodSchemas(schema: z.ZodType, seen = new Set<unknown>()): Array<{ _zod: { def: Json } }> {
  const out: Array<{ _zod: { def: Json } }> = [];
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if ('_zod' in value) {
      out.push(value as { _zod: { def: Json } });
      Object.values((value as { _zod: { def: Json } })._zod.def).forEach(visit);
    } else if (Array.isArray(value)) value.forEach(visit);
    else Object.values(value).forEach(visit);
  };
  visit(schema);
  return out;
}

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

  it('documents MCP’s refusals as JSON-RPC errors and the gateway’s as ErrorResponse', () => {
    const responses = (buildOpenApi() as Json).paths['/v1/mcp'].post.responses;
    for (const status of ['400', '401', '406', '415', '429']) expect(responses[status].content['application/json'].schema, status).toEqual({ $ref: '#/components/schemas/McpError' });
    expect(responses['413'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
    expect((buildOpenApi() as Json).components.schemas.McpError.required).toEqual(['jsonrpc', 'error', 'id']);
  });

  it('documents the success body of every route that answers one (none for a 204)', () => {
    const doc = buildOpenApi() as Json;
    for (const route of routeList) {
      expect(route.response === undefined && route.binaryResponse === undefined, route.name).toBe(route.successStatus === 204);
      const success = doc.paths[route.path][route.method.toLowerCase()].responses[String(route.successStatus)];
      if (route.binaryResponse) expect(success.content[route.binaryResponse].schema.format, route.name).toBe('binary');
      else if (route.response) expect(success.content['application/json'].schema, route.name).toBeDefined();
      else expect(success.content, route.name).toBeUndefined();
    }
  });

  it('makes every object of a response strict, so an undocumented field fails the integration test', () => {
    // The JSON Schema cannot tell (zod closes every output object), so look at the zod schemas.
    const loose = new Set<string>();
    const documented = [...routeList.map((r) => [r.name, r.response] as const), ['errors', ErrorResponse] as const];
    for (const [name, response] of documented) {
      if (!response) continue;
      for (const object of zodSchemas(response)) {
        const def = object._zod.def;
        if (def.type === 'object' && def.catchall?._zod.def.type !== 'never') {
          loose.add(`${name}: {${Object.keys(def.shape).join(', ')}}`);
        }
      }
    }
    expect([...loose]).toEqual([]);
  });

  it('resolves every $ref to a component', () => {
    const doc = buildOpenApi() as Json;
    const refs = [...subschemas(doc)].map((s) => s.$ref).filter((r): r is string => typeof r === 'string');
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref.startsWith('#/components/schemas/'), ref).toBe(true);
      expect(doc.components.schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
  });
});
