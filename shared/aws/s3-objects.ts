import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3 } from './s3.ts';

/** A presigned PUT for a browser or client to upload one object directly. */
export async function presignUpload(bucket: string, key: string, contentType: string, expiresInSeconds: number): Promise<string> {
  return getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType }), {
    expiresIn: expiresInSeconds,
  });
}

/** A presigned GET, with the download file name. */
export async function presignDownload(bucket: string, key: string, fileName: string, expiresInSeconds: number): Promise<string> {
  return getSignedUrl(
    s3,
    new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: `attachment; filename="${fileName}"` }),
    { expiresIn: expiresInSeconds },
  );
}

/** Size of an object, or undefined when there is none. */
export async function objectSize(bucket: string, key: string): Promise<number | undefined> {
  try {
    const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return out.ContentLength ?? 0;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  }
}

export async function putObject(bucket: string, key: string, body: Buffer | string, contentType: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

/** The object's bytes as a stream of chunks (never the whole object at once). */
export async function* readObject(bucket: string, key: string): AsyncGenerator<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  for await (const chunk of out.Body as AsyncIterable<Uint8Array>) yield Buffer.from(chunk);
}

/** S3's smallest multipart part (but the last). */
const PART_BYTES = 5 * 1024 * 1024;

/**
 * Writes a stream of text chunks to one object without holding it whole: chunks are gathered
 * into 5 MiB parts of a multipart upload (a small object is one PutObject). Returns the bytes
 * written. The upload is aborted if the source fails.
 */
export async function writeObjectStream(
  bucket: string,
  key: string,
  contentType: string,
  chunks: AsyncIterable<string>,
): Promise<number> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  let uploadId: string | undefined;
  const parts: Array<{ ETag: string; PartNumber: number }> = [];
  const flushPart = async () => {
    uploadId ??= (await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }))).UploadId!;
    const PartNumber = parts.length + 1;
    const out = await s3.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body: Buffer.concat(pending) }),
    );
    parts.push({ ETag: out.ETag!, PartNumber });
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const chunk of chunks) {
      const bytes = Buffer.from(chunk, 'utf8');
      pending.push(bytes);
      pendingBytes += bytes.length;
      total += bytes.length;
      if (pendingBytes >= PART_BYTES) await flushPart();
    }
    if (!uploadId) {
      await putObject(bucket, key, Buffer.concat(pending), contentType);
      return total;
    }
    if (pendingBytes > 0) await flushPart();
    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
    );
    return total;
  } catch (error) {
    if (uploadId) await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
    throw error;
  }
}
