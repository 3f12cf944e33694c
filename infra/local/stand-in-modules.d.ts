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
  }
}
