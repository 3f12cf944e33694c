import {
  deleteObject,
  objectSize,
  presignDownload,
  presignUploadForm,
  putObject,
  readObject,
  readObjectRange,
  writeObjectStream,
} from '../aws/s3-objects.ts';
import { PRESIGNED_URL_SECONDS, UPLOAD_FORM_SECONDS, type FileObjects, type FileStore } from './file-store.ts';

const expiresAt = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

/**
 * The files of one S3 bucket without presigning: the presigners (and their SDK packages) stay
 * out of the bundles of jobs that only read and write (the import consumer).
 */
export function s3FileObjects(bucket: string): FileObjects {
  return {
    size: (key) => objectSize(bucket, key),
    put: (key, body, contentType) => putObject(bucket, key, body, contentType),
    remove: (key) => deleteObject(bucket, key),
    read: (key) => readObject(bucket, key),
    readRange: (key, start, end) => readObjectRange(bucket, key, start, end),
    write: (key, contentType, chunks) => writeObjectStream(bucket, key, contentType, chunks),
  };
}

/** A FileStore on one S3 bucket. */
export function s3FileStore(bucket: string): FileStore {
  return {
    async presignUpload(key, contentType, maxBytes) {
      const form = await presignUploadForm(bucket, key, contentType, maxBytes, UPLOAD_FORM_SECONDS);
      return { ...form, expiresAt: expiresAt(UPLOAD_FORM_SECONDS) };
    },
    async presignDownload(key, fileName) {
      return { url: await presignDownload(bucket, key, fileName, PRESIGNED_URL_SECONDS), expiresAt: expiresAt(PRESIGNED_URL_SECONDS) };
    },
    ...s3FileObjects(bucket),
  };
}
