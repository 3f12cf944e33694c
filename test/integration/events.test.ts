import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { call, eventually } from '../support/http-client.ts';

const mosaic = inject('mosaic');

describe('queues: retries and dead-letter queue', () => {
  it('retries a message its consumer cannot process, then dead-letters it', async () => {
    const sqs = new SQSClient({
      endpoint: mosaic.endpoints.sqs,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const depth = async () => {
      const res = await call(mosaic.url, 'GET', '/_local/queues');
      return Number(res.body['entry-rollups'].deadLetter.ApproximateNumberOfMessages);
    };
    const before = await depth();
    // An event whose detail lacks the user: the consumer reports it as a failed record.
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: mosaic.resources.queues['entry-rollups']!.url,
        MessageBody: JSON.stringify({
          version: '0',
          id: 'poison-1',
          'detail-type': 'entry.logged',
          source: 'mosaic',
          account: '000000000000',
          time: new Date().toISOString(),
          region: 'us-east-1',
          resources: [],
          detail: { nothing: true },
        }),
      }),
    );
    const after = await eventually(depth, (n) => n === before + 1, 30_000);
    expect(after).toBe(before + 1);
  });
});
