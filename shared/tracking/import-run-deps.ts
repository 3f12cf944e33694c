import { deleteObject, readObject } from '../aws/s3-objects.ts';
import { config } from '../config.ts';
import { tracking } from './dynamo-deps.ts';
import { dynamoImports } from './import-repository.ts';
import type { ImportRunDeps } from './imports.ts';

const bucket = config.buckets.imports;

/**
 * The import consumer's dependencies: the import pipeline's (import-deps.ts) with only the two file
 * operations a run uses, in a module of their own so the consumer's bundle holds no presigner,
 * no multipart upload and no other S3 command.
 */
export const importRunning: ImportRunDeps = {
  ...tracking,
  imports: dynamoImports,
  files: { read: (key) => readObject(bucket, key), remove: (key) => deleteObject(bucket, key) },
};
