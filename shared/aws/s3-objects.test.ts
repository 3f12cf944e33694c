import { afterEach, describe, expect, it, vi } from 'vitest';

/** s3-objects as a function loads it, with the stage's bucket names in its environment. */
async function load() {
  for (const [k, v] of Object.entries({
    TABLE_NAME: 'mosaic-test',
    IMPORTS_BUCKET: 'mosaic-test-data-importsbucket-1a2b',
    EXPORTS_BUCKET: 'mosaic-test-data-exportsbucket-3c4d',
    EVENT_BUS_NAME: 'mosaic-test',
    USER_POOL_ID: 'pool',
    USER_POOL_CLIENT_ID: 'client',
  })) vi.stubEnv(k, v);
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
