import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ConsumerDef } from '../routes/types.ts';

export type SqsInvoker = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

/** The SQS event Lambda's event source mapping would build from received messages. */
export function toSqsEvent(messages: Message[], queueArn: string, region: string): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: m.Attributes?.SenderId ?? '000000000000',
        ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: region,
    })),
  };
}

export interface PollerOptions {
  name: string;
  consumer: ConsumerDef;
  queueUrl: string;
  queueArn: string;
  region: string;
  sqs: SQSClient;
  invoke: SqsInvoker;
  /** First retry delay; doubles per receive, capped by the queue's visibility timeout. */
  retryBaseMs: number;
  onBatch?: (summary: { consumer: string; received: number; failed: number; error?: Error }) => void;
}

/**
 * Polls one consumer's queue like Lambda's event source mapping: long polls, hands batches to the
 * consumer, deletes what succeeded and leaves the reported failures (or the whole batch, if the
 * function threw) to come back — sooner than the visibility timeout locally, with backoff — until
 * the queue's redrive policy moves them to the dead-letter queue.
 */
export function startPoller(options: PollerOptions): { stop(): Promise<void> } {
  let running = true;
  const abort = new AbortController();
  const loop = (async () => {
    while (running) {
      let messages: Message[] = [];
      try {
        const out = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: Math.min(10, options.consumer.batchSize),
            // As Lambda's event source mapping: 20 s long polls. The local SQS answers a waiting poll
            // as soon as a message is sent or becomes visible again, so nothing waits them out.
            WaitTimeSeconds: 20,
            MessageSystemAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        messages = out.Messages ?? [];
      } catch (error) {
        if (!running) break;
        options.onBatch?.({ consumer: options.name, received: 0, failed: 0, error: error as Error });
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (messages.length === 0) continue;
      let failedIds: Set<string>;
      let failure: Error | undefined;
      try {
        const response = await options.invoke(toSqsEvent(messages, options.queueArn, options.region));
        failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        failure = error as Error;
        failedIds = new Set(messages.map((m) => m.MessageId!));
      }
      const succeeded = messages.filter((m) => !failedIds.has(m.MessageId!));
      // A failed delete or visibility change must not end the poller (its queue would stall for
      // good): the message comes back after its visibility timeout, and consumers are idempotent.
      try {
        if (succeeded.length) {
          await options.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: options.queueUrl,
              Entries: succeeded.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
        }
        for (const m of messages.filter((x) => failedIds.has(x.MessageId!))) {
          const receives = Number(m.Attributes?.ApproximateReceiveCount ?? '1');
          const delayMs = Math.min(options.consumer.visibilityTimeoutSeconds * 1000, options.retryBaseMs * 2 ** (receives - 1));
          await options.sqs.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: options.queueUrl,
              ReceiptHandle: m.ReceiptHandle!,
              VisibilityTimeout: Math.max(0, Math.ceil(delayMs / 1000)),
            }),
          );
        }
      } catch (error) {
        if (!running) break;
        failure ??= error as Error;
      }
      options.onBatch?.({ consumer: options.name, received: messages.length, failed: failedIds.size, error: failure });
    }
  })();
  return {
    async stop() {
      running = false;
      abort.abort();
      await loop.catch(() => undefined);
    },
  };
}
