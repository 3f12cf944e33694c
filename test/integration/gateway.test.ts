import { describe, expect, inject, it } from 'vitest';
import { call } from '../support/http-client.ts';

const base = inject('mosaic').url;

describe('the local gateway', () => {
  it('answers CORS preflights from the policy, and every response carries the CORS headers (for the runtime’s own origin)', async () => {
    const origin = new URL(base).origin;
    const preflight = await call(base, 'OPTIONS', '/v1/activities', {
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toContain('idempotency-key');
    const res = await call(base, 'GET', '/v1/health', { headers: { origin } });
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    expect(res.headers.vary).toBe('origin');
    expect(res.headers['apigw-requestid']).toEqual(expect.any(String));
  });

  it('serves the web app at / and for client-side routes, but never for /v1', async () => {
    const root = await call(base, 'GET', '/');
    expect(root.status).toBe(200);
    expect(root.headers['content-type']).toContain('text/html');
    expect((await call(base, 'GET', '/today')).text).toBe(root.text);
    const api = await call(base, 'GET', '/v1/no-such-thing');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('not_found');
    const post = await call(base, 'POST', '/some/page', { json: {} });
    expect(post.status).toBe(404);
  });

  it('refuses a body over API Gateway’s 10 MiB with 413 before any function runs', async () => {
    const res = await call(base, 'POST', '/v1/auth/login', {
      raw: Buffer.alloc(11 * 1024 * 1024, 'a'),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });
});
