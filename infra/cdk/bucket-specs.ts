import type { BucketName } from '../route-types.ts';

/**
 * One entry per `BucketName` of the route types: `satisfies Record<BucketName, …>` makes the type
 * check fail until a new bucket name gets its spec here, so the data stack creates every bucket a
 * route can name, and every function learns its name from `<NAME>_BUCKET`.
 */
export interface BucketSpec {
  /** Objects are deleted this many days after upload; undefined keeps them. */
  expireAfterDays?: number;
  /** Browsers PUT/GET objects directly with presigned URLs (CORS from any origin). */
  browserAccess: boolean;
  purpose: string;
}

export const BUCKET_SPECS = {
  imports: {
    expireAfterDays: 7,
    browserAccess: true,
    purpose: 'Files users upload to import (CSV, JSON, Spotify ZIP); read once by the import job',
  },
  exports: {
    expireAfterDays: 7,
    browserAccess: true,
    purpose: 'Export files users download through presigned URLs',
  },
} as const satisfies Record<BucketName, BucketSpec>;

export const BUCKET_NAMES = Object.keys(BUCKET_SPECS) as BucketName[];

/** The environment variable carrying a bucket's name: `imports` → `IMPORTS_BUCKET` (shared/config.ts). */
export function bucketEnvName(bucket: BucketName): string {
  return `${bucket.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_BUCKET`;
}

/** Construct id of a bucket in the data stack (its logical id is this plus a hash): `imports` → `ImportsBucket`. */
export function bucketConstructId(bucket: BucketName): string {
  return `${bucket
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')}Bucket`;
}
