import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3Object from 's3rver/lib/models/object.js';
import FilesystemStore from 's3rver/lib/stores/filesystem.js';
import { afterAll, describe, expect, it } from 'vitest';
import { guardConcurrentWrites } from './s3-store-guard.ts';

const BUCKET = 'uploads';
const root = mkdtempSync(join(tmpdir(), 'mosaic-s3-store-guard-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function guardedStore(name: string) {
  const store = new FilesystemStore(join(root, name));
  await store.putBucket(BUCKET);
  guardConcurrentWrites(store);
  return store;
}

const put = (store: FilesystemStore, key: string) => store.putObject(new S3Object(BUCKET, key, Buffer.from(key), {}));

describe('s3rver file store with concurrent writes and deletes under one prefix', () => {
  it('keeps every write when the prefix’s last other object is deleted at the same time', async () => {
    const store = await guardedStore('race');
    // Each round deletes the folder's only object while the next one is written beside it: bare
    // s3rver removes the emptied folder under the write, whose stream error ends the process.
    await put(store, 'imports/user-1/round-0');
    for (let round = 1; round <= 300; round++) {
      await Promise.all([store.deleteObject(BUCKET, `imports/user-1/round-${round - 1}`), put(store, `imports/user-1/round-${round}`)]);
    }
    expect(readdirSync(join(root, 'race', BUCKET, 'imports', 'user-1'))).toEqual([
      'round-300._S3rver_metadata.json',
      'round-300._S3rver_object',
      'round-300._S3rver_object.md5',
    ]);
  });

  it('still removes the folders a delete leaves empty, up to the bucket', async () => {
    const store = await guardedStore('cleanup');
    await put(store, 'imports/user-2/a/only');
    await put(store, 'imports/user-3/kept');
    await store.deleteObject(BUCKET, 'imports/user-2/a/only');
    expect(existsSync(join(root, 'cleanup', BUCKET, 'imports', 'user-2'))).toBe(false);
    expect(readdirSync(join(root, 'cleanup', BUCKET, 'imports'))).toEqual(['user-3']);
    await store.deleteObject(BUCKET, 'imports/user-3/kept');
    expect(readdirSync(join(root, 'cleanup', BUCKET))).toEqual([]);
  });

  it('deletes a key that is not there without error', async () => {
    const store = await guardedStore('missing');
    await expect(store.deleteObject(BUCKET, 'imports/nobody/nothing')).resolves.toBeUndefined();
  });
});
