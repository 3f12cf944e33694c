import { hash } from 'node:crypto';
import { inParallel } from '../kit/parallel.ts';
import { candidateRange, dedupeKey, findSamePlay, mergePlays, type MergedPlay } from './dedupe.ts';
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
  putPlays(userId: string, plays: readonly StoredPlay[]): Promise<void>;
  getDays(userId: string, dates: readonly string[]): Promise<Map<string, Versioned<DayRollup>>>;
  /** False when the version changed since it was read. */
  putDay(userId: string, day: DayRollup, expectedVersion: number): Promise<boolean>;
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
  return `P#${String(play.endedAt).padStart(13, '0')}#${hash('sha256', dedupeKey(play), 'base64url').slice(0, 10)}`;
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
  for (const found of await inParallel(readWindows(sorted), PARALLEL, (w) => repo.playsBetween(userId, w.from, w.to))) pool.push(...found);
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

function sameSighting(sighting: Sighting | undefined, play: Play): boolean {
  return sighting !== undefined && sighting[0] === play.endedAt && sighting[1] === play.msPlayed && sighting[2] === play.id;
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
  let pending = dates;
  for (let i = 0; pending.length > 0; i++) {
    if (i >= 20) throw new Error('Day roll-ups kept changing under their writer');
    const current = await repo.getDays(userId, pending);
    const written = await inParallel(pending, PARALLEL, (date) => {
      const existing = current.get(date);
      const day = applyToDay(existing ? existing.value : emptyDay(date), byDay.get(date)!, clock);
      return repo.putDay(userId, day, existing?.version ?? 0);
    });
    pending = pending.filter((_, i) => !written[i]);
  }
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
