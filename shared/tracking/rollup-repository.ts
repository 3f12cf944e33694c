import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { batchDelete, batchPut, queryAll, queryPages, writeIf, type Item } from '../db/table.ts';
import type { IsoDate } from '../kit/dates.ts';
import type { DaySlot, Entry } from './model.ts';
import { userItemsQuery } from '../db/keys.ts';
import { ACTIVITY_MONTH_PREFIX, activityMonthKey, DAY_PREFIX, dayRollupKey } from './keys.ts';
import { dynamoRollupReads, toSlot, type RollupReads, type StoredSlot } from './rollup-reads.ts';

/**
 * Derived, pre-aggregated items the analytics read (kept by the entry-rollups consumer):
 * - one item per user and date holding every activity's slot that day (dashboards read ≤ 31);
 * - one item per activity and month holding that month's slots (an activity's year is ≤ 13).
 * Each slot carries the epoch ms of the change it reflects; an older change never overwrites a
 * newer one, so out-of-order or repeated deliveries converge to the entries' state. Their reads
 * are in rollup-reads.ts.
 */
export interface RollupRepository extends RollupReads {
  /** Sets (or, with `slot` null, clears) one activity's slot on one date in both roll-ups. */
  applySlot(userId: string, activityId: string, date: IsoDate, slot: DaySlot | null, at: number): Promise<void>;
  /** Deletes an activity's month items (its day slots are ignored once the activity is gone). */
  removeActivity(userId: string, activityId: string): Promise<void>;
  /** Rebuilds an activity's month items from all of its entries (bulk imports). */
  replaceMonths(userId: string, activityId: string, entries: readonly Entry[]): Promise<void>;
  /** Rebuilds the day items of the given dates from every entry on them (bulk imports). */
  replaceDays(userId: string, days: ReadonlyMap<IsoDate, readonly Entry[]>): Promise<void>;
  /** Every stored slot of a user (tombstones included), from the day items and from the month items (the repair). */
  slotsOfUser(userId: string): Promise<UserSlots>;
  /**
   * Overwrites one activity's slot on one date in the day item or the month item with `slot`
   * (null: a tombstone) at `at`, provided it still reflects the change at `expectedAt` (undefined:
   * there is no slot) — the repair's write, which a consumer's write since wins over. Returns
   * whether it wrote.
   */
  replaceSlot(
    kind: SlotKind,
    userId: string,
    activityId: string,
    date: IsoDate,
    slot: DaySlot | null,
    at: number,
    expectedAt: number | undefined,
  ): Promise<boolean>;
}

/** Which roll-up a slot is in: the user's day item or the activity's month item. */
export type SlotKind = 'day' | 'month';

/** A slot as stored: null for a tombstone, with the epoch ms of the change it reflects. */
export interface StoredSlotView {
  slot: DaySlot | null;
  at: number;
}

/** Stored slots by activity, then date. */
export type SlotsByActivity = Map<string, Map<IsoDate, StoredSlotView>>;

/** A user's stored slots in both roll-ups. */
export interface UserSlots {
  days: SlotsByActivity;
  months: SlotsByActivity;
}

const dayAttribute = (activityId: string) => `a_${activityId}`;
const monthAttribute = (date: IsoDate) => `d${date.slice(8, 10)}`;

async function setSlot(key: { pk: string; sk: string }, attribute: string, slot: StoredSlot): Promise<void> {
  // A newer (or the same) change is already there.
  await writeIf(
    dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET #slot = :slot',
        ConditionExpression: 'attribute_not_exists(#slot) OR #slot.#at < :at',
        ExpressionAttributeNames: { '#slot': attribute, '#at': 'at' },
        ExpressionAttributeValues: { ':slot': slot, ':at': slot.at },
      }),
    ),
  );
}

const storedSlot = (e: Entry): StoredSlot => ({ s: e.status, v: e.value, at: Date.parse(e.updatedAt) });

function storedView(stored: StoredSlot): StoredSlotView {
  return { slot: toSlot(stored) ?? null, at: stored.at };
}

function addSlot(into: SlotsByActivity, activityId: string, date: IsoDate, stored: StoredSlot): void {
  let byDate = into.get(activityId);
  if (!byDate) into.set(activityId, (byDate = new Map<IsoDate, StoredSlotView>()));
  byDate.set(date, storedView(stored));
}

export const dynamoRollups: RollupRepository = {
  ...dynamoRollupReads,

  async applySlot(userId, activityId, date, slot, at) {
    const stored: StoredSlot = slot ? { s: slot.status, v: slot.value, at } : { x: true, at };
    await setSlot(dayRollupKey(userId, date), dayAttribute(activityId), stored);
    await setSlot(activityMonthKey(userId, activityId, date.slice(0, 7)), monthAttribute(date), stored);
  },

  async removeActivity(userId, activityId) {
    const items = await queryAll({
      ...userItemsQuery(userId, `${ACTIVITY_MONTH_PREFIX}${activityId}#`),
      ProjectionExpression: 'pk, sk',
    });
    await batchDelete(items.map((i) => ({ pk: i.pk as string, sk: i.sk as string })));
  },

  async replaceMonths(userId, activityId, entries) {
    await this.removeActivity(userId, activityId);
    const months = new Map<string, Item>();
    for (const e of entries) {
      const month = e.date.slice(0, 7);
      if (!months.has(month)) months.set(month, { ...activityMonthKey(userId, activityId, month), type: 'activity-month' });
      months.get(month)![monthAttribute(e.date)] = storedSlot(e);
    }
    await batchPut([...months.values()]);
  },

  // Every day item and every month item of one user
  async slotsOfUser(userId) {
    const slots: UserSlots = { days: new Map(), months: new Map() };
    for await (const items of queryPages(userItemsQuery(userId, DAY_PREFIX))) {
      for (const item of items) {
        const date = (item.sk as string).slice(DAY_PREFIX.length);
        for (const [attr, value] of Object.entries(item)) {
          if (attr.startsWith('a_')) addSlot(slots.days, attr.slice(2), date, value as StoredSlot);
        }
      }
    }
    for await (const items of queryPages(userItemsQuery(userId, ACTIVITY_MONTH_PREFIX))) {
      for (const item of items) {
        const [, activityId, month] = (item.sk as string).split('#') as [string, string, string];
        for (const [attr, value] of Object.entries(item)) {
          if (/^d\d{2}$/.test(attr)) addSlot(slots.months, activityId, `${month}-${attr.slice(1)}`, value as StoredSlot);
        }
      }
    }
    return slots;
  },

  async replaceSlot(kind, userId, activityId, date, slot, at, expectedAt) {
    const key = kind === 'day' ? dayRollupKey(userId, date) : activityMonthKey(userId, activityId, date.slice(0, 7));
    const attribute = kind === 'day' ? dayAttribute(activityId) : monthAttribute(date);
    const stored: StoredSlot = slot ? { s: slot.status, v: slot.value, at } : { x: true, at };
    return writeIf(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'SET #slot = :slot, #type = if_not_exists(#type, :type)',
          ConditionExpression: expectedAt === undefined ? 'attribute_not_exists(#slot)' : '#slot.#at = :expected',
          ExpressionAttributeNames: { '#slot': attribute, '#type': 'type', ...(expectedAt === undefined ? {} : { '#at': 'at' }) },
          ExpressionAttributeValues: {
            ':slot': stored,
            ':type': kind === 'day' ? 'day' : 'activity-month',
            ...(expectedAt === undefined ? {} : { ':expected': expectedAt }),
          },
        }),
      ),
    );
  },

  async replaceDays(userId, days) {
    const items: Item[] = [];
    for (const [date, entries] of days) {
      const item: Item = { ...dayRollupKey(userId, date), type: 'day' };
      for (const e of entries) item[dayAttribute(e.activityId)] = storedSlot(e);
      items.push(item);
    }
    await batchPut(items);
  },
};
