import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { batchDelete, batchPut, isConditionFailed, queryAll, queryPage, queryPages, type Item } from '../db/table.ts';
import type { IsoDate } from '../kit/dates.ts';
import type { Page } from '../kit/schemas.ts';
import type { Entry } from './model.ts';
import { GSI1, userKey, userPartition } from '../db/keys.ts';

/** The stored part of an entry a caller sets. */
export type EntryWrite = Omit<Entry, 'createdAt' | 'updatedAt'>;

export interface EntryFilter {
  from?: IsoDate;
  to?: IsoDate;
  activityId?: string;
  /** Restrict to these activities (a category filter resolves to this). */
  activityIds?: string[];
  /** Newest first instead of oldest first. */
  descending?: boolean;
}

export interface EntryRepository {
  /** Creates or replaces the entry of (activity, date), keeping its createdAt. */
  put(userId: string, entry: EntryWrite, now: Date): Promise<Entry>;
  /** Creates the entry only if there is none (finalize's missed entries never overwrite). */
  putIfAbsent(userId: string, entry: EntryWrite, now: Date): Promise<Entry | undefined>;
  get(userId: string, date: IsoDate, activityId: string): Promise<Entry | undefined>;
  /** Deletes and returns the entry, or undefined when there was none. */
  remove(userId: string, date: IsoDate, activityId: string): Promise<Entry | undefined>;
  listByDate(userId: string, date: IsoDate): Promise<Entry[]>;
  list(userId: string, filter: EntryFilter, page: { limit: number; cursor?: string }): Promise<Page<Entry>>;
  /** Every entry of one activity, page by page (exports, deletion). */
  pagesOfActivity(userId: string, activityId: string): AsyncGenerator<Entry[]>;
  /** Every entry of a user between two dates, page by page (roll-up rebuilds). */
  pagesBetween(userId: string, from: IsoDate, to: IsoDate): AsyncGenerator<Entry[]>;
  /** Writes whole entries in batches (imports; createdAt and updatedAt as given). */
  putMany(userId: string, entries: Entry[]): Promise<void>;
  removeAllOfActivity(userId: string, activityId: string): Promise<number>;
}

// The entry of one activity on one date (newest writer wins)
const entryKey = (userId: string, date: IsoDate, activityId: string) => userKey(userId, `ENTRY#${date}#${activityId}`);
// Entries of one activity by date (GSI1)
const byActivity = (userId: string, activityId: string) => `${userPartition(userId)}#ACT#${activityId}`;

function toEntry(item: Item): Entry {
  return {
    activityId: item.activityId as string,
    date: item.date as string,
    value: (item.value as number | null | undefined) ?? null,
    note: (item.note as string | undefined) ?? '',
    status: item.status as Entry['status'],
    statusSource: item.statusSource as Entry['statusSource'],
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}

function entryItem(userId: string, entry: EntryWrite, at: string): Item {
  return {
    ...entryKey(userId, entry.date, entry.activityId),
    gsi1pk: byActivity(userId, entry.activityId),
    gsi1sk: entry.date,
    type: 'entry',
    ...entry,
    updatedAt: at,
  };
}

export const dynamoEntries: EntryRepository = {
  async put(userId, entry, now) {
    const at = now.toISOString();
    const item = entryItem(userId, entry, at);
    const { pk: _pk, sk: _sk, ...fields } = item;
    const names = Object.keys(fields);
    const out = await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: entryKey(userId, entry.date, entry.activityId),
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}, createdAt = if_not_exists(createdAt, :at)`,
        ExpressionAttributeNames: Object.fromEntries(names.map((k, i) => [`#f${i}`, k])),
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((k, i) => [`:v${i}`, fields[k]])), ':at': at },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toEntry(out.Attributes!);
  },

  async putIfAbsent(userId, entry, now) {
    const at = now.toISOString();
    const item = { ...entryItem(userId, entry, at), createdAt: at };
    try {
      await dynamo.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return toEntry(item);
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  },

  async get(userId, date, activityId) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: entryKey(userId, date, activityId) }));
    return out.Item ? toEntry(out.Item) : undefined;
  },

  async remove(userId, date, activityId) {
    const out = await dynamo.send(
      new DeleteCommand({ TableName: tableName, Key: entryKey(userId, date, activityId), ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes ? toEntry(out.Attributes) : undefined;
  },

  // Entries of one user on one date
  async listByDate(userId, date) {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':prefix': `ENTRY#${date}#` },
    });
    return items.map(toEntry);
  },

  // Entries of one user between two dates (optionally of some activities), or of one activity (GSI1)
  list(userId, filter, page) {
    const from = filter.from ?? '0000-00-00';
    const to = filter.to ?? '9999-99-99';
    if (filter.activityId) {
      return queryPage(
        {
          IndexName: GSI1.name,
          KeyConditionExpression: 'gsi1pk = :g AND gsi1sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':g': byActivity(userId, filter.activityId), ':from': from, ':to': to },
          ScanIndexForward: !filter.descending,
        },
        page,
        { gsi1pk: byActivity(userId, filter.activityId) },
        ['pk', 'sk', 'gsi1sk'],
        toEntry,
      );
    }
    const ids = filter.activityIds;
    return queryPage(
      {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ScanIndexForward: !filter.descending,
        ...(ids ? { FilterExpression: `activityId IN (${ids.map((_, i) => `:a${i}`).join(', ')})` } : {}),
        ExpressionAttributeValues: {
          ':pk': userPartition(userId),
          ':from': `ENTRY#${from}`,
          // '~' sorts after every id character, so the whole `to` day is included.
          ':to': `ENTRY#${to}#~`,
          ...(ids ? Object.fromEntries(ids.map((id, i) => [`:a${i}`, id])) : {}),
        },
      },
      page,
      { pk: userPartition(userId) },
      ['sk'],
      toEntry,
    );
  },

  async *pagesOfActivity(userId, activityId) {
    for await (const items of queryPages({
      IndexName: GSI1.name,
      KeyConditionExpression: 'gsi1pk = :g',
      ExpressionAttributeValues: { ':g': byActivity(userId, activityId) },
    })) {
      yield items.map(toEntry);
    }
  },

  async *pagesBetween(userId, from, to) {
    for await (const items of queryPages({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':from': `ENTRY#${from}`, ':to': `ENTRY#${to}#~` },
    })) {
      yield items.map(toEntry);
    }
  },

  async putMany(userId, entries) {
    await batchPut(entries.map((e) => ({ ...entryItem(userId, e, e.updatedAt), createdAt: e.createdAt })));
  },

  async removeAllOfActivity(userId, activityId) {
    let removed = 0;
    for await (const entries of this.pagesOfActivity(userId, activityId)) {
      await batchDelete(entries.map((e) => entryKey(userId, e.date, e.activityId)));
      removed += entries.length;
    }
    return removed;
  },
};
