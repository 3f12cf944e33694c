import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { GSI2 } from './keys.ts';
import { dueKey, MARK, MARK_ATTRIBUTES, markEvents, markOf, shardKey, type PendingRecord, type PendingStore } from './pending.ts';
import { writeIf, type Item } from './table.ts';

/** The DynamoDB side of pending marks (shared/db/pending.ts): settling them, and the sweeper's index reads. */

const REMOVE_MARK = `REMOVE ${MARK_ATTRIBUTES.map((_, i) => `#m${i}`).join(', ')}`;
const MARK_NAMES = Object.fromEntries(MARK_ATTRIBUTES.map((a, i) => [`#m${i}`, a]));

/**
 * Clears the mark `markId` from the item `key` once its work is applied; a newer mark (a write
 * since) stays. Returns whether it cleared it. Never creates an item.
 */
export async function clearMark(key: { pk: string; sk: string }, markId: string): Promise<boolean> {
  return writeIf(
    dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: REMOVE_MARK,
        ConditionExpression: '#m0 = :id',
        ExpressionAttributeNames: MARK_NAMES,
        ExpressionAttributeValues: { ':id': markId },
      }),
    ),
  );
}

/**
 * Deletes the item `key` if it still carries the mark `markId` (a tombstone whose deletion has
 * been applied); a write since (a new mark) keeps it. Returns whether it deleted it.
 */
export async function deleteMarked(key: { pk: string; sk: string }, markId: string): Promise<boolean> {
  return writeIf(
    dynamo.send(
      new DeleteCommand({
        TableName: tableName,
        Key: key,
        ConditionExpression: '#id = :id',
        ExpressionAttributeNames: { '#id': MARK.id },
        ExpressionAttributeValues: { ':id': markId },
      }),
    ),
  );
}

function toRecord(item: Item): PendingRecord {
  return {
    key: { pk: item.pk as string, sk: item.sk as string },
    id: item[MARK.id] as string,
    events: markEvents(item),
    tries: Number(item[MARK.tries] ?? 0),
    due: (item[GSI2.sortKey] as string).split('#')[0]!,
  };
}

/** The marks in the table, through the sparse index. */
export const dynamoPendingStore: PendingStore = {
  // Overdue marks of one shard, oldest first (GSI2)
  async overdue(shard, before, limit) {
    const out = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: GSI2.name,
        KeyConditionExpression: '#pk = :pk AND #sk < :before',
        ExpressionAttributeNames: { '#pk': GSI2.partitionKey, '#sk': GSI2.sortKey },
        ExpressionAttributeValues: { ':pk': shardKey(shard), ':before': before.toISOString() },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).filter((item) => markOf(item)).map(toRecord);
  },

  async postpone(record, until) {
    return writeIf(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: record.key,
          UpdateExpression: 'SET #sk = :sk, #tries = :tries',
          ConditionExpression: '#id = :id',
          ExpressionAttributeNames: { '#sk': GSI2.sortKey, '#tries': MARK.tries, '#id': MARK.id },
          ExpressionAttributeValues: { ':sk': dueKey(until, record.id), ':tries': record.tries + 1, ':id': record.id },
        }),
      ),
    );
  },
};
