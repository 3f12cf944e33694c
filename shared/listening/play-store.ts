import { hash } from 'node:crypto';
import { inParallel } from '../kit/parallel.ts';
import { accountAliasId, candidateRange, dedupeKey, findSamePlay, mergePlays, type MergedPlay } from './dedupe.ts';
import { PLAY_PREFIX } from './keys.ts';
import type { Play, PlaySource } from './play.ts';
import {
  applyToAllTime,
  applyToDay,
  emptyAllTime,
  emptyDay,
  entityDeltas,
  groupByDay,
  localClock,
  mergeIntoBoard,
  monthFromDays,
  DIMENSIONS,
  type AllTimeRollup,
  type BoardEntry,
  type Contribution,
  type DayRollup,
  type Dimension,
  type EntityCounter,
  type MonthRollup,
} from './rollups.ts';

/**
 * The play store: every source's plays land here once, deduplicated across sources with the
 * sources that saw each play (docs/listening.md, "Match rules"), and the roll-ups the history
 * queries read are kept in the same write. Plays live in one partition per user and UTC month.
 */

/** What each source reported for a play: [endedAt, msPlayed, id]. */
export type Sighting = [number, number, string];

/** A play as stored: merged fields, every source that saw it, and what each reported. */
export interface StoredPlay extends MergedPlay {
  /** The item's sort key within its month partition (fixed at first store). */
  sk: string;
  /** The UTC month `YYYY-MM` of the partition. */
  month: string;
  seen: Partial<Record<PlaySource, Sighting>>;
}

export interface Versioned<T> {
  value: T;
  /** Optimistic-lock version; 0 when the item does not exist yet. */
  version: number;
}

/** Persistence of plays and roll-ups (DynamoDB in Lambdas, memory in unit tests). */
export interface PlayRepository {
  playsBetween(userId: string, from: number, to: number): Promise<StoredPlay[]>;
  /** Plays (short ones included) the day roll-ups of these dates count; dates without plays are left out. */
  playsOnDays(userId: string, dates: readonly string[]): Promise<Map<string, number>>;
  putPlays(userId: string, plays: readonly StoredPlay[]): Promise<void>;
  getDays(userId: string, dates: readonly string[]): Promise<Map<string, Versioned<DayRollup>>>;
  /**
   * Writes day roll-ups, each as the next version of the one read (in batches: the play store
   * has one writer per user at a time — the play-writer lease — so no read-modify-write races).
   */
  putDays(userId: string, days: ReadonlyArray<{ day: DayRollup; version: number }>): Promise<void>;
  monthDays(userId: string, month: string): Promise<DayRollup[]>;
  putMonth(userId: string, month: MonthRollup): Promise<void>;
  getAllTime(userId: string): Promise<Versioned<AllTimeRollup>>;
  putAllTime(userId: string, all: AllTimeRollup, expectedVersion: number): Promise<boolean>;
  /** Adds deltas to the all-time entity counters; answers their new values. */
  addToEntities(userId: string, deltas: readonly EntityCounter[]): Promise<EntityCounter[]>;
}

export interface StoreOptions {
  /** The user's IANA time zone: days, hours and weekdays of the roll-ups are local. */
  timeZone: string;
}

export interface StoreResult {
  /** Plays stored for the first time. */
  added: number;
  /** Plays another source had already stored: their provenance (and fields) merged. */
  merged: number;
  /** Records already stored from the same source (a repeated row, an overlapping page or file). */
  duplicates: number;
}

/** Reported instants of one play may differ by up to a minute (account data) from its sort key. */
const SK_SLACK_MS = 60_000;
/** Requests a batch has in flight at once (reads of windows, writes of days and months). */
const PARALLEL = 8;
/** Candidate windows closer than this are read with one query. */
const WINDOW_GAP_MS = 10 * 60_000;

/** The UTC month of an instant: the play's partition. */
export function playMonth(endedAt: number): string {
  return new Date(endedAt).toISOString().slice(0, 7);
}

/** A play's sort key: the instant (13 digits, so it sorts) and a short hash of its record. */
export function playSortKey(play: Play): string {
  return `${PLAY_PREFIX}${String(play.endedAt).padStart(13, '0')}#${hash('sha256', dedupeKey(play), 'base64url').slice(0, 10)}`;
}

function asStored(play: Play): StoredPlay {
  return { ...play, sources: [play.source], sk: playSortKey(play), month: playMonth(play.endedAt), seen: { [play.source]: [play.endedAt, play.msPlayed, play.id] } };
}

function sortedIndex(list: readonly StoredPlay[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.endedAt < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const DAY_MS = 24 * 60 * 60_000;

/** The UTC dates from a day before `from` to a day after `to`: every local date of the range in any time zone. */
function datesAround(from: number, to: number): string[] {
  const dates: string[] = [];
  for (let day = Math.floor((from - DAY_MS) / DAY_MS); day <= Math.floor((to + DAY_MS) / DAY_MS); day++) dates.push(new Date(day * DAY_MS).toISOString().slice(0, 10));
  return dates;
}

/** Stored plays a gap between two windows may hold (by the day roll-ups' counts) for them to be read with one query. */
const MERGE_GAP_PLAYS = 16;

/**
 * The queries that find the stored plays around a batch's windows, by the day roll-ups' counts:
 * a window with no play stored within a day either side (a day, so a time zone changed since
 * they were written changes nothing) is not read — an import into an empty history reads
 * nothing; and windows whose gap holds few stored plays are read with one query (a batch of an
 * export file spread over a year has a window every hour or so: one query each would cost far
 * more than the few plays between them). A window of a day the roll-ups do not count yet —
 * plays stored by a run stopped before its roll-ups — is stored again under the same keys (a
 * put of the same item) and then counted once, by this run's roll-ups.
 */
async function windowsToRead(repo: PlayRepository, userId: string, windows: ReadonlyArray<{ from: number; to: number }>): Promise<Array<{ from: number; to: number }>> {
  const around = windows.map((w) => datesAround(w.from, w.to));
  const read = new Set(around.flat());
  const counts = await repo.playsOnDays(userId, [...read]);
  const stored = windows.filter((_, i) => around[i]!.some((d) => counts.has(d)));
  // Plays stored in [from, to], spread evenly over each day (a day not read counts as many).
  const within = (from: number, to: number) => {
    let plays = 0;
    for (let day = Math.floor(from / DAY_MS); day * DAY_MS <= to; day++) {
      const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
      const overlap = Math.min(to, (day + 1) * DAY_MS) - Math.max(from, day * DAY_MS);
      if (overlap > 0) plays += ((counts.get(date) ?? (read.has(date) ? 0 : Infinity)) * overlap) / DAY_MS;
    }
    return plays;
  };
  const reads: Array<{ from: number; to: number }> = [];
  for (const w of stored) {
    const last = reads.at(-1);
    if (last && within(last.to, w.from) <= MERGE_GAP_PLAYS) last.to = Math.max(last.to, w.to);
    else reads.push({ ...w });
  }
  return reads;
}

/** Merges candidate ranges of sorted plays into windows to read. */
function readWindows(plays: readonly Play[]): Array<{ from: number; to: number }> {
  const windows: Array<{ from: number; to: number }> = [];
  for (const play of plays) {
    const range = candidateRange(play);
    const from = range.from - SK_SLACK_MS;
    const to = range.to + SK_SLACK_MS;
    const last = windows.at(-1);
    if (last && from <= last.to + WINDOW_GAP_MS) last.to = Math.max(last.to, to);
    else windows.push({ from, to });
  }
  return windows;
}

/**
 * Stores a batch of plays for a user: each is matched against the plays already stored around
 * it and those earlier in the batch; a match gains the play's source (and its fields, by source
 * precedence), anything else is stored new; then the roll-ups take the difference. The caller
 * holds the user's writer lease (one writer per user), so reads and writes do not race.
 */
export async function storePlays(repo: PlayRepository, userId: string, plays: readonly Play[], options: StoreOptions): Promise<StoreResult> {
  const result: StoreResult = { added: 0, merged: 0, duplicates: 0 };
  if (plays.length === 0) return result;
  const sorted = [...plays].sort((a, b) => a.endedAt - b.endedAt);
  const pool: StoredPlay[] = [];
  const windows = await windowsToRead(repo, userId, readWindows(sorted));
  for (const found of await inParallel(windows, PARALLEL, (w) => repo.playsBetween(userId, w.from, w.to))) pool.push(...found);
  pool.sort((a, b) => a.endedAt - b.endedAt);
  const changed = new Set<StoredPlay>();
  const contributions: Contribution[] = [];
  const fresh: StoredPlay[] = [];
  const isFresh = new Set<StoredPlay>();

  for (const play of sorted) {
    const range = candidateRange(play);
    const lo = sortedIndex(pool, range.from - SK_SLACK_MS);
    const hi = sortedIndex(pool, range.to + SK_SLACK_MS + 1);
    const near = pool.slice(lo, hi);
    // The same record seen again: nothing changes.
    if (near.some((c) => sameSighting(c.seen[play.source], play))) {
      result.duplicates++;
      continue;
    }
    // The same account-data row under the other layout's keys (a podcast play of the legacy file): seen too.
    const alias = accountAliasId(play);
    const legacy = alias === undefined ? undefined : near.find((c) => sameSighting(c.seen[play.source], play, alias));
    if (legacy) {
      // Only account data saw it, as a "track": the podcast file names it properly, as an episode.
      if (play.item === 'episode' && legacy.item === 'track' && legacy.sources.length === 1) {
        const previous: Play = { ...legacy };
        for (const key of Object.keys(legacy) as Array<keyof StoredPlay>) if (!['sk', 'month', 'seen', 'sources'].includes(key)) delete legacy[key];
        Object.assign(legacy, play, { seen: { [play.source]: [play.endedAt, play.msPlayed, play.id] } });
        contributions.push({ play: previous, sign: -1 }, { play: legacy, sign: 1 });
        if (!isFresh.has(legacy)) changed.add(legacy);
      }
      result.duplicates++;
      continue;
    }
    // A play each source reports once: only plays this source has not reported yet can match.
    const open = near.filter((c) => !c.seen[play.source]);
    const index = findSamePlay(play, open.map(primaryView));
    if (index < 0) {
      const stored = asStored(play);
      pool.splice(sortedIndex(pool, stored.endedAt), 0, stored);
      fresh.push(stored);
      isFresh.add(stored);
      contributions.push({ play: stored, sign: 1 });
      result.added++;
      continue;
    }
    const target = open[index]!;
        const merged = mergePlays(target, play);
    const previous: Play = { ...target };
    for (const key of Object.keys(target) as Array<keyof StoredPlay>) if (!['sk', 'month', 'seen'].includes(key)) delete target[key];
    Object.assign(target, merged, { seen: { ...target.seen, [play.source]: [play.endedAt, play.msPlayed, play.id] } });
    contributions.push({ play: previous, sign: -1 }, { play: target, sign: 1 });
    if (!isFresh.has(target)) changed.add(target);
    result.merged++;
  }

  await repo.putPlays(userId, [...fresh, ...changed]);
  await applyRollups(repo, userId, contributions, options);
  return result;
}

function sameSighting(sighting: Sighting | undefined, play: Play, id = play.id): boolean {
  return sighting !== undefined && sighting[0] === play.endedAt && sighting[1] === play.msPlayed && sighting[2] === id;
}

/** A stored play as its primary source reported it, for the match rules. */
function primaryView(stored: StoredPlay): Play {
  const primary = stored.sources[0]!;
  const sighting = stored.seen[primary];
  return sighting ? { ...stored, source: primary, endedAt: sighting[0] } : stored;
}

/** Retries an optimistic read-modify-write until its version holds. */
async function withVersion(attempt: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 20; i++) if (await attempt()) return;
  throw new Error('A roll-up kept changing under its writer');
}

/** Applies signed contributions to day, month and all-time roll-ups and the entity counters. */
export async function applyRollups(repo: PlayRepository, userId: string, contributions: readonly Contribution[], options: StoreOptions): Promise<void> {
  if (contributions.length === 0) return;
  const clock = localClock(options.timeZone);
  const byDay = groupByDay(contributions, clock);
  const dates = [...byDay.keys()];
  const current = await repo.getDays(userId, dates);
  await repo.putDays(
    userId,
    dates.map((date) => {
      const existing = current.get(date);
      return { day: applyToDay(existing ? existing.value : emptyDay(date), byDay.get(date)!, clock), version: (existing?.version ?? 0) + 1 };
    }),
  );
  await inParallel([...new Set(dates.map((d) => d.slice(0, 7)))], PARALLEL, async (month) => repo.putMonth(userId, monthFromDays(month, await repo.monthDays(userId, month))));
  const deltas = [...entityDeltas(contributions, clock).values()].filter((d) => d.plays !== 0 || d.ms !== 0);
  const counters = deltas.length ? await repo.addToEntities(userId, deltas) : [];
  const freshByDimension = new Map<Dimension, BoardEntry[]>();
  for (const c of counters) {
    const list = freshByDimension.get(c.dimension) ?? [];
    list.push({ key: c.key, name: c.name, plays: c.plays, ms: c.ms, ...(c.artist !== undefined ? { artist: c.artist, artistKey: c.artistKey } : {}) });
    freshByDimension.set(c.dimension, list);
  }
  await withVersion(async () => {
    const { value, version } = await repo.getAllTime(userId);
    const all = applyToAllTime(version ? value : emptyAllTime(), contributions, clock);
    for (const d of DIMENSIONS) {
      const fresh = freshByDimension.get(d);
      if (fresh) all.boards[d] = mergeIntoBoard(all.boards[d], fresh);
    }
    return repo.putAllTime(userId, all, version);
  });
}
