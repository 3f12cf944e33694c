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
import { verifySignature, type Verdict } from './s3-signatures.ts';

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
