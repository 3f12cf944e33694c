import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../aws/sqs.ts';
import { config } from '../config.ts';
import { NotFoundError, UnprocessableError } from '../kit/errors.ts';
import type { AuditInput } from '../audit/audit.ts';
import type { JobRun } from './job-runs.ts';

/**
 * The admin's view of the queues: depths of every consumer's queue and dead-letter queue, dead
 * letters peeked and re-driven (sent back to the consumer's queue), failed runs re-driven.
 */
export interface QueueDepth {
  consumer: string;
  waiting: number;
  inFlight: number;
  deadLetters: number;
  /** Age in seconds of the oldest dead letter (peeked), when there is one. */
  oldestDeadLetterAgeSeconds?: number;
}

export interface DeadLetter {
  messageId: string;
  body: string;
  sentAt: string;
  receiveCount: number;
}

function urls(consumer: string): { queue: string; deadLetter: string } {
  const queue = config.QUEUE_URLS[consumer];
  const deadLetter = config.DEAD_LETTER_URLS[consumer];
  if (!queue || !deadLetter) throw new NotFoundError('The consumer');
  return { queue, deadLetter };
}

/** The consumers this function may reach (all of them, for functions that declare `deadLetters`). */
export function consumerNames(): string[] {
  return Object.keys(config.DEAD_LETTER_URLS).sort();
}

async function attributes(url: string): Promise<Record<string, string>> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return out.Attributes ?? {};
}

/** Peeks up to `max` dead letters: received with no visibility timeout, so they stay where they are. */
export async function peekDeadLetters(consumer: string, max = 10): Promise<DeadLetter[]> {
  const { deadLetter } = urls(consumer);
  const out = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: deadLetter, MaxNumberOfMessages: Math.min(10, max), VisibilityTimeout: 0, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'] }),
  );
  return (out.Messages ?? []).map((m) => ({
    messageId: m.MessageId!,
    body: m.Body ?? '',
    sentAt: new Date(Number(m.Attributes?.SentTimestamp ?? Date.now())).toISOString(),
    receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? '0'),
  }));
}

export async function queueDepths(now = Date.now()): Promise<QueueDepth[]> {
  return Promise.all(
    consumerNames().map(async (consumer) => {
      const { queue, deadLetter } = urls(consumer);
      const [q, d] = await Promise.all([attributes(queue), attributes(deadLetter)]);
      const deadLetters = Number(d.ApproximateNumberOfMessages ?? 0) + Number(d.ApproximateNumberOfMessagesNotVisible ?? 0);
      const oldest = deadLetters > 0 ? (await peekDeadLetters(consumer, 10)).map((m) => Date.parse(m.sentAt)).sort()[0] : undefined;
      return {
        consumer,
        waiting: Number(q.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(q.ApproximateNumberOfMessagesNotVisible ?? 0),
        deadLetters,
        ...(oldest !== undefined ? { oldestDeadLetterAgeSeconds: Math.max(0, Math.round((now - oldest) / 1000)) } : {}),
      };
    }),
  );
}

/** Re-drives up to `max` dead letters of a consumer back to its queue; returns how many moved. */
export async function redriveDeadLetters(consumer: string, audit: (input: AuditInput) => Promise<void>, actor: string, max = 100): Promise<number> {
  const { queue, deadLetter } = urls(consumer);
  let moved = 0;
  while (moved < max) {
    const out = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: deadLetter, MaxNumberOfMessages: Math.min(10, max - moved), VisibilityTimeout: 60, WaitTimeSeconds: 0 }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) break;
    for (const m of messages) {
      // Sent first, then deleted: a failure in between leaves a duplicate, never a loss (consumers are idempotent).
      await sqs.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: m.Body ?? '' }));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: deadLetter, ReceiptHandle: m.ReceiptHandle! }));
      moved++;
    }
  }
  await audit({ kind: 'dead_letter.redriven', actor, target: consumer, detail: { moved } });
  return moved;
}

/** Sends a failed run's failed messages back to its consumer's queue. */
export async function redriveRun(run: JobRun, audit: (input: AuditInput) => Promise<void>, actor: string): Promise<number> {
  if (run.kind !== 'consumer' || !run.failedMessages?.length) throw new UnprocessableError('nothing_to_redrive', 'This run has no failed messages to re-drive.');
  if (run.failedMessages.some((m) => m.truncated)) throw new UnprocessableError('message_truncated', 'A failed message of this run was too large to keep; re-drive its dead letters instead.');
  const { queue } = urls(run.job);
  for (const m of run.failedMessages) await sqs.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: m.body }));
  await audit({ kind: 'job.redriven', actor, target: run.id, detail: { job: run.job, messages: run.failedMessages.length } });
  return run.failedMessages.length;
}
