import { describe, expect, it } from 'vitest';
import { fromHttpApiResult, toHttpApiEvent } from './api-event.ts';

const request = (over: Partial<Parameters<typeof toHttpApiEvent>[0]> = {}) => ({
  method: 'POST',
  url: '/v1/entries/2026-01-02/abc?tag=a&tag=b&x=%20y',
  headers: { 'Content-Type': 'application/json', Cookie: 'a=1; b=2', 'X-Multi': ['one', 'two'] },
  body: Buffer.from('{"value":1}'),
  sourceIp: '127.0.0.5',
  host: 'localhost:3000',
  ...over,
});

describe('toHttpApiEvent', () => {
  it('builds a payload 2.0 event as API Gateway does', () => {
    const event = toHttpApiEvent(request(), 'POST /v1/entries/{date}/{id}', { date: '2026-01-02', id: 'abc' }, new Date('2026-11-21T10:11:12Z'));
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/entries/{date}/{id}',
      rawPath: '/v1/entries/2026-01-02/abc',
      rawQueryString: 'tag=a&tag=b&x=%20y',
      cookies: ['a=1', 'b=2'],
      headers: { 'content-type': 'application/json', 'x-multi': 'one,two' },
      queryStringParameters: { tag: 'a,b', x: ' y' },
      pathParameters: { date: '2026-01-02', id: 'abc' },
      body: '{"value":1}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/v1/entries/2026-01-02/abc', sourceIp: '127.0.0.5', protocol: 'HTTP/1.1' },
        stage: '$default',
        time: '21/Nov/2026:10:11:12 +0000',
        timeEpoch: Date.parse('2026-11-21T10:11:12Z'),
      },
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.requestId).toMatch(/^[A-Za-z0-9+/]{16}$/);
  });

  it('base64-encodes binary bodies and omits absent parts', () => {
    const zip = toHttpApiEvent(
      request({ headers: { 'content-type': 'application/zip' }, body: Buffer.from([0x50, 0x4b, 0x03, 0x04]), url: '/x' }),
      '$default',
      undefined,
    );
    expect(zip.isBase64Encoded).toBe(true);
    expect(Buffer.from(zip.body!, 'base64')).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(zip.queryStringParameters).toBeUndefined();
    expect(zip.pathParameters).toBeUndefined();
    const empty = toHttpApiEvent(request({ body: Buffer.alloc(0) }), '$default', undefined);
    expect(empty.body).toBeUndefined();
    expect(empty.isBase64Encoded).toBe(false);
  });
});

describe('fromHttpApiResult', () => {
  it('maps a structured result, lower-casing headers and decoding base64', () => {
    const out = fromHttpApiResult({ statusCode: 201, headers: { 'Content-Type': 'text/plain' }, body: 'aGk=', isBase64Encoded: true, cookies: ['s=1'] });
    expect(out.statusCode).toBe(201);
    expect(out.headers).toEqual({ 'content-type': 'text/plain', 'set-cookie': ['s=1'] });
    expect(out.body.toString()).toBe('hi');
  });

  it('infers a 200 JSON answer from a bare object, as payload 2.0 does', () => {
    const out = fromHttpApiResult({ ok: true });
    expect(out.statusCode).toBe(200);
    expect(JSON.parse(out.body.toString())).toEqual({ ok: true });
  });
});
