import { sendMessages } from '../aws/sqs.ts';
import { queueUrl } from '../config.ts';
import type { ListeningImportMessage } from './import-model.ts';

/** Sends a run's message to the listening import queue. */
export const enqueueImport = (message: ListeningImportMessage) => sendMessages(queueUrl(message.job), [message]);
