/** Where import and export files live (an S3 bucket in both runtimes; memory in unit tests). */
export interface FileStore {
  /**
   * A form the client POSTs the file to, directly. Its signed policy accepts only this key and
   * content type, a file of 1 to `maxBytes` bytes, until it expires ({@link UPLOAD_FORM_SECONDS}).
   */
  presignUpload(key: string, contentType: string, maxBytes: number): Promise<{ url: string; fields: Record<string, string>; expiresAt: string }>;
  /** A URL the client downloads the file from. */
  presignDownload(key: string, fileName: string): Promise<{ url: string; expiresAt: string }>;
  /** Size in bytes, or undefined when there is no such file. */
  size(key: string): Promise<number | undefined>;
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Deletes the file (nothing when there is none). */
  remove(key: string): Promise<void>;
  /** The file's bytes, a chunk at a time. */
  read(key: string): AsyncIterable<Buffer>;
  /** Bytes `start` (inclusive) to `end` (exclusive) of the file, a chunk at a time (random access to a ZIP). */
  readRange(key: string, start: number, end: number): AsyncIterable<Buffer>;
  /** Writes text chunks as one file without holding it whole; returns the bytes written. */
  write(key: string, contentType: string, chunks: AsyncIterable<string>): Promise<number>;
}

/** How long presigned download URLs stay valid. */
export const PRESIGNED_URL_SECONDS = 15 * 60;

export { UPLOAD_FORM_SECONDS } from '../imports/job.ts';
