import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { MARK, markAttributes, markEvents, markOf, newMark, type PendingEvent, type PendingMark } from '../db/pending.ts';
import { clearMark, deleteMarked } from '../db/pending-store.ts';
import { batchDelete, batchPut, isConditionFailed, queryAll, queryPage, queryPages, setFields, type Item } from '../db/table.ts';
import type { IsoDate } from '../kit/dates.ts';
import type { Page } from '../kit/schemas.ts';
import type { Entry } from './model.ts';
import { GSI1, userItemsQuery, userKey, userPartition } from '../db/keys.ts';

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

/** An entry as a write stores it (its `createdAt` is kept by the table). */
export type StoredChange = EntryWrite & { updatedAt: string };

/** The events a write must cause, built from what it stores (they become its pending mark). */
export type PendingOf<T> = (stored: T) => PendingEvent[];

/**
 * An entry's slot as stored, for the consumer and the repair: the entry, or a tombstone (deleted,
 * its deletion not yet applied to the roll-ups), with the epoch ms of its last change and the
 * pending mark it carries.
 */
export interface EntryRecord {
  activityId: string;
  date: IsoDate;
  /** Null for a tombstone. */
  entry: Entry | null;
  /** Epoch ms of the last change (the entry's `updatedAt`, or the deletion's time). */
  at: number;
  /** The pending mark's id, when the change's work is not known to be done. */
  mark?: string;
  /** The mark's events. */
  pending: PendingEvent[];
}

export interface EntryRepository {
  /**
   * Creates or replaces the entry of (activity, date), keeping its createdAt. Its `updatedAt`
   * is later than the stored one's even if clocks disagree (roll-ups order changes by it); with
   * `pending`, the write carries a pending mark of those events.
   */
  put(userId: string, entry: EntryWrite, now: Date, pending?: PendingOf<StoredChange>): Promise<Entry>;
  /** Creates the entry only if there is none (finalize's missed entries never overwrite). */
  putIfAbsent(userId: string, entry: EntryWrite, now: Date, pending?: PendingOf<StoredChange>): Promise<Entry | undefined>;
  get(userId: string, date: IsoDate, activityId: string): Promise<Entry | undefined>;
  /**
   * Deletes the entry, leaving a tombstone that carries the pending mark of `pending` (given the
   * deletion's epoch ms) until the consumer has applied the deletion; reads skip tombstones.
   * Returns the removed entry, or undefined when there was none.
   */
  remove(userId: string, date: IsoDate, activityId: string, now: Date, pending: PendingOf<number>): Promise<Entry | undefined>;
  /** The stored slot of (activity, date) — tombstone and mark included — read consistently. */
  record(userId: string, date: IsoDate, activityId: string): Promise<EntryRecord | undefined>;
  /**
   * Settles the mark `markId` once its work is applied: clears it from an entry, or deletes a
   * tombstone. A newer write (a newer mark) is left alone. Returns whether it settled it.
   */
  settle(userId: string, date: IsoDate, activityId: string, markId: string, tombstone: boolean): Promise<boolean>;
  listByDate(userId: string, date: IsoDate): Promise<Entry[]>;
  list(userId: string, filter: EntryFilter, page: { limit: number; cursor?: string }): Promise<Page<Entry>>;
  /** Every entry of one activity, page by page (exports, deletion). */
  pagesOfActivity(userId: string, activityId: string): AsyncGenerator<Entry[]>;
  /** Every entry of a user between two dates, page by page (roll-up rebuilds). */
  pagesBetween(userId: string, from: IsoDate, to: IsoDate): AsyncGenerator<Entry[]>;
  /** Every stored slot of a user, tombstones included, page by page (the repair). */
  recordsOfUser(userId: string): AsyncGenerator<EntryRecord[]>;
  /**
   * Writes whole entries in batches (imports; createdAt and updatedAt as given). With `mark`,
   * each entry carries the pending mark it makes of the entry: the work its roll-ups need, kept
   * with the write should its writer not finish it.
   */
  putMany(userId: string, entries: Entry[], mark?: (entry: Entry) => PendingMark): Promise<void>;
  /**
   * Clears the mark `markId` from every entry of one activity that still carries it (an import's,
   * once its own rebuild has applied them); an entry written since keeps its newer mark. Returns
   * how many it cleared.
   */
  settleMarked(userId: string, activityId: string, markId: string): Promise<number>;
  removeAllOfActivity(userId: string, activityId: string): Promise<number>;
}

// The entry of one activity on one date (newest writer wins)
const entryKey = (userId: string, date: IsoDate, activityId: string) => userKey(userId, `ENTRY#${date}#${activityId}`);
/** Conditional writes a bulk settle keeps in flight at once. */
const SETTLE_PARALLEL = 16;

// Entries of one activity by date (GSI1)
const byActivity = (userId: string, activityId: string) => `${userPartition(userId)}#ACT#${activityId}`;

/** Marks a tombstone: an entry deleted whose deletion the roll-ups have not been given yet. */
const DELETED = 'deleted';
/** What a tombstone drops from the entry it replaces (the index keys hide it from gsi1 reads). */
const ENTRY_ONLY = ['value', 'note', 'status', 'statusSource', 'source', 'createdAt', 'gsi1pk', 'gsi1sk'];
/** Reads of entries skip tombstones. */
const LIVE = 'attribute_not_exists(deleted)';
/** Writes of a change retry with a later time when another change is stored with a later one. */
const CHANGE_ATTEMPTS = 5;

function toEntry(item: Item): Entry {
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

function toRecord(item: Item): EntryRecord {
  const mark = markOf(item);
  return {
    activityId: item.activityId as string,
    date: item.date as string,
    entry: item[DELETED] ? null : toEntry(item),
    at: Date.parse(item.updatedAt as string),
    ...(mark ? { mark } : {}),
    pending: markEvents(item),
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

/**
 * The time of a change: now, or just after the stored change when a clock (another Lambda's)
 * ran ahead — so an entry's `updatedAt` only ever grows, and the roll-ups, which keep the change
 * with the latest time, keep the latest write.
 */
function changeTime(now: Date, stored?: string): string {
  const after = stored ? Date.parse(stored) + 1 : 0;
  return new Date(Math.max(now.getTime(), after)).toISOString();
}

// The stored change of (activity, date): its time and whether it is a tombstone
async function storedChange(key: { pk: string; sk: string }): Promise<{ updatedAt?: string; deleted: boolean } | undefined> {
  const out = await dynamo.send(
    new GetCommand({
      TableName: tableName,
      Key: key,
      ProjectionExpression: 'updatedAt, #d',
      ExpressionAttributeNames: { '#d': DELETED },
      ConsistentRead: true,
    }),
  );
  if (!out.Item) return undefined;
  return { updatedAt: out.Item.updatedAt as string | undefined, deleted: out.Item[DELETED] === true };
}

/**
 * One change of an entry item: SETs `fields` (plus `updatedAt`, `createdAt` if new, and the
 * pending mark) and REMOVEs `remove`, under `condition` (which may use `:at`, the change time).
 * On a failed condition `onConflict` sees the stored change and says whether to retry (with a
 * time after the stored one) or give up (undefined).
 */
async function writeChange(
  key: { pk: string; sk: string },
  now: Date,
  change: {
    fields: (at: string) => Item;
    remove: readonly string[];
    condition: string;
    /** ALL_NEW for a write of an entry (which keeps or sets `createdAt`), ALL_OLD for a deletion. */
    returnValues: 'ALL_NEW' | 'ALL_OLD';
    pending?: PendingOf<string>;
    onConflict: (stored: { updatedAt?: string; deleted: boolean } | undefined) => boolean;
  },
): Promise<Item | undefined> {
  let stored: string | undefined;
  for (let attempt = 0; attempt < CHANGE_ATTEMPTS; attempt++) {
    const at = changeTime(now, stored);
    const fields = { ...change.fields(at), updatedAt: at };
    if (change.pending) Object.assign(fields, markAttributes(key, newMark(change.pending(at), now)));
    const set = setFields(fields);
    const names = { ...set.ExpressionAttributeNames, ...Object.fromEntries(change.remove.map((a, i) => [`#r${i}`, a])) };
    const removes = change.remove.map((_, i) => `#r${i}`).join(', ');
    const created = change.returnValues === 'ALL_NEW' ? ', createdAt = if_not_exists(createdAt, :at)' : '';
    try {
      const out = await dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: `${set.UpdateExpression}${created}${removes ? ` REMOVE ${removes}` : ''}`,
          ConditionExpression: change.condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...set.ExpressionAttributeValues, ':at': at },
          ReturnValues: change.returnValues,
        }),
      );
      return out.Attributes;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const current = await storedChange(key);
      if (!change.onConflict(current)) return undefined;
      stored = current?.updatedAt;
    }
  }
  throw new Error(`The entry ${key.sk} kept changing; try again`);
}

export const dynamoEntries: EntryRepository = {
  async put(userId, entry, now, pending) {
    const item = await writeChange(entryKey(userId, entry.date, entry.activityId), now, {
      fields: (at) => {
        const { pk: _pk, sk: _sk, ...fields } = entryItem(userId, entry, at);
        return fields;
      },
      remove: [DELETED],
      condition: 'attribute_not_exists(updatedAt) OR updatedAt < :at',
      returnValues: 'ALL_NEW',
      pending: pending && ((at) => pending({ ...entry, updatedAt: at })),
      // A later change is stored (a clock ran ahead): this write comes after it.
      onConflict: () => true,
    });
    return toEntry(item!);
  },

  async putIfAbsent(userId, entry, now, pending) {
    const item = await writeChange(entryKey(userId, entry.date, entry.activityId), now, {
      fields: (at) => {
        const { pk: _pk, sk: _sk, ...fields } = entryItem(userId, entry, at);
        return fields;
      },
      remove: [DELETED],
      // No entry, or only a tombstone of one.
      condition: 'attribute_not_exists(pk) OR (attribute_exists(deleted) AND updatedAt < :at)',
      returnValues: 'ALL_NEW',
      pending: pending && ((at) => pending({ ...entry, updatedAt: at })),
      onConflict: (stored) => stored === undefined || stored.deleted,
    });
    return item ? toEntry(item) : undefined;
  },

  async get(userId, date, activityId) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: entryKey(userId, date, activityId) }));
    return out.Item && !out.Item[DELETED] ? toEntry(out.Item) : undefined;
  },

  async remove(userId, date, activityId, now, pending) {
    const old = await writeChange(entryKey(userId, date, activityId), now, {
      fields: () => ({ [DELETED]: true }),
      remove: ENTRY_ONLY,
      condition: 'attribute_exists(pk) AND attribute_not_exists(deleted) AND (attribute_not_exists(updatedAt) OR updatedAt < :at)',
      returnValues: 'ALL_OLD',
      pending: (at) => pending(Date.parse(at)),
      onConflict: (stored) => stored !== undefined && !stored.deleted,
    });
    return old ? toEntry(old) : undefined;
  },

  async record(userId, date, activityId) {
    const out = await dynamo.send(
      new GetCommand({ TableName: tableName, Key: entryKey(userId, date, activityId), ConsistentRead: true }),
    );
    return out.Item ? toRecord(out.Item) : undefined;
  },

  settle(userId, date, activityId, markId, tombstone) {
    const key = entryKey(userId, date, activityId);
    return tombstone ? deleteMarked(key, markId) : clearMark(key, markId);
  },

  // Entries of one user on one date
  async listByDate(userId, date) {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: LIVE,
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':prefix': `ENTRY#${date}#` },
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
      FilterExpression: LIVE,
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':from': `ENTRY#${from}`, ':to': `ENTRY#${to}#~` },
    })) {
      yield items.map(toEntry);
    }
  },

  // Every entry item of one user, tombstones included
  async *recordsOfUser(userId) {
    for await (const items of queryPages(userItemsQuery(userId, 'ENTRY#'))) {
      yield items.map(toRecord);
    }
  },

  async putMany(userId, entries, mark) {
    await batchPut(
      entries.map((e) => {
        const item = { ...entryItem(userId, e, e.updatedAt), createdAt: e.createdAt };
        return mark ? { ...item, ...markAttributes(entryKey(userId, e.date, e.activityId), mark(e)) } : item;
      }),
    );
  },

  // Entries of one activity that carry one mark (GSI1, filtered), each cleared conditionally
  async settleMarked(userId, activityId, markId) {
    let cleared = 0;
    for await (const items of queryPages({
      IndexName: GSI1.name,
      KeyConditionExpression: 'gsi1pk = :g',
      FilterExpression: '#mark = :mark',
      ProjectionExpression: 'pk, sk',
      ExpressionAttributeNames: { '#mark': MARK.id },
      ExpressionAttributeValues: { ':g': byActivity(userId, activityId), ':mark': markId },
    })) {
      // A few at a time: an import settles thousands.
      for (let i = 0; i < items.length; i += SETTLE_PARALLEL) {
        const done = await Promise.all(items.slice(i, i + SETTLE_PARALLEL).map((it) => clearMark({ pk: it.pk as string, sk: it.sk as string }, markId)));
        cleared += done.filter(Boolean).length;
      }
    }
    return cleared;
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
