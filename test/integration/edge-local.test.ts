/**
 * Issue 7, findings 7 and 9 on the local runtime: tokens signed with cognito-local's published
 * key or without expiry, unsigned reads of the local S3, `/_local/*` without the per-start secret,
 * CORS for foreign origins, and the web app's security headers.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHmac, createPublicKey } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { localS3Credentials } from '../../infra/local/secrets.ts';
import { FILE_HEADERS, SECURITY_HEADERS } from '../../infra/security-headers.ts';
import { as, call, newUser } from '../support/http-client.ts';
import { startMosaic, tempDataDir } from '../support/local-process.ts';
import { claimsOf, localPoolKey, publishedKey, signJwt } from '../support/tokens.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;
const origin = new URL(base).origin;

/** An export of a fresh user: its presigned URL on the app's origin, and the object's key. */
async function exportFile() {
  const user = await newUser(base);
  const client = as(base, user);
  await client.post('/v1/activities', { name: 'Run', unit: 'km', goal: 5 });
  const exported = await client.post('/v1/exports', { format: 'csv' });
  expect(exported.status).toBe(201);
  const url = new URL(exported.body.url, base);
  // /_files/exports/<key>?… → the bucket's object key.
  const key = decodeURIComponent(url.pathname.replace(/^\/_files\/exports\//, ''));
  return { user, url, key };
}

describe('tokens of the local pool', () => {
  it('refuses a token signed with the key cognito-local ships, an admin one included', async () => {
    const user = await newUser(base);
    const now = Math.floor(Date.now() / 1000);
    const claims = { ...claimsOf(user.token), iat: now, exp: now + 3600 };
    for (const token of [
      signJwt(claims, publishedKey()),
      signJwt({ ...claims, 'cognito:groups': ['admin'] }, publishedKey()),
    ]) {
      const res = await call(base, 'GET', '/v1/me', { token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    // The control: the token the pool itself issued is accepted.
    expect((await call(base, 'GET', '/v1/me', { token: user.token })).status).toBe(200);
  });

  it('refuses a token without expiry, even signed with the installation key', async () => {
    const user = await newUser(base);
    const { exp: _exp, ...claims } = claimsOf(user.token);
    const res = await call(base, 'GET', '/v1/me', { token: signJwt(claims, localPoolKey(mosaic.dataDir)) });
    expect(res.status).toBe(401);
    // The same claims with an expiry, same key: accepted (the key is the pool's).
    const now = Math.floor(Date.now() / 1000);
    const withExpiry = signJwt({ ...claims, exp: now + 600 }, localPoolKey(mosaic.dataDir));
    expect((await call(base, 'GET', '/v1/me', { token: withExpiry })).status).toBe(200);
  });

  it('publishes the installation key in the pool JWKS, not the shipped one', async () => {
    const res = await fetch(`${mosaic.endpoints.cognito}/${mosaic.resources.userPoolId}/.well-known/jwks.json`);
    const { keys } = (await res.json()) as { keys: Array<{ n: string; kid: string }> };
    const published = createPublicKey(publishedKey()).export({ format: 'jwk' });
    const installation = createPublicKey(localPoolKey(mosaic.dataDir)).export({ format: 'jwk' });
    expect(keys.map((k) => k.n)).toEqual([installation.n]);
    expect(keys.map((k) => k.n)).not.toContain(published.n);
  });
});

describe('the local S3 serves objects only to signed requests', () => {
  it('answers an export through its presigned URL, and 403 to the same object unsigned or tampered', async () => {
    const { url, key } = await exportFile();
    const signed = await fetch(url);
    expect(signed.status).toBe(200);
    expect(await signed.text()).toContain('date,activity');
    for (const [name, value] of Object.entries(FILE_HEADERS)) expect(signed.headers.get(name)).toBe(value);

    const bucket = mosaic.resources.buckets.exports;
    const unsigned = [
      // Straight to the stand-in, and through the gateway's /_files/, without a signature.
      `${mosaic.endpoints.s3}/${bucket}/${key}`,
      `${origin}/_files/exports/${key}`,
    ];
    for (const target of unsigned) {
      const res = await fetch(target);
      expect(res.status, target).toBe(403);
      expect(await res.text()).toContain('AccessDenied');
    }
    // The listing is refused too.
    expect((await fetch(`${mosaic.endpoints.s3}/${bucket}`)).status).toBe(403);

    const tampered = new URL(url);
    tampered.searchParams.set('response-content-disposition', 'inline');
    expect((await fetch(tampered)).status).toBe(403);
    const otherKey = new URL(url);
    otherKey.pathname = otherKey.pathname.replace(/[^/]+$/, 'another-file.csv');
    expect((await fetch(otherKey)).status).toBe(403);
  });

  it('refuses a URL presigned with s3rver’s published credentials', async () => {
    const { key } = await exportFile();
    const published = new S3Client({
      endpoint: mosaic.endpoints.s3,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const url = await getSignedUrl(published, new GetObjectCommand({ Bucket: mosaic.resources.buckets.exports, Key: key }), { expiresIn: 60 });
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('SignatureDoesNotMatch');
  });
});

/** A browser POST upload form for the local imports bucket, its policy signed as S3 wants it. */
function postForm(options: { key: string; maxBytes: number; file: string; secret?: string; expiresInMs?: number; extra?: Record<string, string> }) {
  const { accessKeyId, secretAccessKey } = localS3Credentials(mosaic.dataDir);
  const now = new Date();
  const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
  const scope = [amzDate.slice(0, 8), 'us-east-1', 's3', 'aws4_request'];
  const fields: Record<string, string> = {
    key: options.key,
    'x-amz-algorithm': 'AWS4-HMAC-SHA256',
    'x-amz-credential': [accessKeyId, ...scope].join('/'),
    'x-amz-date': amzDate,
  };
  const policy = Buffer.from(
    JSON.stringify({
      expiration: new Date(now.getTime() + (options.expiresInMs ?? 60_000)).toISOString(),
      conditions: [
        { bucket: mosaic.resources.buckets.imports },
        ['eq', '$key', options.key],
        ['content-length-range', 1, options.maxBytes],
        ...Object.entries(fields).filter(([k]) => k !== 'key').map(([k, v]) => ({ [k]: v })),
      ],
    }),
  ).toString('base64');
  let signingKey: Buffer = Buffer.from(`AWS4${options.secret ?? secretAccessKey}`);
  for (const part of scope) signingKey = createHmac('sha256', signingKey).update(part).digest();
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...fields, ...options.extra, policy, 'x-amz-signature': createHmac('sha256', signingKey).update(policy).digest('hex') })) form.append(k, v);
  form.append('file', new Blob([options.file], { type: 'text/csv' }), 'upload.csv');
  return form;
}

describe('browser POST uploads to the local S3 hold to their policy', () => {
  const objectAt = (key: string) => fetch(`${mosaic.endpoints.s3}/${mosaic.resources.buckets.imports}/${key}`);

  it('stores a file within the signed policy, and refuses a larger one, a forged policy, an expired one, an extra field', async () => {
    const key = `probe/${Date.now()}-ok.csv`;
    const ok = await fetch(`${base}/_files/imports`, { method: 'POST', body: postForm({ key, maxBytes: 100, file: 'date,activity\n' }) });
    expect(ok.status).toBe(204);

    const refused: Array<[number, string, FormData]> = [
      [400, 'EntityTooLarge', postForm({ key: 'probe/big.csv', maxBytes: 100, file: 'x'.repeat(20_000) })],
      [403, 'SignatureDoesNotMatch', postForm({ key: 'probe/forged.csv', maxBytes: 100, file: 'a', secret: 'S3RVER' })],
      [403, 'AccessDenied', postForm({ key: 'probe/late.csv', maxBytes: 100, file: 'a', expiresInMs: -1000 })],
      [403, 'AccessDenied', postForm({ key: 'probe/extra.csv', maxBytes: 100, file: 'a', extra: { 'x-amz-meta-owner': 'someone' } })],
    ];
    for (const [status, code, body] of refused) {
      const res = await fetch(`${base}/_files/imports`, { method: 'POST', body });
      expect(res.status, code).toBe(status);
      expect(await res.text()).toContain(code);
    }
    // A form without any policy is an anonymous write: refused.
    const bare = new FormData();
    bare.append('key', 'probe/bare.csv');
    bare.append('file', new Blob(['a']), 'a.csv');
    expect((await fetch(`${base}/_files/imports`, { method: 'POST', body: bare })).status).toBe(403);

    // Only the good one is in the bucket (read back with a signed request).
    const s3 = new S3Client({ endpoint: mosaic.endpoints.s3, region: 'us-east-1', forcePathStyle: true, credentials: localS3Credentials(mosaic.dataDir) });
    const get = (k: string) => getSignedUrl(s3, new GetObjectCommand({ Bucket: mosaic.resources.buckets.imports, Key: k }), { expiresIn: 60 });
    expect(await (await fetch(await get(key))).text()).toBe('date,activity\n');
    for (const k of ['probe/big.csv', 'probe/forged.csv', 'probe/late.csv', 'probe/extra.csv', 'probe/bare.csv']) expect((await fetch(await get(k))).status, k).toBe(404);
    // And unsigned reads stay refused.
    expect((await objectAt(key)).status).toBe(403);
  });
});

describe('/_local/* needs this machine and the per-start secret', () => {
  it('answers 404 without the secret, with a wrong one, through a proxy, or to GET', async () => {
    const attempts: Array<[string, Record<string, string>]> = [
      ['POST', { 'x-mosaic-local-secret': '' }],
      ['POST', { 'x-mosaic-local-secret': 'not-the-secret' }],
      ['POST', { 'x-mosaic-local-secret': mosaic.localSecret, 'x-forwarded-for': '203.0.113.9' }],
      ['GET', { 'x-mosaic-local-secret': mosaic.localSecret }],
    ];
    for (const [method, headers] of attempts) {
      const res = await call(base, method, '/_local/schedules/risk-scan', { headers });
      expect(res.status, JSON.stringify({ method, headers })).toBe(404);
    }
    // Without any header at all (a plain request, as the probe made it).
    const plain = await fetch(`${base}/_local/schedules/risk-scan`, { method: 'POST' });
    expect(plain.status).toBe(404);
    expect((await fetch(`${base}/_local/queues`)).status).toBe(404);
    // The control: with the secret (call sends it by itself), the schedule runs.
    expect((await call(base, 'POST', '/_local/schedules/risk-scan')).status).toBe(200);
  });
});

describe('CORS allows only the runtime’s own origin (and the listed ones)', () => {
  it('sends no access-control-allow-origin to a foreign origin, on preflights and answers', async () => {
    const foreign = 'https://evil.example';
    const preflight = await call(base, 'OPTIONS', '/v1/me', {
      headers: { origin: foreign, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const user = await newUser(base);
    const answer = await call(base, 'GET', '/v1/me', { token: user.token, headers: { origin: foreign } });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    const failing = await call(base, 'GET', '/v1/me', { headers: { origin: foreign } });
    expect(failing.status).toBe(401);
    expect(failing.headers['access-control-allow-origin']).toBeUndefined();

    // The runtime's own origin is allowed (the control).
    const own = await call(base, 'GET', '/v1/me', { token: user.token, headers: { origin } });
    expect(own.headers['access-control-allow-origin']).toBe(origin);
  });

  it('gives the buckets no CORS for a foreign origin', async () => {
    const { url } = await exportFile();
    const res = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('security headers of the web app', () => {
  it('sends the whole header set, a strict CSP included, with the app and its files', async () => {
    for (const path of ['/', '/today', '/favicon.svg']) {
      const res = await call(base, 'GET', path);
      expect(res.status, path).toBe(200);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers[name], `${path} ${name}`).toBe(value);
    }
    const csp = SECURITY_HEADERS['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
  });
});

describe('a runtime started with MOSAIC_HOST and CORS_ORIGINS', () => {
  it('listens on the address it is given only, and allows exactly the listed extra origin', async () => {
    const dataDir = tempDataDir('bind');
    const running = await startMosaic(dataDir, { MOSAIC_HOST: '127.0.0.2', CORS_ORIGINS: 'https://app.example', MOSAIC_QUIET: '1' });
    try {
      expect(running.info.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
      const port = new URL(running.info.url).port;
      const listed = await fetch(`${running.info.url}/v1/health`, { headers: { origin: 'https://app.example' } });
      expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example');
      const other = await fetch(`${running.info.url}/v1/health`, { headers: { origin: 'https://other.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      // Not on the default address.
      await expect(fetch(`http://127.0.0.1:${port}/v1/health`)).rejects.toThrow();
      // The runtime state holds the /_local secret: the owner's only.
      expect(statSync(join(dataDir, 'runtime.json')).mode & 0o777).toBe(0o600);
    } finally {
      await running.stop();
    }
  });

  it('refuses to start with a wildcard in CORS_ORIGINS', async () => {
    await expect(startMosaic(tempDataDir('cors'), { CORS_ORIGINS: '*' })).rejects.toThrow(/not an origin/);
  });
});
