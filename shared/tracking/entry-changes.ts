import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { markAttributes, newMark, type PendingEvent } from '../db/pending.ts';
import { isConditionFailed, setFields, type Item } from '../db/table.ts';
import type { IsoDate } from '../kit/dates.ts';
import { byActivity, DELETED, toEntry } from './entry-reads.ts';
import { entryKey } from './keys.ts';
import type { Entry } from './model.ts';

/** The stored part of an entry a caller sets. */
export type EntryWrite = Omit<Entry, 'createdAt' | 'updatedAt'>;

/** An entry as a write stores it (its `createdAt` is kept by the table). */
export type StoredChange = EntryWrite & { updatedAt: string };

/** The events a write must cause, built from what it stores (they become its pending mark). */
export type PendingOf<T> = (stored: T) => PendingEvent[];

/**
 * A user's changes of single entries, apart from the reads (entry-reads.ts) and from the marks
 * and bulk writes (entry-repository.ts): what a function that logs entries needs.
 */
export interface EntryChanges {
  /**
   * Creates or replaces the entry of (activity, date), keeping its createdAt. Its `updatedAt`
   * is later than the stored one's even if clocks disagree (roll-ups order changes by it); with
   * `pending`, the write carries a pending mark of those events.
   */
  put(userId: string, entry: EntryWrite, now: Date, pending?: PendingOf<StoredChange>): Promise<Entry>;
  /** Creates the entry only if there is none (finalize's missed entries never overwrite). */
  putIfAbsent(userId: string, entry: EntryWrite, now: Date, pending?: PendingOf<StoredChange>): Promise<Entry | undefined>;
  /**
   * Deletes the entry, leaving a tombstone that carries the pending mark of `pending` (given the
   * deletion's epoch ms) until the consumer has applied the deletion; reads skip tombstones.
   * Returns the removed entry, or undefined when there was none.
   */
  remove(userId: string, date: IsoDate, activityId: string, now: Date, pending: PendingOf<number>): Promise<Entry | undefined>;
}

/** What a tombstone drops from the entry it replaces (the index keys hide it from gsi1 reads). */
const ENTRY_ONLY = ['value', 'note', 'status', 'statusSource', 'source', 'createdAt', 'gsi1pk', 'gsi1sk'];
/** Writes of a change retry with a later time when another change is stored with a later one. */
const CHANGE_ATTEMPTS = 5;

/** An entry's item as a write stores it. */
export function entryItem(userId: string, entry: EntryWrite, at: string): Item {
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

/** What both writes of an entry send: its fields at the write's time, the tombstone cleared, the new item back. */
function entryWrite(userId: string, entry: EntryWrite, pending: PendingOf<StoredChange> | undefined) {
  return {
    fields: (at: string) => {
      const { pk: _pk, sk: _sk, ...fields } = entryItem(userId, entry, at);
      return fields;
    },
    remove: [DELETED],
    returnValues: 'ALL_NEW' as const,
    pending: pending && ((at: string) => pending({ ...entry, updatedAt: at })),
  };
}

export const dynamoEntryChanges: EntryChanges = {
  async put(userId, entry, now, pending) {
    const item = await writeChange(entryKey(userId, entry.date, entry.activityId), now, {
      ...entryWrite(userId, entry, pending),
      condition: 'attribute_not_exists(updatedAt) OR updatedAt < :at',
      // A later change is stored (a clock ran ahead): this write comes after it.
      onConflict: () => true,
    });
    return toEntry(item!);
  },

  async putIfAbsent(userId, entry, now, pending) {
    const item = await writeChange(entryKey(userId, entry.date, entry.activityId), now, {
      ...entryWrite(userId, entry, pending),
      // No entry, or only a tombstone of one.
      condition: 'attribute_not_exists(pk) OR (attribute_exists(deleted) AND updatedAt < :at)',
      onConflict: (stored) => stored === undefined || stored.deleted,
    });
    return item ? toEntry(item) : undefined;
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
};
