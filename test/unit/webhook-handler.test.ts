import { createHmac, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionTestEnv } from '../support/function-env.ts';
import * as z from 'zod';
import { toHttpApiEvent } from '../../infra/local/api-event.ts';
import { contracts, route } from '../../shared/contract/routes.ts';
import type { HttpRequest, RawRequest } from '../../shared/kit/http-handler.ts';
import { UnauthorizedError } from '../../shared/kit/errors.ts';

const SECRET = 'hook-secret';
const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('hex');

/** A signed-webhook route as an area would declare it. */
const hooks = contracts([
  route('receive-hook', {
    method: 'POST',
    path: '/v1/hooks/{hookId}',
    auth: 'webhook',
    body: z.object({ level: z.enum(['info', 'error']) }),
    bodyBytes: 1024,
  }),
]);

/** Verifies `x-signature` (hex HMAC-SHA256 of the raw body) and names the hook that sent it. */
async function verify(request: RawRequest): Promise<{ hookId: string }> {
  const given = Buffer.from(request.headers['x-signature'] ?? '', 'hex');
  const expected = Buffer.from(sign(request.body.toString('utf8')), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedError('Bad signature.');
  return { hookId: request.params.hookId! };
}

const context = { getRemainingTimeInMillis: () => 10_000, functionName: 'receive-hook' } as unknown as Context;
let handler: (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
const received: Array<HttpRequest<(typeof hooks)['receive-hook'], { hookId: string }>> = [];

beforeAll(async () => {
  // The configuration a function gets (parsed when the kit loads); nothing here calls AWS.
  Object.assign(process.env, functionTestEnv('test', { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' }));
  const { httpHandler, accepted } = await import('../../shared/kit/http-handler.ts');
  handler = httpHandler(
    hooks['receive-hook'],
    async (request) => {
      received.push(request);
      return accepted({ hookId: request.caller.hookId, level: request.body.level });
    },
    verify,
  ) as typeof handler;
});

function post(body: string, headers: Record<string, string>) {
  const event = toHttpApiEvent(
    { method: 'POST', url: '/v1/hooks/h1', headers, body: Buffer.from(body), sourceIp: '203.0.113.9', host: 'api.example.com' },
    'POST /v1/hooks/{hookId}',
    { hookId: 'h1' },
  );
  return handler(event, context);
}

describe('webhook routes', () => {
  it('verify the raw body first: a bad signature is 401 and the function never runs, even for malformed JSON', async () => {
    received.length = 0;
    const forged = await post('{"level":"error"}', { 'content-type': 'application/json', 'x-signature': sign('{"level":"info"}') });
    expect(forged.statusCode).toBe(401);
    expect(JSON.parse(forged.body!)).toMatchObject({ error: { code: 'unauthorized' } });
    const junk = await post('{not json', { 'content-type': 'application/json', 'x-signature': '00' });
    expect(junk.statusCode).toBe(401);
    expect(received).toHaveLength(0);
  });

  it('then parse whatever the content type (SNS posts JSON as text/plain) and hand over the caller and the raw body', async () => {
    received.length = 0;
    const body = '{"level":"error"}';
    const answer = await post(body, { 'content-type': 'text/plain; charset=UTF-8', 'x-signature': sign(body) });
    expect(answer.statusCode).toBe(202);
    expect(JSON.parse(answer.body!)).toEqual({ hookId: 'h1', level: 'error' });
    expect(received[0]!.caller).toEqual({ hookId: 'h1' });
    expect(received[0]!.rawBody.toString('utf8')).toBe(body);
  });

  it('answer a signed but malformed or invalid body with 400', async () => {
    const malformed = '{"level":';
    expect((await post(malformed, { 'x-signature': sign(malformed) })).statusCode).toBe(400);
    const invalid = '{"level":"loud"}';
    expect((await post(invalid, { 'x-signature': sign(invalid) })).statusCode).toBe(400);
  });

  it('refuse an oversize body with 413 before verifying (nothing large is hashed)', async () => {
    received.length = 0;
    const big = JSON.stringify({ level: 'info', pad: 'x'.repeat(2000) });
    expect((await post(big, { 'x-signature': sign(big) })).statusCode).toBe(413);
    expect((await post(big, { 'x-signature': '00' })).statusCode).toBe(413);
    expect(received).toHaveLength(0);
  });

  it('cannot be built without a verifier', async () => {
    const { httpHandler } = await import('../../shared/kit/http-handler.ts');
    const build = httpHandler as unknown as (route: unknown, fn: unknown) => unknown;
    expect(() => build(hooks['receive-hook'], async () => ({ statusCode: 200 }))).toThrow(/needs a verifier/);
  });
});
