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
import { PRESIGNED_URL_SECONDS, UPLOAD_FORM_SECONDS, type FileStore } from './file-store.ts';

const expiresAt = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

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
    size: (key) => objectSize(bucket, key),
    put: (key, body, contentType) => putObject(bucket, key, body, contentType),
    remove: (key) => deleteObject(bucket, key),
    read: (key) => readObject(bucket, key),
    readRange: (key, start, end) => readObjectRange(bucket, key, start, end),
    write: (key, contentType, chunks) => writeObjectStream(bucket, key, contentType, chunks),
  };
}
