import { readdirSync, rmdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { dirname, sep } from 'node:path';

/** The parts of s3rver's file store (`FilesystemStore`) the guard reads and wraps. */
export interface S3rverFileStore {
  getBucketPath(bucket: string): string;
  getResourcePath(bucket: string, key: string, resource: string): string;
  putObject(object: { bucket: string; key: string }): Promise<unknown>;
  copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, replacementMetadata?: unknown): Promise<unknown>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

/** The files s3rver keeps for one object (its content, its MD5 and its metadata). */
const OBJECT_FILES = ['object', 'object.md5', 'metadata.json'];

const isFileError = (error: unknown, ...codes: string[]) =>
  error instanceof Error && codes.includes((error as NodeJS.ErrnoException).code ?? '');

/**
 * Makes s3rver's file store safe for a write and a delete under one prefix at the same time.
 *
 * After a delete, s3rver removes the key's folders that are left empty. A write under the same
 * prefix that has just made those folders then opens its file in a folder that is gone, and
 * the write stream's error, which s3rver does not listen for, ends the whole stand-ins process
 * (seen: a completed import's upload deleted while the same user's next upload was written).
 * Here a write holds its folder from start to end, and a delete removes only folders that no
 * write holds, checking and removing in one synchronous step so no write starts in between.
 */
export function guardConcurrentWrites(store: S3rverFileStore): void {
  const heldFolders = new Map<string, number>();
  const objectFolder = (bucket: string, key: string) => dirname(store.getResourcePath(bucket, key, 'object'));
  const hold = async <T>(folder: string, write: () => Promise<T>): Promise<T> => {
    heldFolders.set(folder, (heldFolders.get(folder) ?? 0) + 1);
    try {
      return await write();
    } finally {
      const left = heldFolders.get(folder)! - 1;
      if (left) heldFolders.set(folder, left);
      else heldFolders.delete(folder);
    }
  };
  const isHeld = (folder: string) => {
    for (const held of heldFolders.keys()) if (held === folder || held.startsWith(folder + sep)) return true;
    return false;
  };

  const putObject = store.putObject.bind(store);
  const copyObject = store.copyObject.bind(store);
  store.putObject = (object) => hold(objectFolder(object.bucket, object.key), () => putObject(object));
  store.copyObject = (srcBucket, srcKey, destBucket, destKey, replacementMetadata) =>
    hold(objectFolder(destBucket, destKey), () => copyObject(srcBucket, srcKey, destBucket, destKey, replacementMetadata));
  store.deleteObject = async (bucket, key) => {
    await Promise.all(
      OBJECT_FILES.map((resource) =>
        unlink(store.getResourcePath(bucket, key, resource)).catch((error: unknown) => {
          if (!isFileError(error, 'ENOENT')) throw error;
        }),
      ),
    );
    // Synchronous from here on: no write can take a folder between the check and the removal.
    const bucketPath = store.getBucketPath(bucket);
    for (let folder = objectFolder(bucket, key); folder.startsWith(bucketPath + sep); folder = dirname(folder)) {
      if (isHeld(folder)) return;
      try {
        if (readdirSync(folder).length) return;
        rmdirSync(folder);
      } catch (error) {
        if (isFileError(error, 'ENOENT', 'ENOTEMPTY')) return;
        throw error;
      }
    }
  };
}
