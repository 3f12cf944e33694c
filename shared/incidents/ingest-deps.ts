import { PutObjectCommand } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { s3 } from '../aws/s3.ts';
import { sendMessages } from '../aws/sqs.ts';
import { config, queueUrl } from '../config.ts';
import { isConditionFailed } from '../db/table.ts';
import { deliveryKey } from './keys.ts';
import { DELIVERY_MEMORY_DAYS } from './limits.ts';
import type { IngestDeps } from './hooks.ts';

/** The queue correlation reads from (a job queue of the route table). */
export const SIGNALS_QUEUE = 'incident-signals';

/** The webhook's storage: delivery memory in the table, raw payloads in S3, batches on SQS. */
export const awsIngest: IngestDeps = {
  // A delivery is a duplicate once it was enqueued; a claim without enqueue (a crash) is taken again.
  async claimDelivery(hookId, deliveryId, at) {
    try {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: deliveryKey(hookId, deliveryId),
          UpdateExpression: 'SET claimedAt = :at, expiresAt = :exp, #t = :type',
          ConditionExpression: 'attribute_not_exists(enqueuedAt)',
          ExpressionAttributeNames: { '#t': 'type' },
          ExpressionAttributeValues: { ':at': at.toISOString(), ':exp': Math.floor(at.getTime() / 1000) + DELIVERY_MEMORY_DAYS * 86_400, ':type': 'delivery' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },
  async markEnqueued(hookId, deliveryId) {
    await dynamo.send(
      new UpdateCommand({ TableName: tableName, Key: deliveryKey(hookId, deliveryId), UpdateExpression: 'SET enqueuedAt = :at', ExpressionAttributeValues: { ':at': new Date().toISOString() } }),
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
