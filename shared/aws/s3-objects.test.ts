import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { functionTestEnv } from '../../test/support/function-env.ts';

/** s3-objects as a function loads it, with the stage's bucket names in its environment. */
async function load() {
  for (const [k, v] of Object.entries(
    functionTestEnv('test', {
      IMPORTS_BUCKET: 'mosaic-test-data-importsbucket-1a2b',
      EXPORTS_BUCKET: 'mosaic-test-data-exportsbucket-3c4d',
    }),
  )) vi.stubEnv(k, v);
  vi.resetModules();
  return import('./s3-objects.ts');
}

describe('presigned URLs on the app’s origin', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('keeps the signed path and query byte for byte under /_files/<bucket>', async () => {
    const { onAppOrigin } = await load();
    const query = '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc&response-content-disposition=attachment%3B%20filename%3D%22a.csv%22';
    // S3: virtual-hosted.
    expect(onAppOrigin('mosaic-test-data-exportsbucket-3c4d', `https://mosaic-test-data-exportsbucket-3c4d.s3.eu-west-1.amazonaws.com/users/u%201/a.csv${query}`)).toBe(
      `/_files/exports/users/u%201/a.csv${query}`,
    );
    // The local S3: path-style.
    expect(onAppOrigin('mosaic-test-data-importsbucket-1a2b', `http://127.0.0.1:4567/mosaic-test-data-importsbucket-1a2b/users/u/x.csv${query}`)).toBe(
      `/_files/imports/users/u/x.csv${query}`,
    );
    // A POST upload goes to the bucket itself.
    expect(onAppOrigin('mosaic-test-data-importsbucket-1a2b', 'http://127.0.0.1:4567/mosaic-test-data-importsbucket-1a2b')).toBe('/_files/imports/');
    expect(onAppOrigin('mosaic-test-data-importsbucket-1a2b', 'https://mosaic-test-data-importsbucket-1a2b.s3.eu-west-1.amazonaws.com/')).toBe('/_files/imports/');
  });

  it('refuses a bucket that is not the stage’s', async () => {
    const { onAppOrigin } = await load();
    expect(() => onAppOrigin('someone-elses-bucket', 'https://someone-elses-bucket.s3.amazonaws.com/k?X-Amz-Signature=a')).toThrow(/not one of the stage's buckets/);
  });
});

/**
 * The upload form's policy, as S3 enforces it in the cloud (the local S3, s3rver, ignores POST
 * policies: there the import's start-time size check and delete stand in). `accepts` applies S3's
 * rules for a browser-based POST: every condition must hold for the form's fields, the file's
 * length must lie within `content-length-range`, and the policy must not have expired.
 */
type Condition = Record<string, string> | [string, string | number, string | number];

function accepts(policy: { expiration: string; conditions: Condition[] }, form: Record<string, string>, fileBytes: number, now: Date): boolean {
  if (now.getTime() >= Date.parse(policy.expiration)) return false;
  const value = (name: string) => Object.entries(form).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  return policy.conditions.every((condition) => {
    if (!Array.isArray(condition)) return Object.entries(condition).every(([k, v]) => value(k) === v);
    const [op, a, b] = condition;
    if (op === 'content-length-range') return fileBytes >= Number(a) && fileBytes <= Number(b);
    if (op === 'eq') return value(String(a).slice(1)) === b;
    if (op === 'starts-with') return (value(String(a).slice(1)) ?? '').startsWith(String(b));
    return false;
  });
}

describe('the upload form (presigned POST)', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('signs a policy that takes only this key and content type, at most the declared size, for five minutes', async () => {
    // A deployed function's role's temporary credentials.
    for (const [k, v] of Object.entries({
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      AWS_SESSION_TOKEN: 'session-token',
    })) vi.stubEnv(k, v);
    await load();
    const { s3FileStore } = await import('../tracking/s3-file-store.ts');
    const { UPLOAD_FORM_SECONDS } = await import('../tracking/file-store.ts');
    const before = Date.now();
    const form = await s3FileStore('mosaic-test-data-importsbucket-1a2b').presignUpload('imports/u1/job.csv', 'text/csv', 100);

    // Posted to the bucket itself, through the app's origin.
    expect(form.url).toBe('/_files/imports/');
    expect(form.fields).toMatchObject({ key: 'imports/u1/job.csv', 'Content-Type': 'text/csv', 'X-Amz-Security-Token': 'session-token' });
    const policy = JSON.parse(Buffer.from(form.fields.Policy!, 'base64').toString('utf8')) as { expiration: string; conditions: Condition[] };
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 100]);
    expect(policy.conditions).toContainEqual({ key: 'imports/u1/job.csv' });
    expect(policy.conditions).toContainEqual({ bucket: 'mosaic-test-data-importsbucket-1a2b' });
    expect(policy.conditions).toContainEqual({ 'Content-Type': 'text/csv' });
    const expires = Date.parse(policy.expiration);
    expect(expires).toBeGreaterThan(before + (UPLOAD_FORM_SECONDS - 5) * 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + UPLOAD_FORM_SECONDS * 1000);

    // The signature is SigV4's over the policy, with the role's key: S3 can check it.
    const [, date, region, service] = form.fields['X-Amz-Credential']!.split('/');
    const signingKey = [date!, region!, service!, 'aws4_request'].reduce<Buffer | string>(
      (key, part) => createHmac('sha256', key).update(part).digest(),
      `AWS4${process.env.AWS_SECRET_ACCESS_KEY}`,
    );
    expect(form.fields['X-Amz-Signature']).toBe(createHmac('sha256', signingKey).update(form.fields.Policy!).digest('hex'));

    // What S3 does with it: the declared size passes; 20 MB (finding 8), another key or content
    // type, or a late upload are refused.
    const now = new Date();
    expect(accepts(policy, form.fields, 100, now)).toBe(true);
    expect(accepts(policy, form.fields, 20 * 1024 * 1024, now)).toBe(false);
    expect(accepts(policy, form.fields, 101, now)).toBe(false);
    expect(accepts(policy, form.fields, 0, now)).toBe(false);
    expect(accepts(policy, { ...form.fields, key: 'imports/u1/other.csv' }, 100, now)).toBe(false);
    expect(accepts(policy, { ...form.fields, 'Content-Type': 'text/html' }, 100, now)).toBe(false);
    expect(accepts(policy, form.fields, 100, new Date(expires + 1000))).toBe(false);
  });
});
