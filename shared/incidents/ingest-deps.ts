import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { isConditionFailed } from '../db/table.ts';
import { s3 } from '../aws/s3.ts';
import { sendMessages } from '../aws/sqs.ts';
import { config, queueUrl } from '../config.ts';
import { deliveryKey } from './keys.ts';
import { DELIVERY_MEMORY_DAYS } from './limits.ts';
import type { IngestDeps } from './hooks.ts';

import { SIGNALS_QUEUE } from './signals-queue.ts';

/** The webhook's storage: delivery memory in the table (written beside the queue message), large raw payloads in S3, batches on SQS. */
export const awsIngest: IngestDeps = {
  async remember(hookId, deliveryId, at) {
    try {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...deliveryKey(hookId, deliveryId), type: 'delivery', receivedAt: at.toISOString(), expiresAt: Math.floor(at.getTime() / 1000) + DELIVERY_MEMORY_DAYS * 86_400 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },
  async forget(hookId, deliveryId, at) {
    try {
      // Only the memory this attempt wrote (a concurrent attempt's stays).
      await dynamo.send(new DeleteCommand({ TableName: tableName, Key: deliveryKey(hookId, deliveryId), ConditionExpression: 'receivedAt = :at', ExpressionAttributeValues: { ':at': at.toISOString() } }));
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  },
  async storeRaw(key, body, contentType) {
    await s3.send(new PutObjectCommand({ Bucket: config.buckets.signals, Key: key, Body: body, ContentType: contentType }));
  },
  async enqueue(batch) {
    await sendMessages(queueUrl(SIGNALS_QUEUE), [batch]);
  },
  now: () => new Date(),
};
