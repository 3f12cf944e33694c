import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { GSI1, userItemsQuery, userPartition } from '../db/keys.ts';
import { queryPage, queryAll, queryPages, type Item } from '../db/table.ts';
import type { IsoDate } from '../kit/dates.ts';
import type { Page } from '../kit/schemas.ts';
import { ENTRY_PREFIX, entryKey } from './keys.ts';
import type { Entry } from './model.ts';

export interface EntryFilter {
  from?: IsoDate;
  to?: IsoDate;
  activityId?: string;
  /** Restrict to these activities (a category filter resolves to this). */
  activityIds?: string[];
  /** Newest first instead of oldest first. */
  descending?: boolean;
}

/**
 * The read access patterns of entries, apart from the writes (entry-changes.ts: a user's changes;
 * entry-repository.ts: marks and bulk writes): a function that only reads entries carries none
 * of them. Reads skip tombstones (deleted entries whose deletion the roll-ups have not had yet).
 */
export interface EntryReads {
  get(userId: string, date: IsoDate, activityId: string): Promise<Entry | undefined>;
  listByDate(userId: string, date: IsoDate): Promise<Entry[]>;
  list(userId: string, filter: EntryFilter, page: { limit: number; cursor?: string }): Promise<Page<Entry>>;
  /** Every entry of one activity, page by page (exports, deletion). */
  pagesOfActivity(userId: string, activityId: string): AsyncGenerator<Entry[]>;
  /** Every entry of a user between two dates, page by page (roll-up rebuilds). */
  pagesBetween(userId: string, from: IsoDate, to: IsoDate): AsyncGenerator<Entry[]>;
}

// Entries of one activity by date (GSI1)
export const byActivity = (userId: string, activityId: string) => `${userPartition(userId)}#ACT#${activityId}`;

/** Marks a tombstone: an entry deleted whose deletion the roll-ups have not been given yet. */
export const DELETED = 'deleted';
/** Reads of entries skip tombstones. */
const LIVE = 'attribute_not_exists(deleted)';

/** An entry from its stored item. */
export function toEntry(item: Item): Entry {
  return {
    activityId: item.activityId as string,
    date: item.date as string,
    value: (item.value as number | null | undefined) ?? null,
    note: (item.note as string | undefined) ?? '',
    status: item.status as Entry['status'],
    statusSource: item.statusSource as Entry['statusSource'],
    ...(item.source === 'wearable' ? { source: 'wearable' as const } : {}),
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}

export const dynamoEntryReads: EntryReads = {
  async get(userId, date, activityId) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: entryKey(userId, date, activityId) }));
    return out.Item && !out.Item[DELETED] ? toEntry(out.Item) : undefined;
  },

  // Entries of one user on one date
  async listByDate(userId, date) {
    const items = await queryAll({
      ...userItemsQuery(userId, `${ENTRY_PREFIX}${date}#`),
      FilterExpression: LIVE,
    });
    return items.map(toEntry);
  },

  // Entries of one user between two dates (optionally of some activities), or of one activity (GSI1)
  list(userId, filter, page) {
    const from = filter.from ?? '0000-00-00';
    const to = filter.to ?? '9999-99-99';
    if (filter.activityId) {
      // Tombstones have no gsi1 keys: this index holds live entries only.
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
        FilterExpression: ids ? `${LIVE} AND activityId IN (${ids.map((_, i) => `:a${i}`).join(', ')})` : LIVE,
        ExpressionAttributeValues: {
          ':pk': userPartition(userId),
          ':from': `${ENTRY_PREFIX}${from}`,
          // '~' sorts after every id character, so the whole `to` day is included.
          ':to': `${ENTRY_PREFIX}${to}#~`,
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
      FilterExpression: LIVE,
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':from': `${ENTRY_PREFIX}${from}`, ':to': `${ENTRY_PREFIX}${to}#~` },
    })) {
      yield items.map(toEntry);
    }
  },
};
