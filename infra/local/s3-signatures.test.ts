import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPostPolicy, verifySignature, type Verdict } from './s3-signatures.ts';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'installation-secret-1234' };

/** A server that only records what the check says of each request it gets. */
const seen: Array<{ method: string; target: string; headers: IncomingHttpHeaders; verdict: Verdict }> = [];
const server = createServer((req, res) => {
  const request = { method: req.method!, target: req.url!, headers: req.headers };
  seen.push({ ...request, verdict: verifySignature(request, credentials) });
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/xml', etag: '"x"' });
    res.end('<?xml version="1.0"?><InitiateMultipartUploadResult><UploadId>u</UploadId></InitiateMultipartUploadResult>');
  });
});
let endpoint = '';

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const client = (secretAccessKey = credentials.secretAccessKey) =>
  new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey } });

async function lastVerdict(send: () => Promise<unknown>): Promise<Verdict> {
  const before = seen.length;
  await send().catch(() => undefined);
  expect(seen.length).toBeGreaterThan(before);
  return seen.at(-1)!.verdict;
}

describe('SigV4 check of the local S3', () => {
  it('accepts the SDK’s signed requests: put with a body, a key with odd characters, ?uploads, a listing with a query', async () => {
    const s3 = client();
    expect(await lastVerdict(() => s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'users/u 1/ä+x(1).csv', Body: 'a,b\n1,2\n' })))).toEqual({ ok: true });
    expect(await lastVerdict(() => s3.send(new CreateMultipartUploadCommand({ Bucket: 'b', Key: 'k.csv' })))).toEqual({ ok: true });
    expect(await lastVerdict(() => s3.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: 'users/u 1/', MaxKeys: 5 })))).toEqual({ ok: true });
  });

  it('accepts presigned GET and PUT URLs until they expire', async () => {
    const get = await getSignedUrl(
      client(),
      new GetObjectCommand({ Bucket: 'b', Key: 'users/u/export 1.csv', ResponseContentDisposition: 'attachment; filename="x.csv"' }),
      { expiresIn: 60 },
    );
    expect(await lastVerdict(() => fetch(get))).toEqual({ ok: true });
    const put = await getSignedUrl(client(), new PutObjectCommand({ Bucket: 'b', Key: 'in.csv', ContentType: 'text/csv' }), { expiresIn: 60 });
    expect(await lastVerdict(() => fetch(put, { method: 'PUT', body: 'x', headers: { 'content-type': 'text/csv' } }))).toEqual({ ok: true });

    const url = new URL(get);
    const target = url.pathname + url.search;
    const later = Date.now() + 61_000;
    expect(verifySignature({ method: 'GET', target, headers: { host: url.host } }, credentials, later)).toMatchObject({ ok: false, code: 'AccessDenied' });
  });

  it('refuses unsigned, re-targeted, tampered, foreign-key and V2 requests', async () => {
    const get = new URL(await getSignedUrl(client(), new GetObjectCommand({ Bucket: 'b', Key: 'secret.csv' }), { expiresIn: 60 }));
    const host = { host: get.host };
    const check = (target: string, headers: IncomingHttpHeaders = host, method = 'GET') => verifySignature({ method, target, headers }, credentials);

    expect(check('/b/secret.csv')).toMatchObject({ ok: false, code: 'AccessDenied' });
    expect(check(`/b/other.csv${get.search}`)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(check(`${get.pathname}${get.search}`, host, 'DELETE')).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(check(`${get.pathname}${get.search}&response-content-type=text%2Fhtml`)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(check(`${get.pathname}${get.search}`, { host: 'elsewhere:1' })).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });

    const foreign = await getSignedUrl(client('S3RVER'), new GetObjectCommand({ Bucket: 'b', Key: 'secret.csv' }), { expiresIn: 60 });
    const f = new URL(foreign);
    expect(check(f.pathname + f.search)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });

    expect(check('/b/secret.csv?AWSAccessKeyId=S3RVER&Expires=9999999999&Signature=abc')).toMatchObject({ ok: false, code: 'AccessDenied' });
    expect(check('/b/secret.csv', { ...host, authorization: 'AWS S3RVER:abc', date: new Date().toUTCString() })).toMatchObject({
      ok: false,
      code: 'AccessDenied',
    });
    // The SDK's header-signed request, replayed 20 minutes later: too far from the server's time.
    const s3 = client();
    await lastVerdict(() => s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'secret.csv' })));
    const signed = seen.at(-1)!;
    expect(verifySignature(signed, credentials)).toEqual({ ok: true });
    expect(verifySignature(signed, credentials, Date.now() + 20 * 60_000)).toMatchObject({ ok: false, code: 'AccessDenied' });
  });
});

describe('POST policy check of the local S3', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  const amzDate = '20260301T100000Z';
  const scope = ['20260301', 'us-east-1', 's3', 'aws4_request'];
  const sign = (policy: object, secret = credentials.secretAccessKey) => {
    const b64 = Buffer.from(JSON.stringify(policy)).toString('base64');
    let key: Buffer = Buffer.from(`AWS4${secret}`);
    for (const part of scope) key = createHmac('sha256', key).update(part).digest();
    return {
      policy: b64,
      'x-amz-signature': createHmac('sha256', key).update(b64).digest('hex'),
      'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      'x-amz-credential': ['S3RVER', ...scope].join('/'),
      'x-amz-date': amzDate,
    };
  };
  const conditions = (extra: unknown[] = []) => [
    { bucket: 'imports' },
    ['starts-with', '$key', 'users/u-1/'],
    ['content-length-range', 10, 100],
    { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
    { 'x-amz-credential': ['S3RVER', ...scope].join('/') },
    { 'x-amz-date': amzDate },
    ...extra,
  ];
  const policy = (over: object = {}) => ({ expiration: '2026-03-01T10:05:00Z', conditions: conditions(), ...over });

  it('accepts a form within its policy', () => {
    expect(verifyPostPolicy('imports', { key: 'users/u-1/a.csv', ...sign(policy()) }, 50, credentials, now)).toEqual({ ok: true });
  });

  it('refuses another bucket, a key outside the prefix, a size out of range, an expired or forged policy', () => {
    const fields = { key: 'users/u-1/a.csv', ...sign(policy()) };
    expect(verifyPostPolicy('exports', fields, 50, credentials, now)).toMatchObject({ ok: false, status: 403 });
    expect(verifyPostPolicy('imports', { ...fields, key: 'users/u-2/a.csv' }, 50, credentials, now)).toMatchObject({ ok: false, status: 403 });
    expect(verifyPostPolicy('imports', fields, 101, credentials, now)).toMatchObject({ ok: false, status: 400, code: 'EntityTooLarge' });
    expect(verifyPostPolicy('imports', fields, 9, credentials, now)).toMatchObject({ ok: false, status: 400, code: 'EntityTooSmall' });
    expect(verifyPostPolicy('imports', fields, 50, credentials, Date.parse('2026-03-01T10:06:00Z'))).toMatchObject({ ok: false, code: 'AccessDenied' });
    expect(verifyPostPolicy('imports', { key: 'users/u-1/a.csv', ...sign(policy(), 'S3RVER') }, 50, credentials, now)).toMatchObject({
      ok: false,
      code: 'SignatureDoesNotMatch',
    });
    // A policy changed after signing (a wider size range) no longer matches its signature.
    const widened = Buffer.from(JSON.stringify(policy({ conditions: conditions().map((c) => (Array.isArray(c) && c[0] === 'content-length-range' ? [c[0], 0, 1e9] : c)) }))).toString('base64');
    expect(verifyPostPolicy('imports', { ...fields, policy: widened }, 500, credentials, now)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    // A field no condition covers.
    expect(verifyPostPolicy('imports', { ...fields, 'content-type': 'text/html' }, 50, credentials, now)).toMatchObject({ ok: false, code: 'AccessDenied' });
  });
});
