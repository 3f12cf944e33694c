import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inParallel } from '../kit/parallel.ts';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { userKey, userPartition } from '../db/keys.ts';
import { batchDelete, batchPut, getItems, isConditionFailed, queryAll, queryPages, type Item } from '../db/table.ts';
import type { PlayRepository, StoredPlay, Versioned } from './play-store.ts';
import { playMonth } from './play-store.ts';
import { emptyAllTime, type AllTimeRollup, type DayRollup, type Dimension, type EntityCounter, type MonthRollup } from './rollups.ts';

/**
 * DynamoDB keys of the listening area:
 * - plays: partition `USER#<id>#PLAYS#<YYYY-MM>` (one per user and UTC month, so a million-play
 *   import spreads over many partitions), sort key `P#<endedAt, 13 digits>#<hash>`;
 * - in the user's partition: `LDAY#<date>`, `LMON#<month>`, `LALL` (roll-ups), `LENT#<dimension>#<key>`
 *   (all-time entity counters; a track's and an album's key starts with its artist's), `LCONN`
 *   (the Spotify connection), `LWRITER` (the writer lease), `LRUN#…` (job runs).
 */

/** The partition of one user's plays of one UTC month. */
export function playPartition(userId: string, month: string): string {
  return `${userPartition(userId)}#PLAYS#${month}`;
}

const dayKey = (userId: string, date: string) => userKey(userId, `LDAY#${date}`);
const monthKey = (userId: string, month: string) => userKey(userId, `LMON#${month}`);
const allKey = (userId: string) => userKey(userId, 'LALL');
const entityKey = (userId: string, dimension: Dimension, key: string) => userKey(userId, `LENT#${dimension}#${key}`);

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

const ts = (at: number) => String(Math.max(0, at)).padStart(13, '0');

async function conditionalPut(item: Item, expectedVersion: number): Promise<boolean> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...item, v: expectedVersion + 1 },
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

export const dynamoPlays: PlayRepository = {
  // Plays of a user between two instants (dedupe candidates): one query per month partition
  async playsBetween(userId, from, to) {
    const plays: StoredPlay[] = [];
    for (const month of monthsBetween(playMonth(Math.max(0, from)), playMonth(to))) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': playPartition(userId, month), ':from': `P#${ts(from)}`, ':to': `P#${ts(to)}~` },
      });
      plays.push(...items.map(toStoredPlay));
    }
    return plays;
  },

  async putPlays(userId, plays) {
    await batchPut(plays.map((p) => ({ ...p, pk: playPartition(userId, p.month) })));
  },

  // Day roll-ups of a user by date
  async getDays(userId, dates) {
    const out = new Map<string, Versioned<DayRollup>>();
    for (let i = 0; i < dates.length; i += 100) {
      for (const item of await getItems(dates.slice(i, i + 100).map((d) => dayKey(userId, d)), true)) {
        const v = stripVersion<DayRollup>(item)!;
        out.set(v.value.date, v);
      }
    }
    return out;
  },

  async putDay(userId, day, expectedVersion) {
    return conditionalPut({ ...dayKey(userId, day.date), ...day }, expectedVersion);
  },

  // Day roll-ups of one local month
  async monthDays(userId, month) {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':prefix': `LDAY#${month}-` },
      ConsistentRead: true,
    });
    return items.map((i) => stripVersion<DayRollup>(i)!.value);
  },

  async putMonth(userId, month) {
    await dynamo.send(new PutCommand({ TableName: tableName, Item: { ...monthKey(userId, month.month), ...month, v: 1 } }));
  },

  // The all-time roll-up of a user
  async getAllTime(userId) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: allKey(userId), ConsistentRead: true }));
    return stripVersion<AllTimeRollup>(out.Item) ?? { value: emptyAllTime(), version: 0 };
  },

  async putAllTime(userId, all, expectedVersion) {
    return conditionalPut({ ...allKey(userId), ...all }, expectedVersion);
  },

  async addToEntities(userId, deltas) {
    return inParallel(deltas, 16, async (delta) => {
      const names: Record<string, string> = { '#p': 'plays', '#ms': 'ms', '#n': 'name', '#d': 'dimension', '#k': 'key' };
      const values: Record<string, unknown> = { ':p': delta.plays, ':ms': delta.ms, ':n': delta.name, ':d': delta.dimension, ':k': delta.key };
      const adds = ['#p :p', '#ms :ms'];
      const sets = ['#n = :n', '#d = :d', '#k = :k'];
      Object.entries(delta.years).forEach(([year, [p, ms]], i) => {
        names[`#yp${i}`] = `yp${year}`;
        names[`#ym${i}`] = `ym${year}`;
        values[`:yp${i}`] = p;
        values[`:ym${i}`] = ms;
        adds.push(`#yp${i} :yp${i}`, `#ym${i} :ym${i}`);
      });
      if (delta.artist !== undefined) {
        names['#a'] = 'artist';
        values[':a'] = delta.artist;
        sets.push('#a = :a');
      }
      if (delta.artistKey !== undefined) {
        names['#ak'] = 'artistKey';
        values[':ak'] = delta.artistKey;
        sets.push('#ak = :ak');
      }
      if (delta.firstAt !== undefined) {
        names['#f'] = 'firstAt';
        names['#l'] = 'lastAt';
        values[':f'] = delta.firstAt;
        values[':l'] = delta.lastAt;
        sets.push('#f = if_not_exists(#f, :f)', '#l = if_not_exists(#l, :l)');
      }
      const key = entityKey(userId, delta.dimension, delta.key);
      const out = await dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      const counter = toCounter(out.Attributes!);
      // The earliest and latest play: only moved when this batch goes beyond them.
      if (delta.firstAt !== undefined && counter.firstAt !== undefined && delta.firstAt < counter.firstAt) {
        await moveBound(key, 'firstAt', delta.firstAt, '>');
        counter.firstAt = delta.firstAt;
      }
      if (delta.lastAt !== undefined && counter.lastAt !== undefined && delta.lastAt > counter.lastAt) {
        await moveBound(key, 'lastAt', delta.lastAt, '<');
        counter.lastAt = delta.lastAt;
      }
      return counter;
    });
  },
};

async function moveBound(key: { pk: string; sk: string }, attribute: string, at: number, op: '<' | '>'): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET #a = :at',
        ConditionExpression: `#a ${op} :at`,
        ExpressionAttributeNames: { '#a': attribute },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
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
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':from': `LDAY#${from}`, ':to': `LDAY#${to}` },
    });
    return items.map((i) => stripVersion<DayRollup>(i)!.value);
  },
  // Day roll-ups by date (on this day)
  async daysAt(userId: string, dates: readonly string[]): Promise<DayRollup[]> {
    const items = dates.length ? await getItems(dates.map((d) => dayKey(userId, d))) : [];
    return items.map((i) => stripVersion<DayRollup>(i)!.value);
  },
  // Month roll-ups of a user between two months
  async months(userId: string, from: string, to: string): Promise<MonthRollup[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':from': `LMON#${from}`, ':to': `LMON#${to}` },
    });
    return items.map((i) => stripVersion<MonthRollup>(i)!.value);
  },
  async allTime(userId: string): Promise<AllTimeRollup | undefined> {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: allKey(userId) }));
    return stripVersion<AllTimeRollup>(out.Item)?.value;
  },
  // One entity's all-time counter
  async entity(userId: string, dimension: Dimension, key: string): Promise<EntityCounter | undefined> {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: entityKey(userId, dimension, key) }));
    return out.Item ? toCounter(out.Item) : undefined;
  },
  // Counters of a dimension whose key starts with a prefix (an artist's tracks and albums)
  async entities(userId: string, dimension: Dimension, prefix = ''): Promise<EntityCounter[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':prefix': `LENT#${dimension}#${prefix}` },
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
  for (const sk of sortKeys) if (sk.startsWith('LMON#') || sk.startsWith('LDAY#')) months.add(sk.split('#')[1]!.slice(0, 7));
  return [...months].sort();
}

// The sort keys of a user's month and day roll-ups (which months hold plays: purge, backup, restore)
async function rollupSortKeys(userId: string): Promise<string[]> {
  const rollups = [
    ...(await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': userPartition(userId), ':p': 'LMON#' }, ProjectionExpression: 'sk' })),
    ...(await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': userPartition(userId), ':p': 'LDAY#' }, ProjectionExpression: 'sk' })),
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
