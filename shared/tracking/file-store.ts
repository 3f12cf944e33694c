/** Where import and export files live (an S3 bucket in both runtimes; memory in unit tests). */
export interface FileStore {
  /** A URL the client PUTs the file to, directly. */
  presignUpload(key: string, contentType: string): Promise<{ url: string; expiresAt: string }>;
  /** A URL the client downloads the file from. */
  presignDownload(key: string, fileName: string): Promise<{ url: string; expiresAt: string }>;
  /** Size in bytes, or undefined when there is no such file. */
  size(key: string): Promise<number | undefined>;
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The file's bytes, a chunk at a time. */
  read(key: string): AsyncIterable<Buffer>;
  /** Writes text chunks as one file without holding it whole; returns the bytes written. */
  write(key: string, contentType: string, chunks: AsyncIterable<string>): Promise<number>;
}

/** How long presigned URLs stay valid. */
export const PRESIGNED_URL_SECONDS = 15 * 60;
