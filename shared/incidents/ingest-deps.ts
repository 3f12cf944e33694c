import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { s3 } from '../aws/s3.ts';
import { sendMessages } from '../aws/sqs.ts';
import { config, queueUrl } from '../config.ts';
import { deliveryKey } from './keys.ts';
import { DELIVERY_MEMORY_DAYS } from './limits.ts';
import type { IngestDeps } from './hooks.ts';

import { SIGNALS_QUEUE } from './signals-queue.ts';

/** The webhook's storage: delivery memory in the table, raw payloads in S3, batches on SQS. */
export const awsIngest: IngestDeps = {
  async wasEnqueued(hookId, deliveryId) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: deliveryKey(hookId, deliveryId), ConsistentRead: true }));
    return out.Item !== undefined;
  },
  async markEnqueued(hookId, deliveryId, at) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...deliveryKey(hookId, deliveryId), type: 'delivery', enqueuedAt: at.toISOString(), expiresAt: Math.floor(at.getTime() / 1000) + DELIVERY_MEMORY_DAYS * 86_400 },
      }),
    );
  },
  async storeRaw(key, body, contentType) {
    await s3.send(new PutObjectCommand({ Bucket: config.buckets.signals, Key: key, Body: body, ContentType: contentType }));
  },
  async enqueue(batch) {
    await sendMessages(queueUrl(SIGNALS_QUEUE), [batch]);
  },
  now: () => new Date(),
};
