import {
  objectSize,
  presignDownload,
  presignUpload,
  putObject,
  readObject,
  writeObjectStream,
} from '../aws/s3-objects.ts';
import { PRESIGNED_URL_SECONDS, type FileStore } from './file-store.ts';

const expiresAt = () => new Date(Date.now() + PRESIGNED_URL_SECONDS * 1000).toISOString();

/** A FileStore on one S3 bucket. */
export function s3FileStore(bucket: string): FileStore {
  return {
    async presignUpload(key, contentType) {
      return { url: await presignUpload(bucket, key, contentType, PRESIGNED_URL_SECONDS), expiresAt: expiresAt() };
    },
    async presignDownload(key, fileName) {
      return { url: await presignDownload(bucket, key, fileName, PRESIGNED_URL_SECONDS), expiresAt: expiresAt() };
    },
    size: (key) => objectSize(bucket, key),
    put: (key, body, contentType) => putObject(bucket, key, body, contentType),
    read: (key) => readObject(bucket, key),
    write: (key, contentType, chunks) => writeObjectStream(bucket, key, contentType, chunks),
  };
}
