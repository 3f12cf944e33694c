import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '../config.ts';
import { BUCKET_NAMES, FILES_PATH } from '../contract/buckets.ts';
import { s3 } from './s3.ts';

/**
 * A presigned URL as clients use it: on the app's own origin, `/_files/<bucket>/<key>?<signature>`
 * (relative: resolve it against the origin the API was called on). CloudFront (cloud) and the
 * local gateway pass it to the bucket with the host it was signed for, so the signature holds
 * and browsers need no CORS. The URL's path is kept byte for byte (it is what was signed).
 */
export function onAppOrigin(bucket: string, presigned: string): string {
  const name = BUCKET_NAMES.find((b) => config.buckets[b] === bucket);
  if (!name) throw new Error(`${bucket} is not one of the stage's buckets`);
  const m = /^https?:\/\/([^/]+)(\/[^?]*)(.*)$/.exec(presigned);
  if (!m) throw new Error('not an absolute presigned URL');
  // Path-style (the local S3): /<bucket>/<key>, or /<bucket> for a POST upload; virtual-hosted
  // (S3): /<key> on <bucket>.s3.….
  const pathStyle = !m[1]!.startsWith(`${bucket}.`) && (m[2] === `/${bucket}` || m[2]!.startsWith(`/${bucket}/`));
  const path = pathStyle ? m[2]!.slice(bucket.length + 1) || '/' : m[2]!;
  return `${FILES_PATH}/${name}${path}${m[3]}`;
}

/**
 * A presigned POST form for a browser or client to upload one object directly (on the app's
 * origin). Its signed policy holds exactly this key and content type (the SDK adds a condition
 * for each field), and a body of 1 to `maxBytes` bytes: S3 (and the local S3's policy check)
 * refuses a POST that breaks any of them, or comes after the policy expired — where a presigned
 * PUT would take a body of any size.
 */
export async function presignUploadForm(
  bucket: string,
  key: string,
  contentType: string,
  maxBytes: number,
  expiresInSeconds: number,
): Promise<{ url: string; fields: Record<string, string> }> {
  const form = await createPresignedPost(s3, {
    Bucket: bucket,
    Key: key,
    Conditions: [['content-length-range', 1, maxBytes]],
    Fields: { 'Content-Type': contentType },
    Expires: expiresInSeconds,
  });
  return { url: onAppOrigin(bucket, form.url), fields: form.fields };
}

export async function deleteObject(bucket: string, key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

/**
 * Deletes every object under a key prefix (a deleted account's files); returns how many. In a
 * versioned bucket this leaves delete markers: older versions go with the bucket's noncurrent
 * expiry (and, in production, not before their Object Lock ends).
 */
export async function deletePrefix(bucket: string, prefix: string): Promise<number> {
  let deleted = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    const keys = (page.Contents ?? []).map((o) => o.Key!).filter(Boolean);
    // One by one, a few at a time: the local S3 has no multi-object delete.
    for (let i = 0; i < keys.length; i += 10) {
      await Promise.all(keys.slice(i, i + 10).map((key) => deleteObject(bucket, key)));
    }
    deleted += keys.length;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return deleted;
}

/** A presigned GET, with the download file name (on the app's origin). */
export async function presignDownload(bucket: string, key: string, fileName: string, expiresInSeconds: number): Promise<string> {
  const url = await getSignedUrl(
    s3,
    new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: `attachment; filename="${fileName}"` }),
    { expiresIn: expiresInSeconds },
  );
  return onAppOrigin(bucket, url);
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

/** Bytes `start` (inclusive) to `end` (exclusive) of the object, as a stream of chunks (a ranged GET). */
export async function* readObjectRange(bucket: string, key: string, start: number, end: number): AsyncGenerator<Buffer> {
  if (end <= start) return;
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end - 1}` }));
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
