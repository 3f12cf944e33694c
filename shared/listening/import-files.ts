import { deleteObject, objectSize, presignUploadForm, readObjectRange } from '../aws/s3-objects.ts';
import { config } from '../config.ts';
import { UPLOAD_FORM_SECONDS } from '../imports/job.ts';
import type { ExportFiles } from './import.ts';

/** Spotify exports in the imports bucket: uploaded through a POST form, read by ranges (never whole). */
export const exportFiles: ExportFiles = {
  async presignUpload(key, contentType, maxBytes) {
    const form = await presignUploadForm(config.buckets.imports, key, contentType, maxBytes, UPLOAD_FORM_SECONDS);
    return { ...form, expiresAt: new Date(Date.now() + UPLOAD_FORM_SECONDS * 1000).toISOString() };
  },
  size: (key) => objectSize(config.buckets.imports, key),
  remove: (key) => deleteObject(config.buckets.imports, key),
  readRange: (key, start, end) => readObjectRange(config.buckets.imports, key, start, end),
};
