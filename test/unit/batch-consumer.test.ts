import type { Context, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { toSqsEvent } from '../../infra/local/queue-pollers.ts';
import { withDynaliteTable } from '../support/dynalite-table.ts';

const Message = z.object({ n: z.number() });
const context = { functionName: 'mosaic-test-batch', awsRequestId: 'req', invokedFunctionArn: 'arn:aws:lambda:us-east-1:0:function:mosaic-test-batch', memoryLimitInMB: '128', functionVersion: '$LATEST' } as Context;
const event = (bodies: string[]): SQSEvent =>
  toSqsEvent(
    bodies.map((Body, i) => ({ MessageId: `m${i}`, ReceiptHandle: `r${i}`, Body, MD5OfBody: 'x', Attributes: { ApproximateReceiveCount: '1' } })),
    'arn:aws:sqs:us-east-1:000000000000:q',
    'us-east-1',
  );

// The consumer records each batch's run in the table.
const kit = withDynaliteTable(() => import('../../shared/kit/queue-consumer.ts'));

describe('a job consumer of whole batches', () => {
  it('opens with every message that parsed, handles each, closes after them; a malformed one fails alone', async () => {
    const { jobBatchConsumer } = kit();
    const seen: string[] = [];
    const handler = jobBatchConsumer(Message, {
      open: (messages) => {
        seen.push(`open ${messages.map((m) => m.n).join(',')}`);
        return Promise.resolve({ sum: 0 });
      },
      each: (state, message) => {
        if (message.n === 3) return Promise.reject(new Error('three fails'));
        state.sum += message.n;
        seen.push(`each ${message.n}`);
        return Promise.resolve();
      },
      close: (state) => {
        seen.push(`close ${state.sum}`);
        return Promise.resolve();
      },
    });
    const result = await handler(event(['{"n":1}', 'not json', '{"n":2}', '{"n":3}']), context);
    expect(seen).toEqual(['open 1,2,3', 'each 1', 'each 2', 'close 3']);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m1', 'm3']);
  });

  it('fails every record when closing fails (what they produced together was not written), and when opening fails', async () => {
    const { jobBatchConsumer } = kit();
    const handled: number[] = [];
    const closing = jobBatchConsumer(Message, {
      open: () => Promise.resolve(undefined),
      each: (_, m) => Promise.resolve(void handled.push(m.n)),
      close: () => Promise.reject(new Error('flush failed')),
    }, { parallel: true });
    const closed = await closing(event(['{"n":1}', '{"n":2}']), context);
    expect(handled.sort()).toEqual([1, 2]);
    expect(closed.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m0', 'm1']);

    const opening = jobBatchConsumer(Message, {
      open: () => Promise.reject(new Error('prefetch failed')),
      each: (_, m) => Promise.resolve(void handled.push(m.n * 10)),
      close: () => Promise.resolve(),
    });
    const opened = await opening(event(['{"n":1}', '{"n":2}']), context);
    expect(handled).not.toContain(10);
    expect(opened.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m0', 'm1']);
  });
});
