import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import type { ConsumerDef } from '../routes/types.ts';
import { startPoller } from './queue-pollers.ts';

describe('a queue poller', () => {
  it('keeps polling after a delete fails (the queue would otherwise stall for good)', async () => {
    let receives = 0;
    let deletes = 0;
    const handled: string[] = [];
    // A queue that hands out one message per receive; its first delete fails.
    const sqs = {
      send: async (command: unknown) => {
        if (command instanceof ReceiveMessageCommand) {
          receives++;
          await new Promise((r) => setTimeout(r, 5));
          return { Messages: receives <= 2 ? [{ MessageId: `m${receives}`, ReceiptHandle: `r${receives}`, Body: '{}', Attributes: {} }] : [] };
        }
        if (command instanceof DeleteMessageBatchCommand && ++deletes === 1) throw new Error('stand-in busy');
        return {};
      },
    } as unknown as SQSClient;
    const errors: string[] = [];
    const poller = startPoller({
      name: 'test',
      consumer: { batchSize: 10, visibilityTimeoutSeconds: 30 } as ConsumerDef,
      queueUrl: 'http://sqs.local/queue',
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:queue',
      region: 'us-east-1',
      sqs,
      invoke: async (event) => void handled.push(...event.Records.map((r) => r.messageId)),
      retryBaseMs: 10,
      onBatch: (b) => b.error && errors.push(b.error.message),
    });
    await expect.poll(() => handled, { timeout: 2000 }).toEqual(['m1', 'm2']);
    await poller.stop();
    expect(deletes).toBe(2);
    expect(errors).toEqual(['stand-in busy']);
  });
});
