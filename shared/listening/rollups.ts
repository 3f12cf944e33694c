import { hash } from 'node:crypto';
import { normalizeName, type Play, type PlayKind } from './play.ts';

/**
 * Roll-ups of a user's plays, kept on write so that no history query reads raw plays:
 *
 * - a **day** roll-up per local day: totals by kind, listening time per hour, and every artist,
 *   track, album, show and audiobook played that day with its plays and time (exact);
 * - a **month** roll-up per local month, recomputed from its ≤ 31 days whenever one changes:
 *   totals, the hour × weekday heatmap, time per day and the top {@link BOARD_SIZE} of each
 *   dimension by plays and by time;
 * - the **all-time** roll-up: totals, heatmap, time per month, and the top {@link BOARD_SIZE} of
 *   each dimension, kept from per-entity all-time counters (which also serve the artist page).
 *
 * Short plays are counted (`shortPlays`) but add nothing else: analytics leave them out.
 */

export type Dimension = 'artist' | 'track' | 'album' | 'show' | 'audiobook';
export const DIMENSIONS: readonly Dimension[] = ['artist', 'track', 'album', 'show', 'audiobook'];

/** How many entities a month's or the all-time board keeps per dimension (lists show ≤ 50). */
export const BOARD_SIZE = 200;

/** [plays, ms, name, artist name (tracks and albums), artist key]. */
export type EntityTally = [number, number, string, string?, string?];

export interface Totals {
  plays: number;
  ms: number;
  shortPlays: number;
  byKind: Partial<Record<PlayKind, [number, number]>>;
}

export interface DayRollup extends Totals {
  date: string;
  /** Listening ms per local hour 0–23, and plays. */
  hourMs: number[];
  hourPlays: number[];
  entities: Record<Dimension, Record<string, EntityTally>>;
}

export interface BoardEntry {
  key: string;
  name: string;
  artist?: string;
  artistKey?: string;
  plays: number;
  ms: number;
}

export interface MonthRollup extends Totals {
  month: string;
  /** ms per weekday (0 = Monday) × hour: index `weekday * 24 + hour`. */
  heatMs: number[];
  heatPlays: number[];
  /** ms per day of month, `'01'`…`'31'`. */
  dayMs: Record<string, number>;
  boards: Record<Dimension, BoardEntry[]>;
}

export interface AllTimeRollup extends Totals {
  heatMs: number[];
  heatPlays: number[];
  /** ms and plays per month `YYYY-MM`: the by-month chart and the timeline's months. */
  months: Record<string, [number, number]>;
  boards: Record<Dimension, BoardEntry[]>;
  firstAt?: number;
  lastAt?: number;
}

/** An entity's all-time counter (artist page, and the all-time boards' source of truth). */
export interface EntityCounter {
  dimension: Dimension;
  key: string;
  name: string;
  artist?: string;
  artistKey?: string;
  plays: number;
  ms: number;
  firstAt?: number;
  lastAt?: number;
  /** [plays, ms] per year. */
  years: Record<string, [number, number]>;
}

/** A 16-character key of normalised names: the same artist or track from every source shares it. */
export function nameKey(...names: Array<string | undefined>): string {
  return hash('sha256', names.map(normalizeName).join('\u001f'), 'base64url').slice(0, 16);
}

/** The entities a play counts for: [dimension, key, name, artist, artistKey]. */
export function playEntities(play: Play): Array<[Dimension, string, string, string?, string?]> {
  const out: Array<[Dimension, string, string, string?, string?]> = [];
  if (play.item === 'track' && play.trackName) {
    const artist = play.artistName ?? '';
    const artistKey = nameKey(artist);
    if (artist) out.push(['artist', artistKey, artist]);
    out.push(['track', `${artistKey}.${nameKey(artist, play.trackName)}`, play.trackName, artist || undefined, artistKey]);
    if (play.albumName) out.push(['album', `${artistKey}.${nameKey(artist, play.albumName)}`, play.albumName, artist || undefined, artistKey]);
  } else if (play.item === 'episode' && play.showName) {
    out.push(['show', nameKey(play.showName), play.showName]);
  } else if (play.item === 'audiobook' && play.audiobookName) {
    out.push(['audiobook', nameKey(play.audiobookName), play.audiobookName, play.authorName]);
  }
  return out;
}

/** Local calendar position of an instant in a time zone. */
export interface LocalTime {
  date: string;
  hour: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

/**
 * Local date and hour of instants in one time zone. Offsets change at most on the hour, so one
 * Intl lookup per UTC hour serves every play of that hour (a million plays need a few thousand).
 */
export function localClock(timeZone: string): (at: number) => LocalTime {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
  const offsets = new Map<number, number>();
  return (at) => {
    const hourStart = Math.floor(at / 3_600_000) * 3_600_000;
    let offset = offsets.get(hourStart);
    if (offset === undefined) {
      const parts = Object.fromEntries(format.formatToParts(new Date(hourStart)).map((p) => [p.type, p.value]));
      const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24);
      offset = asUtc - hourStart;
      offsets.set(hourStart, offset);
    }
    const local = new Date(at + offset);
    const date = local.toISOString().slice(0, 10);
    return { date, hour: local.getUTCHours(), weekday: (local.getUTCDay() + 6) % 7 };
  };
}

export function emptyTotals(): Totals {
  return { plays: 0, ms: 0, shortPlays: 0, byKind: {} };
}

function emptyEntities(): Record<Dimension, Record<string, EntityTally>> {
  return { artist: {}, track: {}, album: {}, show: {}, audiobook: {} };
}

export function emptyDay(date: string): DayRollup {
  return { date, ...emptyTotals(), hourMs: new Array<number>(24).fill(0), hourPlays: new Array<number>(24).fill(0), entities: emptyEntities() };
}

export function emptyBoards(): Record<Dimension, BoardEntry[]> {
  return { artist: [], track: [], album: [], show: [], audiobook: [] };
}

export function emptyAllTime(): AllTimeRollup {
  return { ...emptyTotals(), heatMs: new Array<number>(168).fill(0), heatPlays: new Array<number>(168).fill(0), months: {}, boards: emptyBoards() };
}

/** A play's signed contribution to the roll-ups: +1 when stored, −1 for the old side of a merge. */
export interface Contribution {
  play: Play;
  sign: 1 | -1;
}

function addTotals(totals: Totals, play: Play, sign: number): void {
  if (play.short) {
    totals.shortPlays += sign;
    return;
  }
  totals.plays += sign;
  totals.ms += sign * play.msPlayed;
  const kind = (totals.byKind[play.kind] ??= [0, 0]);
  kind[0] += sign;
  kind[1] += sign * play.msPlayed;
  if (kind[0] === 0 && kind[1] === 0) delete totals.byKind[play.kind];
}

/** Applies contributions to a day roll-up in place (entities that fall to zero are removed). */
export function applyToDay(day: DayRollup, contributions: readonly Contribution[], clock: (at: number) => LocalTime): DayRollup {
  for (const { play, sign } of contributions) {
    addTotals(day, play, sign);
    if (play.short) continue;
    const { hour } = clock(play.endedAt);
    day.hourMs[hour]! += sign * play.msPlayed;
    day.hourPlays[hour]! += sign;
    for (const [dimension, key, name, artist, artistKey] of playEntities(play)) {
      const bucket = day.entities[dimension];
      const tally = bucket[key] ?? (bucket[key] = artist !== undefined ? [0, 0, name, artist, artistKey] : [0, 0, name]);
      tally[0] += sign;
      tally[1] += sign * play.msPlayed;
      if (tally[0] <= 0) delete bucket[key];
    }
  }
  return day;
}

function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** Top `size` entries of tallies by plays and by time (the union, so both orders are exact). */
export function topEntries(tallies: Map<string, BoardEntry>, size = BOARD_SIZE): BoardEntry[] {
  const all = [...tallies.values()].filter((e) => e.plays > 0);
  if (all.length <= size) return all.sort(byPlays);
  const keep = new Map<string, BoardEntry>();
  for (const e of [...all].sort(byPlays).slice(0, size)) keep.set(e.key, e);
  for (const e of [...all].sort(byMs).slice(0, size)) keep.set(e.key, e);
  return [...keep.values()].sort(byPlays);
}

export function byPlays(a: BoardEntry, b: BoardEntry): number {
  return b.plays - a.plays || b.ms - a.ms || a.name.localeCompare(b.name);
}

export function byMs(a: BoardEntry, b: BoardEntry): number {
  return b.ms - a.ms || b.plays - a.plays || a.name.localeCompare(b.name);
}

/** Adds a day's entity tallies of one dimension into a map of board entries. */
export function addTallies(into: Map<string, BoardEntry>, tallies: Record<string, EntityTally>): void {
  for (const [key, [plays, ms, name, artist, artistKey]] of Object.entries(tallies)) {
    const entry = into.get(key);
    if (entry) {
      entry.plays += plays;
      entry.ms += ms;
    } else {
      into.set(key, { key, name, plays, ms, ...(artist !== undefined ? { artist, artistKey } : {}) });
    }
  }
}

/** Adds board entries (a month's top lists) into a map. */
export function addBoard(into: Map<string, BoardEntry>, board: readonly BoardEntry[]): void {
  for (const e of board) {
    const entry = into.get(e.key);
    if (entry) {
      entry.plays += e.plays;
      entry.ms += e.ms;
    } else {
      into.set(e.key, { ...e });
    }
  }
}

/** A month roll-up from the day roll-ups of that month. */
export function monthFromDays(month: string, days: readonly DayRollup[]): MonthRollup {
  const rollup: MonthRollup = { month, ...emptyTotals(), heatMs: new Array<number>(168).fill(0), heatPlays: new Array<number>(168).fill(0), dayMs: {}, boards: emptyBoards() };
  const tallies = Object.fromEntries(DIMENSIONS.map((d) => [d, new Map<string, BoardEntry>()])) as Record<Dimension, Map<string, BoardEntry>>;
  for (const day of days) {
    rollup.plays += day.plays;
    rollup.ms += day.ms;
    rollup.shortPlays += day.shortPlays;
    for (const [kind, [p, ms]] of Object.entries(day.byKind) as Array<[PlayKind, [number, number]]>) {
      const k = (rollup.byKind[kind] ??= [0, 0]);
      k[0] += p;
      k[1] += ms;
    }
    const weekday = weekdayOf(day.date);
    for (let h = 0; h < 24; h++) {
      rollup.heatMs[weekday * 24 + h]! += day.hourMs[h]!;
      rollup.heatPlays[weekday * 24 + h]! += day.hourPlays[h]!;
    }
    if (day.ms || day.plays) rollup.dayMs[day.date.slice(8, 10)] = day.ms;
    for (const d of DIMENSIONS) addTallies(tallies[d], day.entities[d]);
  }
  for (const d of DIMENSIONS) rollup.boards[d] = topEntries(tallies[d]);
  return rollup;
}

/**
 * Applies contributions to the all-time totals, heatmap and months (in place); the boards are
 * updated separately from the entity counters ({@link mergeIntoBoard}).
 */
export function applyToAllTime(all: AllTimeRollup, contributions: readonly Contribution[], clock: (at: number) => LocalTime): AllTimeRollup {
  for (const { play, sign } of contributions) {
    addTotals(all, play, sign);
    if (play.short) continue;
    const { date, hour, weekday } = clock(play.endedAt);
    all.heatMs[weekday * 24 + hour]! += sign * play.msPlayed;
    all.heatPlays[weekday * 24 + hour]! += sign;
    const month = (all.months[date.slice(0, 7)] ??= [0, 0]);
    month[0] += sign * play.msPlayed;
    month[1] += sign;
    if (month[0] <= 0 && month[1] <= 0) delete all.months[date.slice(0, 7)];
    if (sign > 0) {
      all.firstAt = Math.min(all.firstAt ?? play.endedAt, play.endedAt);
      all.lastAt = Math.max(all.lastAt ?? play.endedAt, play.endedAt);
    }
  }
  return all;
}

/**
 * A board with fresh counter values of some entities merged in: their old entries are replaced
 * and the board is cut back to the top {@link BOARD_SIZE} by plays and by time. Exact while
 * counters only grow (plays are added); a counter that shrinks (an estimated length replaced by
 * the measured one) may leave an entity below one the board no longer holds (docs/listening.md).
 */
export function mergeIntoBoard(board: readonly BoardEntry[], fresh: readonly BoardEntry[]): BoardEntry[] {
  const map = new Map(board.map((e) => [e.key, { ...e }]));
  for (const e of fresh) map.set(e.key, { ...e });
  return topEntries(map);
}

/** Day keys and months touched by contributions, in the user's time zone. */
export function groupByDay(contributions: readonly Contribution[], clock: (at: number) => LocalTime): Map<string, Contribution[]> {
  const days = new Map<string, Contribution[]>();
  for (const c of contributions) {
    const { date } = clock(c.play.endedAt);
    const list = days.get(date);
    if (list) list.push(c);
    else days.set(date, [c]);
  }
  return days;
}

/** Signed per-entity deltas of contributions: key `dimension|key` → counter delta. */
export function entityDeltas(contributions: readonly Contribution[], clock: (at: number) => LocalTime): Map<string, EntityCounter> {
  const deltas = new Map<string, EntityCounter>();
  for (const { play, sign } of contributions) {
    if (play.short) continue;
    const year = clock(play.endedAt).date.slice(0, 4);
    for (const [dimension, key, name, artist, artistKey] of playEntities(play)) {
      const id = `${dimension}|${key}`;
      const delta = deltas.get(id) ?? { dimension, key, name, artist, artistKey, plays: 0, ms: 0, years: {} };
      delta.plays += sign;
      delta.ms += sign * play.msPlayed;
      const y = (delta.years[year] ??= [0, 0]);
      y[0] += sign;
      y[1] += sign * play.msPlayed;
      if (sign > 0) {
        delta.firstAt = Math.min(delta.firstAt ?? play.endedAt, play.endedAt);
        delta.lastAt = Math.max(delta.lastAt ?? play.endedAt, play.endedAt);
      }
      deltas.set(id, delta);
    }
  }
  return deltas;
}
