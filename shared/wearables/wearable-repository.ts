import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { putObject } from '../aws/s3-objects.ts';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { config } from '../config.ts';
import { isConditionFailed } from '../db/table.ts';
import { userKey, userPartition } from '../db/keys.ts';
import type { RawBatchStore, WearableRepository } from './ingest.ts';
import type { WearableRecord } from './model.ts';

// One wearable record of a user, by its de-duplication key (device record id, else content hash)
const recordKey = (userId: string, dedupeKey: string) => userKey(userId, `WREC#${dedupeKey}`);
// Records of one metric by start instant (gsi1): what a day's aggregation reads
const metricIndex = (userId: string, r: WearableRecord) => ({
  gsi1pk: `${userPartition(userId)}#WMETRIC#${r.metric}`,
  gsi1sk: `${r.start}#${r.dedupeKey}`,
});
// One batch received, newest last (the Devices page); TTL 90 days
const batchKey = (userId: string, at: string, batchId: string) => userKey(userId, `WBATCH#${at}#${batchId}`);
// What is known of one source: last batch, records stored
const sourceKey = (userId: string, source: string) => userKey(userId, `WSOURCE#${source}`);

const BATCH_RETENTION_SECONDS = 90 * 86_400;
const PARALLEL_WRITES = 25;

export const dynamoWearables: WearableRepository = {
  async putRecords(userId, records) {
    const outcomes: Array<'new' | 'corrected' | 'duplicate'> = [];
    for (let i = 0; i < records.length; i += PARALLEL_WRITES) {
      const chunk = records.slice(i, i + PARALLEL_WRITES);
      outcomes.push(
        ...(await Promise.all(
          chunk.map(async (r) => {
            try {
              // Written unless the same key already holds the same content (a duplicate).
              const out = await dynamo.send(
                new PutCommand({
                  TableName: tableName,
                  Item: { ...recordKey(userId, r.dedupeKey), ...metricIndex(userId, r), type: 'wearable-record', ...r },
                  ConditionExpression: 'attribute_not_exists(pk) OR contentHash <> :h',
                  ExpressionAttributeValues: { ':h': r.contentHash },
                  ReturnValues: 'ALL_OLD',
                }),
              );
              return out.Attributes ? 'corrected' : 'new';
            } catch (error) {
              if (isConditionFailed(error)) return 'duplicate';
              throw error;
            }
          }),
        )),
      );
    }
    return outcomes;
  },

  async noteBatch(userId, summary, at) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...batchKey(userId, at, summary.batchId),
          type: 'wearable-batch',
          at,
          source: summary.source,
          received: summary.received,
          accepted: summary.accepted,
          duplicates: summary.duplicates,
          rejected: summary.rejected.length,
          expiresAt: Math.floor(Date.parse(at) / 1000) + BATCH_RETENTION_SECONDS,
        },
      }),
    );
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: sourceKey(userId, summary.source),
        UpdateExpression: 'SET #type = :type, lastBatchAt = :at, lastBatchId = :id ADD records :n, batches :one',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'wearable-source', ':at': at, ':id': summary.batchId, ':n': summary.accepted, ':one': 1 },
      }),
    );
  },
};

/** The raw batches, in the wearables bucket. */
export const s3RawBatches: RawBatchStore = {
  async put(key, body) {
    await putObject(config.buckets.wearables, key, body, 'application/json');
  },
};
