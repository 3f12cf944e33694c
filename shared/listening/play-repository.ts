import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { userItemsQuery, userPartition } from '../db/keys.ts';
import {
  LISTENING_DAY_PREFIX,
  LISTENING_ENTITY_PREFIX,
  LISTENING_MONTH_PREFIX,
  listeningAllKey,
  listeningDayKey,
  listeningEntityKey,
  listeningMonthKey,
  PLAY_PREFIX,
  playPartition,
} from './keys.ts';
import { batchDelete, batchPut, getItems, queryAll, queryPages, writeIf, type Item } from '../db/table.ts';
import type { PlayRepository, StoredPlay, Versioned } from './play-store.ts';
import { playMonth } from './play-store.ts';
import { emptyAllTime, type AllTimeRollup, type DayRollup, type Dimension, type EntityCounter, type MonthRollup } from './rollups.ts';

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const ty = Number(to.slice(0, 4));
  const tm = Number(to.slice(5, 7));
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return months;
}

function toStoredPlay(item: Item): StoredPlay {
  const { pk: _pk, ...rest } = item;
  return rest as unknown as StoredPlay;
}

function stripVersion<T>(item: Item | undefined): Versioned<T> | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, v, ...value } = item;
  return { value: value as T, version: Number(v) };
}

/** Batch requests a store of plays has in flight at once. */
const WRITES_IN_FLIGHT = 4;

const ts = (at: number) => String(Math.max(0, at)).padStart(13, '0');

async function conditionalPut(item: Item, expectedVersion: number): Promise<boolean> {
  return writeIf(
    dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...item, v: expectedVersion + 1 },
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
      }),
    ),
  );
}

export const dynamoPlays: PlayRepository = {
  // Plays of a user between two instants (dedupe candidates): one query per month partition
  async playsBetween(userId, from, to) {
    const plays: StoredPlay[] = [];
    for (const month of monthsBetween(playMonth(Math.max(0, from)), playMonth(to))) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': playPartition(userId, month), ':from': `${PLAY_PREFIX}${ts(from)}`, ':to': `${PLAY_PREFIX}${ts(to)}~` },
      });
      plays.push(...items.map(toStoredPlay));
    }
    return plays;
  },

  async putPlays(userId, plays) {
    await batchPut(plays.map((p) => ({ ...p, pk: playPartition(userId, p.month) })), WRITES_IN_FLIGHT);
  },

  // Plays counted by the day roll-ups of these dates (counts only)
  async playsOnDays(userId, dates) {
    const keys = dates.map((d) => listeningDayKey(userId, d));
    const found = await getItems(keys, { consistent: true, projection: 'sk, plays, shortPlays', parallel: WRITES_IN_FLIGHT });
    const counts = new Map<string, number>();
    for (const item of found) {
      const plays = Number(item.plays ?? 0) + Number(item.shortPlays ?? 0);
      if (plays > 0) counts.set((item.sk as string).slice(LISTENING_DAY_PREFIX.length), plays);
    }
    return counts;
  },

  // Day roll-ups of a user by date
  async getDays(userId, dates) {
    const out = new Map<string, Versioned<DayRollup>>();
    const keys = dates.map((d) => listeningDayKey(userId, d));
    for (const item of await getItems(keys, { consistent: true, parallel: WRITES_IN_FLIGHT })) {
      const v = stripVersion<DayRollup>(item)!;
      out.set(v.value.date, v);
    }
    return out;
  },

  async putDays(userId, days) {
    await batchPut(days.map(({ day, version }) => ({ ...listeningDayKey(userId, day.date), ...day, v: version })), WRITES_IN_FLIGHT);
  },

  // Day roll-ups of one local month
  async monthDays(userId, month) {
    const items = await queryAll({
      ...userItemsQuery(userId, `${LISTENING_DAY_PREFIX}${month}-`),
      ConsistentRead: true,
    });
    return items.map((i) => stripVersion<DayRollup>(i)!.value);
  },

  async putMonth(userId, month) {
    await dynamo.send(new PutCommand({ TableName: tableName, Item: { ...listeningMonthKey(userId, month.month), ...month, v: 1 } }));
  },

  // The all-time roll-up of a user
  async getAllTime(userId) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: listeningAllKey(userId), ConsistentRead: true }));
    return stripVersion<AllTimeRollup>(out.Item) ?? { value: emptyAllTime(), version: 0 };
  },

  async putAllTime(userId, all, expectedVersion) {
    return conditionalPut({ ...listeningAllKey(userId), ...all }, expectedVersion);
  },

  /*
   * Read, add, write back in batches (BatchGetItem 100, BatchWriteItem 25, a few in flight) rather
   * than one UpdateItem per entity: a batch of plays touches thousands of entities. Safe because
   * the play store has one writer per user at a time (the play-writer lease), as its day roll-ups.
   */
  async addToEntities(userId, deltas) {
    const keys = deltas.map((d) => listeningEntityKey(userId, d.dimension, d.key));
    const existing = new Map<string, Item>();
    for (const item of await getItems(keys, { consistent: true, parallel: WRITES_IN_FLIGHT })) existing.set(item.sk as string, item);
    const counters = deltas.map((delta, i) => addToCounter(existing.get(keys[i]!.sk), delta));
    await batchPut(counters.map((counter, i) => ({ ...keys[i]!, ...counterItem(counter) })), WRITES_IN_FLIGHT);
    return counters;
  },
};

/** A counter with a delta added: totals and years summed, the name the delta's, the first and last play moved outwards. */
function addToCounter(item: Item | undefined, delta: EntityCounter): EntityCounter {
  const was = item ? toCounter(item) : undefined;
  const years: Record<string, [number, number]> = { ...was?.years };
  for (const [year, [p, ms]] of Object.entries(delta.years)) {
    const y = years[year] ?? [0, 0];
    years[year] = [y[0] + p, y[1] + ms];
  }
  const artist = delta.artist ?? was?.artist;
  const artistKey = delta.artistKey ?? was?.artistKey;
  const firstAt = was?.firstAt === undefined ? delta.firstAt : delta.firstAt === undefined ? was.firstAt : Math.min(was.firstAt, delta.firstAt);
  const lastAt = was?.lastAt === undefined ? delta.lastAt : delta.lastAt === undefined ? was.lastAt : Math.max(was.lastAt, delta.lastAt);
  return {
    dimension: delta.dimension,
    key: delta.key,
    name: delta.name,
    ...(artist !== undefined ? { artist } : {}),
    ...(artistKey !== undefined ? { artistKey } : {}),
    plays: (was?.plays ?? 0) + delta.plays,
    ms: (was?.ms ?? 0) + delta.ms,
    ...(firstAt !== undefined && lastAt !== undefined ? { firstAt, lastAt } : {}),
    years,
  };
}

/** An entity counter's item attributes (years as `yp<year>`/`ym<year>`, as {@link toCounter} reads them). */
function counterItem(counter: EntityCounter): Item {
  const { years, ...rest } = counter;
  const item: Item = { ...rest };
  for (const [year, [p, ms]] of Object.entries(years)) {
    item[`yp${year}`] = p;
    item[`ym${year}`] = ms;
  }
  return item;
}

/** An entity counter from its item. */
export function toCounter(item: Item): EntityCounter {
  const years: Record<string, [number, number]> = {};
  for (const [name, value] of Object.entries(item)) {
    const match = /^y([pm])(\d{4})$/.exec(name);
    if (!match) continue;
    const y = (years[match[2]!] ??= [0, 0]);
    y[match[1] === 'p' ? 0 : 1] = Number(value);
  }
  return {
    dimension: item.dimension as Dimension,
    key: item.key as string,
    name: item.name as string,
    ...(item.artist !== undefined ? { artist: item.artist as string } : {}),
    ...(item.artistKey !== undefined ? { artistKey: item.artistKey as string } : {}),
    plays: Number(item.plays),
    ms: Number(item.ms),
    ...(item.firstAt !== undefined ? { firstAt: Number(item.firstAt), lastAt: Number(item.lastAt) } : {}),
    years,
  };
}

/** Read side of the roll-ups and plays, for the history queries. */
export const dynamoHistory = {
  // Day roll-ups of a user between two local dates (≤ a few months: the range's edges)
  async days(userId: string, from: string, to: string): Promise<DayRollup[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':from': `${LISTENING_DAY_PREFIX}${from}`, ':to': `${LISTENING_DAY_PREFIX}${to}` },
    });
    return items.map((i) => stripVersion<DayRollup>(i)!.value);
  },
  // Day roll-ups by date (on this day)
  async daysAt(userId: string, dates: readonly string[]): Promise<DayRollup[]> {
    const items = await getItems(dates.map((d) => listeningDayKey(userId, d)));
    return items.map((i) => stripVersion<DayRollup>(i)!.value);
  },
  // Month roll-ups of a user between two months
  async months(userId: string, from: string, to: string): Promise<MonthRollup[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':from': `${LISTENING_MONTH_PREFIX}${from}`, ':to': `${LISTENING_MONTH_PREFIX}${to}` },
    });
    return items.map((i) => stripVersion<MonthRollup>(i)!.value);
  },
  async allTime(userId: string): Promise<AllTimeRollup | undefined> {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: listeningAllKey(userId) }));
    return stripVersion<AllTimeRollup>(out.Item)?.value;
  },
  // One entity's all-time counter
  async entity(userId: string, dimension: Dimension, key: string): Promise<EntityCounter | undefined> {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: listeningEntityKey(userId, dimension, key) }));
    return out.Item ? toCounter(out.Item) : undefined;
  },
  // Counters of a dimension whose key starts with a prefix (an artist's tracks and albums)
  async entities(userId: string, dimension: Dimension, prefix = ''): Promise<EntityCounter[]> {
    const items = await queryAll({
      ...userItemsQuery(userId, `${LISTENING_ENTITY_PREFIX}${dimension}#${prefix}`),
    });
    return items.map(toCounter);
  },
  // A page of one month's plays, newest first (the timeline)
  async playPage(userId: string, month: string, limit: number, before?: string, after?: string): Promise<StoredPlay[]> {
    const out = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: before ? 'pk = :pk AND sk < :b' : after ? 'pk = :pk AND sk >= :a' : 'pk = :pk',
        ExpressionAttributeValues: { ':pk': playPartition(userId, month), ...(before ? { ':b': before } : {}), ...(after ? { ':a': after } : {}) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(toStoredPlay);
  },
};

export type HistoryReader = typeof dynamoHistory;

/**
 * The months a user has plays in, from the sort keys of their `LMON#`/`LDAY#` roll-ups (the plays
 * live outside the user's partition, one partition per month; the roll-ups name those months).
 */
export function playMonthsOf(sortKeys: readonly string[]): string[] {
  const months = new Set<string>();
  for (const sk of sortKeys) if (sk.startsWith(LISTENING_MONTH_PREFIX) || sk.startsWith(LISTENING_DAY_PREFIX)) months.add(sk.split('#')[1]!.slice(0, 7));
  return [...months].sort();
}

// The sort keys of a user's month and day roll-ups (which months hold plays: purge, backup, restore)
async function rollupSortKeys(userId: string): Promise<string[]> {
  const rollups = [
    ...(await queryAll({ ...userItemsQuery(userId, LISTENING_MONTH_PREFIX), ProjectionExpression: 'sk' })),
    ...(await queryAll({ ...userItemsQuery(userId, LISTENING_DAY_PREFIX), ProjectionExpression: 'sk' })),
  ];
  return rollups.map((r) => r.sk as string);
}

/**
 * Pages of every play item of a user (backups, restores, the purge): one query per month
 * partition named by the roll-ups (`months`, or read from the user's partition when not given).
 * Items come whole, keys included, unless `keysOnly`.
 */
export async function* userPlayPages(userId: string, months?: readonly string[], keysOnly = false): AsyncGenerator<Item[]> {
  for (const month of months ?? playMonthsOf(await rollupSortKeys(userId))) {
    // Every play of one month partition
    yield* queryPages({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': playPartition(userId, month) }, ...(keysOnly ? { ProjectionExpression: 'pk, sk' } : {}) });
  }
}

/**
 * Deletes a user's plays (the account purge): they live outside the user's partition, one
 * partition per month, so the months are read from the day and month roll-ups in the user's
 * partition — this runs before that is purged. Returns how many items it deleted.
 */
export async function purgeUserPlays(userId: string): Promise<number> {
  let deleted = 0;
  for await (const items of userPlayPages(userId, undefined, true)) {
    await batchDelete(items.map((i) => ({ pk: i.pk as string, sk: i.sk as string })));
    deleted += items.length;
  }
  return deleted;
}
