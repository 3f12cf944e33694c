import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import type { EventSpecs, ReceivedEventOf } from '../events/event-spec.ts';
import { randomUUID } from 'node:crypto';
import { putJobRun, runId } from '../operations/job-run-repository.ts';
import { keptFailure, MAX_KEPT_FAILURES, outcomeOf, type FailedMessage } from '../operations/job-runs.ts';
import { invocation, logger, metrics, withInvocation } from './observability.ts';
// Worded problems in the error a malformed message fails with.
import './zod-messages.ts';

/** An EventBridge event as it arrives in an SQS message body (EventBridge → SQS target). */
const BusEnvelope = z.object({
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  time: z.string(),
  detail: z.unknown(),
});

/** Delivery facts of one SQS record a consumer may need (a first delivery vs a retry). */
export interface Delivery {
  messageId: string;
  receiveCount: number;
}

/**
 * Runs `work` for each record of an SQS batch, one by one. A failing record is reported in
 * `batchItemFailures`, so only it is retried (and, after the queue's maxReceiveCount,
 * dead-lettered) while the rest of the batch completes. `work` must be idempotent: SQS delivers
 * at least once.
 */
function batchConsumer(work: (record: SQSRecord, delivery: Delivery) => Promise<void>, options: ConsumerOptions = {}, around?: BatchHooks) {
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    withInvocation(context, async () => {
      const startedAt = new Date();
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      const failed: FailedMessage[] = [];
      const failAll = (error: unknown) => {
        logger.error('batch.failed', { error: error as Error });
        for (const record of event.Records) {
          if (batchItemFailures.some((f) => f.itemIdentifier === record.messageId)) continue;
          batchItemFailures.push({ itemIdentifier: record.messageId });
          if (failed.length < MAX_KEPT_FAILURES) failed.push(keptFailure(record.messageId, record.body, error));
        }
      };
      const one = async (record: SQSRecord) => {
        const delivery = { messageId: record.messageId, receiveCount: Number(record.attributes.ApproximateReceiveCount) };
        try {
          await work(record, delivery);
          metrics.addMetric('messagesProcessed', MetricUnit.Count, 1);
        } catch (error) {
          logger.error('message.failed', { ...delivery, error: error as Error });
          metrics.addMetric('messagesFailed', MetricUnit.Count, 1);
          batchItemFailures.push({ itemIdentifier: record.messageId });
          if (failed.length < MAX_KEPT_FAILURES) failed.push(keptFailure(record.messageId, record.body, error));
        } finally {
          if (!options.parallel) logger.removeKeys(['userId', 'eventType', 'eventId', 'job']);
        }
      };
      let opened = true;
      if (around) {
        try {
          await around.before();
        } catch (error) {
          opened = false;
          failAll(error);
        }
      }
      if (opened) {
        if (options.parallel) await Promise.all(event.Records.map(one));
        else for (const record of event.Records) await one(record);
        // What the batch produced together is written after it: unwritten, no record of it is done.
        if (around) await around.after().catch(failAll);
      }
      // The batch's run record (shared/operations/job-runs.ts): what admins list and re-drive.
      const counts = { received: event.Records.length, succeeded: event.Records.length - batchItemFailures.length, failed: batchItemFailures.length };
      const endedAt = new Date();
      await putJobRun({
        id: runId(startedAt.toISOString(), randomUUID()),
        job: invocation().service,
        kind: 'consumer',
        startedAt: startedAt.toISOString(),
        endedAt: endedAt.toISOString(),
        durationMs: endedAt.getTime() - startedAt.getTime(),
        outcome: outcomeOf(counts),
        counts,
        ...(failed.length ? { error: failed[0]!.error, failedMessages: failed } : {}),
      });
      return { batchItemFailures };
    });
}

/** Work around a whole batch, inside its invocation: before its records, and after them. */
interface BatchHooks {
  before(): Promise<void>;
  after(): Promise<void>;
}

export interface ConsumerOptions {
  /**
   * Work on the batch's records at once rather than one by one: for consumers whose records are
   * independent and whose writes are conditional (they retry lost races themselves).
   */
  parallel?: boolean;
}

/**
 * Wraps a consumer of bus events delivered through SQS. Each event's detail is parsed with the
 * catalog's schema of its type (`specs`: the consumer's area part of shared/events), so `fn`
 * receives a typed event; a type the specs do not know fails its record. With `parallel` the
 * records of a batch are handled at once (for work whose order does not matter and that mostly
 * waits, like pushing to connections); their log lines then carry no per-record keys.
 */
export function queueConsumer<S extends EventSpecs>(
  specs: S,
  fn: (event: ReceivedEventOf<S>) => Promise<void>,
  options: ConsumerOptions = {},
) {
  return batchConsumer(async (record) => {
    const envelope = BusEnvelope.parse(JSON.parse(record.body));
    const type = envelope['detail-type'];
    const spec = specs[type];
    if (!spec) throw new Error(`This consumer does not handle ${type} events`);
    const detail = spec.detail.parse(envelope.detail) as { userId?: string };
    if (!options.parallel) logger.appendKeys({ userId: detail.userId, eventType: type, eventId: envelope.id });
    await fn({ id: envelope.id, time: envelope.time, type, detail } as ReceivedEventOf<S>);
  }, options);
}

/**
 * Wraps a consumer of a job queue (messages functions send directly, not bus events): each body
 * is parsed with `schema`; `fn` gets the message and its delivery facts.
 */
export function jobConsumer<M extends z.ZodMiniType>(schema: M, fn: (message: z.output<M>, delivery: Delivery) => Promise<void>, options: ConsumerOptions = {}) {
  return batchConsumer(async (record, delivery) => {
    const message = schema.parse(JSON.parse(record.body));
    const fields = message as { job?: string; userId?: string };
    if (!options.parallel) logger.appendKeys({ job: fields.job, userId: fields.userId });
    await fn(message, delivery);
  }, options);
}

/** A job consumer's work on a whole batch: state opened from every message, each message, then the state closed. */
export interface BatchWork<M, S> {
  /** Once, before the messages, with those that parsed (to read what they all need at once, say). */
  open(messages: M[]): Promise<S>;
  each(state: S, message: M, delivery: Delivery): Promise<void>;
  /** Once, after every message (to write what they produced together); its failure fails every record. */
  close(state: S): Promise<void>;
}

/**
 * A job consumer that works on its batch as a whole: `open` sees every message that parsed before
 * any is handled, each message is handled as by `jobConsumer`, and `close` runs after them all. A
 * failing `open` or `close` fails every record of the batch (each is retried, so `each` and
 * `close` must be idempotent, as every consumer's work is).
 */
export function jobBatchConsumer<M extends z.ZodMiniType, S>(schema: M, work: BatchWork<z.output<M>, S>, options: ConsumerOptions = {}) {
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const parsed = new Map<string, z.output<M>>();
    let state: S;
    const handle = batchConsumer(
      async (record, delivery) => {
        // A message that did not parse fails here, with the parser's own words.
        const message = parsed.get(record.messageId) ?? schema.parse(JSON.parse(record.body));
        await work.each(state, message, delivery);
      },
      options,
      {
        before: async () => {
          for (const record of event.Records) {
            const result = safeParseBody(schema, record.body);
            if (result.success) parsed.set(record.messageId, result.data);
          }
          state = await work.open([...parsed.values()]);
        },
        after: () => work.close(state),
      },
    );
    return handle(event, context);
  };
}

function safeParseBody<M extends z.ZodMiniType>(schema: M, body: string): { success: true; data: z.output<M> } | { success: false } {
  try {
    return schema.safeParse(JSON.parse(body));
  } catch {
    return { success: false };
  }
}
