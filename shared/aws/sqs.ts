import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { config } from '../config.ts';
import { withoutCallLogging } from './lean-client.ts';

/**
 * Requests go to the configured endpoint, not to the queue URL's host: the same host in the
 * cloud, and locally the stand-in (its queue URLs name `sqs.<region>.localhost`, which not every
 * resolver knows).
 */
export const sqs = withoutCallLogging(new SQSClient({ region: config.AWS_REGION, useQueueUrlAsEndpoint: false }));

/** SQS takes at most 10 messages per SendMessageBatch. */
const SEND_BATCH = 10;

/** Sends JSON messages to a queue, 10 per call, retrying the entries SQS did not take. */
export async function sendMessages(queueUrl: string, bodies: unknown[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += SEND_BATCH) {
    let pending = bodies.slice(i, i + SEND_BATCH).map((body, n) => ({ Id: String(n), MessageBody: JSON.stringify(body) }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 5) throw new Error(`SQS did not take ${pending.length} message(s) for ${queueUrl}`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
      const failed = new Set((out.Failed ?? []).map((f) => f.Id));
      pending = pending.filter((entry) => failed.has(entry.Id));
    }
  }
}
