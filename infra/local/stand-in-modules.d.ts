// Minimal typings for the stand-ins that ship none.
declare module 'dynalite' {
  import type { Server } from 'node:http';
  interface DynaliteOptions {
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
  }
  export default function dynalite(options?: DynaliteOptions): Server & { close(cb?: () => void): void };
}

declare module 's3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type FilesystemStore from 's3rver/lib/stores/filesystem.js';
  interface S3rverOptions {
    port?: number;
    address?: string;
    silent?: boolean;
    directory?: string;
    configureBuckets?: Array<{ name: string; configs?: Array<string | Buffer> }>;
  }
  export default class S3rver {
    constructor(options?: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
    /** Creates the configured buckets (and their CORS rules); run() does it before listening. */
    configureBuckets(): Promise<void>;
    /** The Koa app as a request handler (s3rver's documented way to mount it in a server). */
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    /** The file store behind the app (s3-store-guard.ts wraps it). */
    store: FilesystemStore;
  }
}

declare module 's3rver/lib/stores/filesystem.js' {
  /** s3rver's file store: one folder per bucket, each key's files under the key's folders. */
  export default class FilesystemStore {
    constructor(rootDirectory: string);
    getBucketPath(bucket: string): string;
    getResourcePath(bucket: string, key: string, resource: string): string;
    putBucket(bucket: string): Promise<unknown>;
    putObject(object: { bucket: string; key: string }): Promise<{ size: number; md5: string }>;
    getObject(bucket: string, key: string): Promise<unknown>;
    copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, replacementMetadata?: unknown): Promise<unknown>;
    deleteObject(bucket: string, key: string): Promise<void>;
  }
}

declare module 's3rver/lib/models/object.js' {
  /** An object as s3rver's store takes it. */
  export default class S3Object {
    constructor(bucket: string, key: string, content: Buffer | NodeJS.ReadableStream, metadata: Record<string, string>);
    bucket: string;
    key: string;
  }
}
