import { describe, expect, it } from 'vitest';
import { fromHttpApiResult, newRequestId, splitTarget, toHttpApiEvent } from './api-event.ts';

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

describe('toHttpApiEvent from raw headers', () => {
  it('reads Node’s raw header list as API Gateway would: lower-cased, repeats comma-joined, cookies apart', () => {
    const event = toHttpApiEvent(
      request({
        headers: ['Host', 'localhost:3000', 'X-Multi', 'one', 'x-multi', 'two', 'Cookie', 'a=1', 'Cookie', 'b=2; c=3', 'Authorization', 'Bearer t'],
      }),
      '$default',
      undefined,
    );
    expect(event.headers).toEqual({ host: 'localhost:3000', 'x-multi': 'one,two', authorization: 'Bearer t' });
    expect(event.cookies).toEqual(['a=1', 'b=2', 'c=3']);
  });
});

describe('splitTarget', () => {
  it('takes plain paths as they are and splits off the query', () => {
    expect(splitTarget('/v1/activities?limit=5&x=%20y')).toEqual({ path: '/v1/activities', query: 'limit=5&x=%20y' });
    expect(splitTarget('/v1/entries/2026-01-02/abc')).toEqual({ path: '/v1/entries/2026-01-02/abc', query: '' });
    expect(splitTarget('/v1/exports/x.json?')).toEqual({ path: '/v1/exports/x.json', query: '' });
    expect(splitTarget('/')).toEqual({ path: '/', query: '' });
  });

  it('normalises anything else as the URL parser does', () => {
    expect(splitTarget('/v1/a/../activities?limit=1')).toEqual({ path: '/v1/activities', query: 'limit=1' });
    expect(splitTarget('/v1/./activities')).toEqual({ path: '/v1/activities', query: '' });
    expect(splitTarget('/v1/a b')).toEqual({ path: '/v1/a%20b', query: '' });
    expect(splitTarget('/v1/x#frag')).toEqual({ path: '/v1/x', query: '' });
  });
});

describe('newRequestId', () => {
  it('is 16 base64 characters and does not repeat', () => {
    const ids = Array.from({ length: 2000 }, () => newRequestId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9+/]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
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
