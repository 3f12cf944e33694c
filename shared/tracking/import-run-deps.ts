import { config } from '../config.ts';
import { tracking } from './dynamo-deps.ts';
import { dynamoImports } from './import-repository.ts';
import type { ImportRunDeps } from './imports.ts';
import { s3FileObjects } from './s3-file-store.ts';

/**
 * The import consumer's dependencies: the import pipeline's (import-deps.ts) with the imports
 * bucket's files unpresigned, in a module of their own so the consumer's bundle holds no presigner.
 */
export const importRunning: ImportRunDeps = { ...tracking, imports: dynamoImports, files: s3FileObjects(config.buckets.imports) };
