import { config } from '../config.ts';
import { s3FileStore } from './s3-file-store.ts';

/** Files users upload to import. */
export const importFiles = s3FileStore(config.buckets.imports);

/** Where exports are written. */
export const exportFiles = s3FileStore(config.buckets.exports);
