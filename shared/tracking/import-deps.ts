import { tracking } from './dynamo-deps.ts';
import { importFiles } from './file-deps.ts';
import { dynamoImports } from './import-repository.ts';
import type { ImportDeps } from './imports.ts';

/** The import pipeline's dependencies: the tracking ones, the job store and the imports bucket. */
export const importing: ImportDeps = { ...tracking, imports: dynamoImports, files: importFiles };
