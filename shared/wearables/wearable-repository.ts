import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { putObject } from '../aws/s3-objects.ts';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { config } from '../config.ts';
import { isConditionFailed, queryAll, writeIf, type Item } from '../db/table.ts';
import { userItemsQuery, userPartition } from '../db/keys.ts';
import { batchKey, recordKey, sourceKey, WEARABLE_BATCH_PREFIX, WEARABLE_SOURCE_PREFIX } from './keys.ts';
import type { BatchView, RawBatchStore, SourceView, WearableRepository } from './ingest.ts';
import type { WearableRecord, WearableSource } from './model.ts';

// Records of one metric by start instant (gsi1): what a day's aggregation reads
const metricIndex = (userId: string, r: WearableRecord) => ({
  gsi1pk: `${userPartition(userId)}#WMETRIC#${r.metric}`,
  gsi1sk: `${r.start}#${r.dedupeKey}`,
});

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

  async noteBatch(userId, note, at) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...batchKey(userId, at, note.batchId),
          type: 'wearable-batch',
          at,
          batchId: note.batchId,
          source: note.source,
          via: note.via ?? 'batch',
          received: note.received,
          accepted: note.accepted,
          duplicates: note.duplicates,
          rejected: note.rejected,
          expiresAt: Math.floor(Date.parse(at) / 1000) + BATCH_RETENTION_SECONDS,
        },
      }),
    );
    await writeIf(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: sourceKey(userId, note.source),
          UpdateExpression: 'SET #type = :type, #source = :source, lastBatchAt = :at, lastBatchId = :id ADD records :n, batches :one',
          // A batch noted twice (an import resumed after its note) is counted once.
          ConditionExpression: 'attribute_not_exists(lastBatchId) OR lastBatchId <> :id',
          ExpressionAttributeNames: { '#type': 'type', '#source': 'source' },
          ExpressionAttributeValues: {
            ':type': 'wearable-source',
            ':source': note.source,
            ':at': at,
            ':id': note.batchId,
            ':n': note.accepted,
            ':one': 1,
          },
        }),
      ),
    );
  },

  // The sources of one user's records (a handful: one item each)
  async listSources(userId) {
    const items = await queryAll({
      ...userItemsQuery(userId, WEARABLE_SOURCE_PREFIX),
    });
    return items.map(toSource);
  },

  // One user's latest batches, newest first
  async listBatches(userId, limit) {
    const out = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        ...userItemsQuery(userId, WEARABLE_BATCH_PREFIX),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(toBatch);
  },
};

function toSource(item: Item): SourceView {
  return {
    source: (item.source as WearableSource | undefined) ?? ((item.sk as string).slice(WEARABLE_SOURCE_PREFIX.length) as WearableSource),
    lastBatchAt: item.lastBatchAt as string,
    records: (item.records as number | undefined) ?? 0,
    batches: (item.batches as number | undefined) ?? 0,
  };
}

function toBatch(item: Item): BatchView {
  return {
    // Batches noted before the id was stored carry it only in their key.
    batchId: (item.batchId as string | undefined) ?? (item.sk as string).split('#').pop()!,
    source: item.source as WearableSource,
    via: (item.via as 'batch' | 'import' | undefined) ?? 'batch',
    at: item.at as string,
    received: item.received as number,
    accepted: item.accepted as number,
    duplicates: item.duplicates as number,
    rejected: item.rejected as number,
  };
}

/** The raw batches, in the wearables bucket. */
export const s3RawBatches: RawBatchStore = {
  async put(key, body) {
    await putObject(config.buckets.wearables, key, body, 'application/json');
  },
};
