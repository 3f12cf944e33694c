import { sendMessages } from '../aws/sqs.ts';
import { config, queueUrl } from '../config.ts';
import { IMPORT_STALL_MS } from '../imports/job.ts';
import type { ListeningImportMessage } from './import-model.ts';
import { exportFiles } from './import-files.ts';
import { dynamoListeningImports } from './import-repository.ts';

/** Sends a run's message to the listening import queue. */
export const enqueueImport = (message: ListeningImportMessage) => sendMessages(queueUrl(message.job), [message]);

/** Silence after which an import counts as stalled (shorter only where a test sets it locally). */
export const listeningImportStallMs = config.IMPORT_STALL_SECONDS !== undefined ? config.IMPORT_STALL_SECONDS * 1000 : IMPORT_STALL_MS;

/** Starting or retrying an import: the job store, the bucket and the queue (no play store: these only queue). */
export const listeningImportQueueing = { imports: dynamoListeningImports, files: exportFiles, enqueue: enqueueImport, now: () => new Date() };
