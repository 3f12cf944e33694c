/**
 * The stage's buckets, declared once. The data stack creates one per entry, the local runtime
 * one per entry, every function learns each name from `<NAME>_BUCKET` (shared/config.ts), and
 * routes name the ones they touch. Adding a bucket is one entry here.
 */
export interface BucketSpec {
  /** Objects are deleted this many days after upload; undefined keeps them. */
  expireAfterDays?: number;
  /** Browsers PUT/GET objects directly with presigned URLs (CORS from the stage's web origins). */
  browserAccess: boolean;
  purpose: string;
  /** Keeps every version of an object (a backup overwritten or deleted by mistake stays recoverable). */
  versioned?: boolean;
  /** Objects move to colder storage (Glacier Instant Retrieval) after this many days. */
  colderAfterDays?: number;
  /** Production only: S3 Object Lock (governance mode) for this many days; nothing deletes an object sooner. */
  lockDaysInProd?: number;
}

export const BUCKETS = {
  imports: {
    expireAfterDays: 7,
    browserAccess: true,
    purpose: 'Files users upload to import (CSV, JSON, ZIP); read once by the import job',
  },
  exports: {
    expireAfterDays: 7,
    browserAccess: true,
    purpose: 'Export files users download through presigned URLs',
  },
  signals: {
    expireAfterDays: 30,
    browserAccess: false,
    purpose: 'Raw webhook payloads of monitoring sources, as received (kept 30 days; incidents link to them)',
  },
  wearables: {
    expireAfterDays: 30,
    browserAccess: false,
    purpose: 'Wearable batches as received (normalised, personal extras dropped), kept 30 days for reprocessing',
  },
  backups: {
    browserAccess: true,
    versioned: true,
    colderAfterDays: 30,
    lockDaysInProd: 30,
    purpose: 'Per-user backup ZIPs (on demand and scheduled); downloaded through short-lived presigned URLs',
  },
} as const satisfies Record<string, BucketSpec>;

export type BucketName = keyof typeof BUCKETS;

/**
 * Where browsers reach the buckets: on the app's own origin, `/_files/<bucket>/<key>` (CloudFront
 * behaviours in the cloud, the local gateway on one machine), so the web app needs no CORS and
 * no other host in its Content-Security-Policy. Presigned URLs are handed out under this path.
 */
export const FILES_PATH = '/_files';

export const BUCKET_NAMES = Object.keys(BUCKETS) as BucketName[];

/** The environment variable carrying a bucket's name: `imports` → `IMPORTS_BUCKET`. */
export function bucketEnvName(bucket: BucketName): string {
  return `${bucket.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_BUCKET`;
}
