import { queryAll } from '../db/table.ts';
import { userPartition } from '../db/keys.ts';
import type { IsoDate } from '../kit/dates.ts';
import { ACTIVITY_MONTH_PREFIX, DAY_PREFIX } from './keys.ts';
import type { DayRollup, DaySlot, History } from './model.ts';

/**
 * The read access patterns of the roll-ups (rollup-repository.ts keeps them), apart from their
 * writes: the analytics read these, and a function that only reads carries none of the writes.
 */
export interface RollupReads {
  /** An activity's recorded days, optionally limited to months `from`…`to` (YYYY-MM). */
  history(userId: string, activityId: string, fromMonth?: string, toMonth?: string): Promise<History>;
  /** The day roll-ups of a user between two dates. */
  dayRollups(userId: string, from: IsoDate, to: IsoDate): Promise<Map<IsoDate, DayRollup>>;
}

/** A slot as an item stores it (short names: a day item holds every activity's). */
export interface StoredSlot {
  s?: DaySlot['status'];
  v?: number | null;
  /** Tombstone: the entry was deleted. */
  x?: true;
  at: number;
}

/** The slot a stored one shows, or undefined for a tombstone or none. */
export function toSlot(stored: StoredSlot | undefined): DaySlot | undefined {
  if (!stored || stored.x || !stored.s) return undefined;
  return { status: stored.s, value: stored.v ?? null };
}

export const dynamoRollupReads: RollupReads = {
  // Month items of one activity between two months
  async history(userId, activityId, fromMonth = '0000-00', toMonth = '9999-99') {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': userPartition(userId),
        ':from': `${ACTIVITY_MONTH_PREFIX}${activityId}#${fromMonth}`,
        ':to': `${ACTIVITY_MONTH_PREFIX}${activityId}#${toMonth}`,
      },
      ConsistentRead: true,
    });
    const history = new Map<IsoDate, DaySlot>();
    for (const item of items) {
      const month = (item.sk as string).slice(-7);
      for (const [attr, value] of Object.entries(item)) {
        if (!/^d\d{2}$/.test(attr)) continue;
        const slot = toSlot(value as StoredSlot);
        if (slot) history.set(`${month}-${attr.slice(1)}`, slot);
      }
    }
    return new Map([...history].sort(([a], [b]) => (a < b ? -1 : 1)));
  },

  // Day roll-ups of one user between two dates
  async dayRollups(userId, from, to) {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':from': `${DAY_PREFIX}${from}`, ':to': `${DAY_PREFIX}${to}` },
    });
    const out = new Map<IsoDate, DayRollup>();
    for (const item of items) {
      const day = new Map<string, DaySlot>();
      for (const [attr, value] of Object.entries(item)) {
        if (!attr.startsWith('a_')) continue;
        const slot = toSlot(value as StoredSlot);
        if (slot) day.set(attr.slice(2), slot);
      }
      out.set((item.sk as string).slice(4), day);
    }
    return out;
  },
};
