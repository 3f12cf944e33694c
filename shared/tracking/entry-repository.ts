import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { MARK, markAttributes, markEvents, markOf, type PendingEvent, type PendingMark } from '../db/pending.ts';
import { clearMark, deleteMarked } from '../db/pending-store.ts';
import { batchDelete, batchPut, queryPages, type Item } from '../db/table.ts';
import type { IsoDate } from '../kit/dates.ts';
import { dynamoEntryChanges, entryItem, type EntryChanges } from './entry-changes.ts';
import { byActivity, DELETED, dynamoEntryReads, toEntry, type EntryReads } from './entry-reads.ts';
import { ENTRY_PREFIX, entryKey } from './keys.ts';
import type { Entry } from './model.ts';
import { GSI1, userItemsQuery } from '../db/keys.ts';

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

/** Entries: their reads (entry-reads.ts), a user's changes (entry-changes.ts), marks and bulk writes. */
export interface EntryRepository extends EntryReads, EntryChanges {
  /** The stored slot of (activity, date) — tombstone and mark included — read consistently. */
  record(userId: string, date: IsoDate, activityId: string): Promise<EntryRecord | undefined>;
  /**
   * Settles the mark `markId` once its work is applied: clears it from an entry, or deletes a
   * tombstone. A newer write (a newer mark) is left alone. Returns whether it settled it.
   */
  settle(userId: string, date: IsoDate, activityId: string, markId: string, tombstone: boolean): Promise<boolean>;
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

/** Conditional writes a bulk settle keeps in flight at once. */
const SETTLE_PARALLEL = 16;

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

export const dynamoEntries: EntryRepository = {
  ...dynamoEntryReads,
  ...dynamoEntryChanges,

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

  // Every entry item of one user, tombstones included
  async *recordsOfUser(userId) {
    for await (const items of queryPages(userItemsQuery(userId, ENTRY_PREFIX))) {
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
