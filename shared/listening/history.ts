import { addDays, dateRange, isoWeekday, weekStart } from '../kit/dates.ts';
import { BadRequestError, NotFoundError } from '../kit/errors.ts';
import { PLAY_PREFIX } from './keys.ts';
import { normalizeName } from './play.ts';
import type { StoredPlay } from './play-store.ts';
import {
  addBoard,
  addTallies,
  byMs,
  byPlays,
  DIMENSIONS,
  nameKey,
  type AllTimeRollup,
  type BoardEntry,
  type DayRollup,
  type Dimension,
  type EntityCounter,
  type MonthRollup,
} from './rollups.ts';

/**
 * History queries. Each reads roll-ups only — the all-time item, month items for whole months in
 * a range, day items for its partial months — so its cost depends on the range asked, never on
 * how many plays the user has. The timeline is the one reader of plays, a page at a time.
 */

export interface HistoryReader {
  days(userId: string, from: string, to: string): Promise<DayRollup[]>;
  daysAt(userId: string, dates: readonly string[]): Promise<DayRollup[]>;
  months(userId: string, from: string, to: string): Promise<MonthRollup[]>;
  allTime(userId: string): Promise<AllTimeRollup | undefined>;
  entity(userId: string, dimension: Dimension, key: string): Promise<EntityCounter | undefined>;
  entities(userId: string, dimension: Dimension, prefix?: string): Promise<EntityCounter[]>;
  playPage(userId: string, month: string, limit: number, before?: string): Promise<StoredPlay[]>;
}

export type RangeName = '4w' | '6m' | '1y' | 'all' | 'custom';
export const RANGE_NAMES: readonly RangeName[] = ['4w', '6m', '1y', 'all', 'custom'];

export interface RangeQuery {
  range: RangeName;
  from?: string;
  to?: string;
}

/** A resolved range of local dates (inclusive), or all time. */
export type DateRange = { all: true } | { all: false; from: string; to: string };

/** The dates a named range covers, ending today (the user's local date). */
export function resolveRange(query: RangeQuery, today: string): DateRange {
  switch (query.range) {
    case 'all':
      return { all: true };
    case '4w':
      return { all: false, from: addDays(today, -27), to: today };
    case '6m':
      return { all: false, from: addMonths(today, -6, 1), to: today };
    case '1y':
      return { all: false, from: addMonths(today, -12, 1), to: today };
    case 'custom':
      return { all: false, from: query.from ?? today, to: query.to ?? today };
  }
}

function addMonths(date: string, months: number, plusDays: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return addDays(d.toISOString().slice(0, 10), plusDays);
}

function lastOfMonth(month: string): string {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
}

function nextMonth(month: string): string {
  return addMonths(`${month}-01`, 1, 0).slice(0, 7);
}

/**
 * A range split into whole months (read as month roll-ups) and the days of its partial first and
 * last months (read as day roll-ups): at most 62 day items whatever the range's length.
 */
export function splitRange(from: string, to: string): { months?: [string, string]; dayRanges: Array<[string, string]> } {
  const firstWhole = from.endsWith('-01') ? from.slice(0, 7) : nextMonth(from.slice(0, 7));
  const lastWhole = to === lastOfMonth(to.slice(0, 7)) ? to.slice(0, 7) : addMonths(`${to.slice(0, 7)}-01`, -1, 0).slice(0, 7);
  if (firstWhole > lastWhole) return { dayRanges: [[from, to]] };
  const dayRanges: Array<[string, string]> = [];
  if (from < `${firstWhole}-01`) dayRanges.push([from, addDays(`${firstWhole}-01`, -1)]);
  if (to > lastOfMonth(lastWhole)) dayRanges.push([addDays(lastOfMonth(lastWhole), 1), to]);
  return { months: [firstWhole, lastWhole], dayRanges };
}

async function rangeRollups(reader: HistoryReader, userId: string, from: string, to: string): Promise<{ months: MonthRollup[]; days: DayRollup[] }> {
  const split = splitRange(from, to);
  const months = split.months ? await reader.months(userId, split.months[0], split.months[1]) : [];
  const days: DayRollup[] = [];
  for (const [a, b] of split.dayRanges) days.push(...(await reader.days(userId, a, b)));
  return { months, days };
}

export type Order = 'plays' | 'time';

export interface TopList {
  dimension: Dimension;
  order: Order;
  from?: string;
  to?: string;
  items: BoardEntry[];
}

/** The top artists, tracks, albums, shows or audiobooks of a range, by plays or by time. */
export async function topList(
  reader: HistoryReader,
  userId: string,
  range: DateRange,
  dimension: Dimension,
  order: Order,
  limit: number,
): Promise<TopList> {
  const tallies = new Map<string, BoardEntry>();
  if (range.all) {
    const all = await reader.allTime(userId);
    if (all) addBoard(tallies, all.boards[dimension]);
  } else {
    const { months, days } = await rangeRollups(reader, userId, range.from, range.to);
    for (const m of months) addBoard(tallies, m.boards[dimension]);
    for (const d of days) addTallies(tallies, d.entities[dimension]);
  }
  const items = [...tallies.values()].sort(order === 'plays' ? byPlays : byMs).slice(0, limit);
  return { dimension, order, ...(range.all ? {} : { from: range.from, to: range.to }), items };
}

export interface Heatmap {
  from?: string;
  to?: string;
  /** `cells[weekday][hour]`: minutes, weekday 0 = Monday. */
  minutes: number[][];
  plays: number[][];
}

function toGrid(values: readonly number[], scale: number): number[][] {
  return Array.from({ length: 7 }, (_, w) => Array.from({ length: 24 }, (_, h) => Math.round((values[w * 24 + h]! / scale) * 10) / 10));
}

/** Listening by hour of day × weekday over a range. */
export async function heatmap(reader: HistoryReader, userId: string, range: DateRange): Promise<Heatmap> {
  const ms = new Array<number>(168).fill(0);
  const plays = new Array<number>(168).fill(0);
  if (range.all) {
    const all = await reader.allTime(userId);
    all?.heatMs.forEach((v, i) => (ms[i]! += v));
    all?.heatPlays.forEach((v, i) => (plays[i]! += v));
  } else {
    const { months, days } = await rangeRollups(reader, userId, range.from, range.to);
    for (const m of months) {
      m.heatMs.forEach((v, i) => (ms[i]! += v));
      m.heatPlays.forEach((v, i) => (plays[i]! += v));
    }
    for (const d of days) {
      const w = isoWeekday(d.date) - 1;
      for (let h = 0; h < 24; h++) {
        ms[w * 24 + h]! += d.hourMs[h]!;
        plays[w * 24 + h]! += d.hourPlays[h]!;
      }
    }
  }
  return { ...(range.all ? {} : { from: range.from, to: range.to }), minutes: toGrid(ms, 60_000), plays: toGrid(plays, 1) };
}

export type Granularity = 'day' | 'week' | 'month';

export interface ListeningTime {
  granularity: Granularity;
  from?: string;
  to?: string;
  /** Total minutes and plays of the range (short plays left out). */
  minutes: number;
  plays: number;
  byKind: Record<string, { plays: number; minutes: number }>;
  buckets: Array<{ start: string; minutes: number }>;
}

const minutes = (ms: number) => Math.round(ms / 6_000) / 10;

/** Listening time per day, week or month over a range (and its totals by kind). */
export async function listeningTime(reader: HistoryReader, userId: string, range: DateRange, granularity: Granularity): Promise<ListeningTime> {
  const perDay = new Map<string, number>();
  const perMonth = new Map<string, number>();
  let plays = 0;
  let ms = 0;
  const kinds = new Map<string, [number, number]>();
  const addKinds = (byKind: Partial<Record<string, [number, number]>>) => {
    for (const [kind, [p, m]] of Object.entries(byKind) as Array<[string, [number, number]]>) {
      const k = kinds.get(kind) ?? [0, 0];
      kinds.set(kind, [k[0] + p, k[1] + m]);
    }
  };
  let from: string | undefined;
  let to: string | undefined;
  if (range.all) {
    const all = await reader.allTime(userId);
    if (all) {
      plays = all.plays;
      ms = all.ms;
      addKinds(all.byKind);
      for (const [month, [m]] of Object.entries(all.months)) perMonth.set(month, m);
    }
    if (granularity !== 'month') granularity = 'month';
  } else {
    from = range.from;
    to = range.to;
    const { months, days } = await rangeRollups(reader, userId, range.from, range.to);
    for (const m of months) {
      plays += m.plays;
      ms += m.ms;
      addKinds(m.byKind);
      perMonth.set(m.month, (perMonth.get(m.month) ?? 0) + m.ms);
      for (const [dd, v] of Object.entries(m.dayMs)) perDay.set(`${m.month}-${dd}`, v);
    }
    for (const d of days) {
      plays += d.plays;
      ms += d.ms;
      addKinds(d.byKind);
      perMonth.set(d.date.slice(0, 7), (perMonth.get(d.date.slice(0, 7)) ?? 0) + d.ms);
      perDay.set(d.date, d.ms);
    }
  }
  let buckets: Array<{ start: string; minutes: number }>;
  if (granularity === 'month') {
    buckets = [...perMonth.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([start, v]) => ({ start, minutes: minutes(v) }));
  } else {
    const dates = dateRange(from!, to!);
    if (granularity === 'day') buckets = dates.map((d) => ({ start: d, minutes: minutes(perDay.get(d) ?? 0) }));
    else {
      const weeks = new Map<string, number>();
      for (const d of dates) weeks.set(weekStart(d), (weeks.get(weekStart(d)) ?? 0) + (perDay.get(d) ?? 0));
      buckets = [...weeks.entries()].map(([start, v]) => ({ start, minutes: minutes(v) }));
    }
  }
  const byKind = Object.fromEntries([...kinds].map(([kind, [p, m]]) => [kind, { plays: p, minutes: minutes(m) }]));
  return { granularity, ...(from ? { from, to } : {}), minutes: minutes(ms), plays, byKind, buckets };
}

export interface ArtistPage {
  key: string;
  name: string;
  plays: number;
  minutes: number;
  firstPlayedAt?: string;
  lastPlayedAt?: string;
  byYear: Array<{ year: string; plays: number; minutes: number }>;
  topTracks: Array<{ key: string; name: string; plays: number; minutes: number }>;
  albums: Array<{ key: string; name: string; plays: number; minutes: number }>;
}

/** An artist's page: first play, totals, top tracks and albums, plays by year. */
export async function artistPage(reader: HistoryReader, userId: string, artistKey: string): Promise<ArtistPage> {
  const artist = await reader.entity(userId, 'artist', artistKey);
  if (!artist || artist.plays <= 0) throw new NotFoundError('The artist');
  const [tracks, albums] = await Promise.all([reader.entities(userId, 'track', `${artistKey}.`), reader.entities(userId, 'album', `${artistKey}.`)]);
  const brief = (c: EntityCounter) => ({ key: c.key, name: c.name, plays: c.plays, minutes: minutes(c.ms) });
  const ordered = (list: EntityCounter[]) => list.filter((c) => c.plays > 0).sort((a, b) => b.plays - a.plays || b.ms - a.ms);
  return {
    key: artist.key,
    name: artist.name,
    plays: artist.plays,
    minutes: minutes(artist.ms),
    ...(artist.firstAt !== undefined ? { firstPlayedAt: new Date(artist.firstAt).toISOString(), lastPlayedAt: new Date(artist.lastAt!).toISOString() } : {}),
    byYear: Object.entries(artist.years)
      .filter(([, [p]]) => p > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([year, [p, ms]]) => ({ year, plays: p, minutes: minutes(ms) })),
    topTracks: ordered(tracks).slice(0, 20).map(brief),
    albums: ordered(albums).slice(0, 20).map(brief),
  };
}

/** The key of an artist by name (links from plays to the artist page). */
export function artistKeyOf(name: string): string {
  return nameKey(name);
}

export interface OnThisDay {
  date: string;
  years: Array<{ date: string; plays: number; minutes: number; top: BoardEntry[] }>;
}

/** What the user listened to on this calendar date in earlier years. */
export async function onThisDay(reader: HistoryReader, userId: string, today: string): Promise<OnThisDay> {
  const all = await reader.allTime(userId);
  if (!all?.firstAt) return { date: today, years: [] };
  const firstYear = new Date(all.firstAt).getUTCFullYear();
  const thisYear = Number(today.slice(0, 4));
  const dates: string[] = [];
  for (let y = thisYear - 1; y >= firstYear - 1; y--) {
    const date = `${y}${today.slice(4)}`;
    if (!Number.isNaN(new Date(`${date}T00:00:00Z`).getTime()) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date)) dates.push(date);
  }
  const days = await reader.daysAt(userId, dates);
  return {
    date: today,
    years: days
      .filter((d) => d.plays > 0)
      .sort((a, b) => b.date.localeCompare(a.date))
      .map((d) => {
        const tallies = new Map<string, BoardEntry>();
        addTallies(tallies, d.entities.track);
        return { date: d.date, plays: d.plays, minutes: minutes(d.ms), top: [...tallies.values()].sort(byPlays).slice(0, 5) };
      }),
  };
}

export interface SearchHit {
  dimension: Dimension;
  key: string;
  name: string;
  artist?: string;
  artistKey?: string;
  plays: number;
  minutes: number;
}

/**
 * Artists, tracks, albums, shows and audiobooks whose name contains the query. Reads the user's
 * entity counters (as many as distinct things played, not plays).
 */
export async function search(reader: HistoryReader, userId: string, query: string, limit: number): Promise<SearchHit[]> {
  const needle = normalizeName(query);
  if (!needle) return [];
  const hits: SearchHit[] = [];
  for (const dimension of DIMENSIONS) {
    for (const c of await reader.entities(userId, dimension)) {
      if (c.plays > 0 && normalizeName(c.name).includes(needle)) {
        hits.push({ dimension, key: c.key, name: c.name, ...(c.artist ? { artist: c.artist, artistKey: c.artistKey } : {}), plays: c.plays, minutes: minutes(c.ms) });
      }
    }
  }
  return hits.sort((a, b) => b.plays - a.plays).slice(0, limit);
}

export interface TimelinePlay {
  endedAt: string;
  kind: string;
  name: string;
  by?: string;
  artistKey?: string;
  msPlayed: number;
  short: boolean;
  sources: string[];
}

export interface Timeline {
  items: TimelinePlay[];
  nextCursor?: string;
}

function describe(play: StoredPlay): TimelinePlay {
  const name = play.trackName ?? play.episodeName ?? play.chapterName ?? play.audiobookName ?? 'Unknown';
  const by = play.artistName ?? play.showName ?? play.audiobookName ?? undefined;
  return {
    endedAt: new Date(play.endedAt).toISOString(),
    kind: play.kind,
    name,
    ...(by ? { by } : {}),
    ...(play.artistName ? { artistKey: nameKey(play.artistName) } : {}),
    msPlayed: play.msPlayed,
    short: play.short,
    sources: play.sources,
  };
}

/**
 * Plays newest first, a page at a time, optionally up to an instant. The cursor names the month
 * and the last sort key read; months without plays are skipped using the all-time roll-up's list.
 */
export async function timeline(
  reader: HistoryReader,
  userId: string,
  options: { limit: number; cursor?: string; before?: number; after?: number; includeShort?: boolean },
): Promise<Timeline> {
  const all = await reader.allTime(userId);
  const firstMonth = all?.firstAt !== undefined ? new Date(all.firstAt).toISOString().slice(0, 7) : undefined;
  if (!firstMonth) return { items: [] };
  let month: string;
  let before: string | undefined;
  if (options.cursor) {
    const [m, b, ...rest] = options.cursor.split('|');
    // `<month>|<a play's sort key>`, as issued below; anything else would read as the list's end.
    if (!/^\d{4}-(?:0[1-9]|1[0-2])$/.test(m ?? '') || !b?.startsWith(PLAY_PREFIX) || rest.length) {
      throw new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
    }
    month = m!;
    before = b;
  } else {
    const end = Math.min(options.before ?? Date.now(), (all!.lastAt ?? Date.now()) + 1);
    month = new Date(end).toISOString().slice(0, 7);
    before = `${PLAY_PREFIX}${String(end).padStart(13, '0')}`;
  }
  const items: TimelinePlay[] = [];
  let last: StoredPlay | undefined;
  while (items.length < options.limit && month >= firstMonth) {
    const want = options.limit - items.length + 1;
    const page = await reader.playPage(userId, month, want, before);
    for (const play of page) {
      if (options.after !== undefined && play.endedAt < options.after) return { items };
      if (items.length === options.limit) return { items, nextCursor: `${last!.month}|${last!.sk}` };
      last = play;
      if (!play.short || options.includeShort) items.push(describe(play));
    }
    if (page.length === want) {
      // A full page: the month may hold more (short plays skipped) — go on after its last play.
      before = last!.sk;
      continue;
    }
    month = addMonths(`${month}-01`, -1, 0).slice(0, 7);
    before = undefined;
  }
  return { items, ...(items.length === options.limit && month >= firstMonth && last ? { nextCursor: `${last.month}|${last.sk}` } : {}) };
}

export interface Overview {
  today: string;
  weekMinutes: number;
  monthMinutes: number;
  allTimeMinutes: number;
  allTimePlays: number;
  shortPlays: number;
  firstPlayedAt?: string;
}

/** Minutes this week and this month, and the all-time totals. */
export async function overview(reader: HistoryReader, userId: string, today: string): Promise<Overview> {
  const weekFrom = weekStart(today);
  const monthFrom = `${today.slice(0, 7)}-01`;
  const from = weekFrom < monthFrom ? weekFrom : monthFrom;
  const [days, all] = await Promise.all([reader.days(userId, from, today), reader.allTime(userId)]);
  const sum = (a: string) => days.filter((d) => d.date >= a).reduce((s, d) => s + d.ms, 0);
  return {
    today,
    weekMinutes: minutes(sum(weekFrom)),
    monthMinutes: minutes(sum(monthFrom)),
    allTimeMinutes: minutes(all?.ms ?? 0),
    allTimePlays: all?.plays ?? 0,
    shortPlays: all?.shortPlays ?? 0,
    ...(all?.firstAt !== undefined ? { firstPlayedAt: new Date(all.firstAt).toISOString() } : {}),
  };
}
