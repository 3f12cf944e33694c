import { identityNames, itemId, type Play, type PlaySource } from './play.ts';

/**
 * When two plays are the same play. Each source reports the instant a stream ended with its own
 * precision, so each reported instant stands for an interval in which the true end lies:
 *
 * - extended history: `ts`, whole seconds → [ts, ts + 1 s);
 * - account data: `endTime`, the minute (UTC, seconds cut off) → [minute, minute + 1 min);
 * - api: `played_at`, which may be off the end → [played_at − 30 s, played_at + 30 s].
 *
 * Two plays from **different** sources are the same when they name the same item (the same URI
 * when both have one, else the same normalised names) and their intervals overlap: exact for the
 * extended `ts`, a minute window for account data, ±30 s for polled plays. Two plays from the
 * **same** source are the same only when they are the same record seen twice (the same instant
 * and item and ms played: a repeated row, overlapping files or poll pages) — two real plays of
 * one track within a minute are two plays.
 */

export interface MatchOptions {
  /** How far a polled play's `played_at` may be from the true end (default {@link API_TOLERANCE_MS}). */
  apiToleranceMs?: number;
}

/** The default ± tolerance of a polled play's `played_at`. */
export const API_TOLERANCE_MS = 30_000;

/** The interval (inclusive, epoch ms) in which a play's true end lies, given its source's precision. */
export function endInterval(play: Pick<Play, 'source' | 'endedAt'>, options: MatchOptions = {}): { from: number; to: number } {
  switch (play.source) {
    case 'extended':
      return { from: play.endedAt, to: play.endedAt + 999 };
    case 'account':
      return { from: play.endedAt, to: play.endedAt + 59_999 };
    case 'api': {
      const tolerance = options.apiToleranceMs ?? API_TOLERANCE_MS;
      return { from: play.endedAt - tolerance, to: play.endedAt + tolerance };
    }
  }
}

/**
 * The range of `endedAt` (inclusive) a play of any source must have to possibly be the same play
 * as `play`: the store reads the plays in this range and tests each with {@link isSamePlay}.
 */
export function candidateRange(play: Pick<Play, 'source' | 'endedAt'>, options: MatchOptions = {}): { from: number; to: number } {
  const own = endInterval(play, options);
  let from = play.endedAt;
  let to = play.endedAt;
  for (const source of ['extended', 'account', 'api'] as const) {
    if (source === play.source) continue;
    // Another play at `e` has an interval [e + lo, e + hi]; it overlaps [own.from, own.to] for e in [own.from − hi, own.to − lo].
    const probe = endInterval({ source, endedAt: 0 }, options);
    from = Math.min(from, own.from - probe.to);
    to = Math.max(to, own.to - probe.from);
  }
  return { from, to };
}

/** Whether two plays name the same item: the same URI when both have one, else the same normalised names. Unknown items never match. */
export function sameItem(a: Play, b: Play): boolean {
  if (a.item === 'unknown' || b.item === 'unknown') return false;
  if (a.uri !== undefined && b.uri !== undefined) return a.uri === b.uri;
  // The legacy account-data file gives podcast plays the music keys (artistName = show,
  // trackName = episode): such a "track" may be an episode another source names properly.
  if (a.item !== b.item && !(isAccountTrack(a) && b.item === 'episode') && !(isAccountTrack(b) && a.item === 'episode')) return false;
  return identityNames(a) === identityNames(b);
}

function isAccountTrack(play: Play): boolean {
  return play.source === 'account' && play.item === 'track';
}

/** Whether `a` and `b` are one play, by the rules above (pure; the order of the arguments does not matter). */
export function isSamePlay(a: Play, b: Play, options: MatchOptions = {}): boolean {
  if (a.source === b.source) {
    return a.endedAt === b.endedAt && a.msPlayed === b.msPlayed && a.id === b.id && a.item === b.item;
  }
  if (a.item === 'unknown' || b.item === 'unknown') {
    // Spotify lost the item (account data's "Unknown Track", the extended export's all-null row):
    // only the time and the measured ms played can tell, so both must be measured and equal.
    if (a.item !== b.item || a.msPlayedEstimated || b.msPlayedEstimated || a.msPlayed !== b.msPlayed) return false;
  } else if (!sameItem(a, b)) return false;
  const x = endInterval(a, options);
  const y = endInterval(b, options);
  return x.from <= y.to && y.from <= x.to;
}

/**
 * Spotify counts a play as a stream after 30 s, and lists only such plays as recently played: a
 * polled play is the stream, not a quick replay of the same track seconds later.
 */
const STREAM_MS = 30_000;

/**
 * Of `candidates` (plays already stored around `play`), the one `play` is the same play as, or
 * -1. When several match (the same track played twice within the minute an account-data row
 * names, or skipped back to within 30 s of a polled play), the closest in ms played wins — for a
 * polled play, whose length is only the track's, a stream (30 s or more) over a shorter play —
 * then the closest in time. `taken` lists indexes already matched by other plays of the same
 * import, so that each stored play absorbs at most one.
 */
export function findSamePlay(play: Play, candidates: readonly Play[], options: MatchOptions & { taken?: ReadonlySet<number> } = {}): number {
  let best = -1;
  let bestRank: [number, number, number] = [Infinity, Infinity, Infinity];
  candidates.forEach((candidate, index) => {
    if (options.taken?.has(index) || !isSamePlay(play, candidate, options)) return;
    let rank: [number, number, number];
    const time = Math.abs(candidate.endedAt - play.endedAt);
    if (play.msPlayedEstimated || candidate.msPlayedEstimated) {
      const measured = play.msPlayedEstimated ? candidate : play;
      rank = [measured.msPlayedEstimated || measured.msPlayed >= STREAM_MS ? 0 : 1, 0, time];
    } else {
      rank = [0, Math.abs(candidate.msPlayed - play.msPlayed), time];
    }
    if (rank[0] < bestRank[0] || (rank[0] === bestRank[0] && (rank[1] < bestRank[1] || (rank[1] === bestRank[1] && rank[2] < bestRank[2])))) {
      best = index;
      bestRank = rank;
    }
  });
  return best;
}

/**
 * A key two records of the **same source** share exactly when they are the same play (a row
 * repeated within an export, or across overlapping files or poll pages): source, instant, item id
 * and ms played. Plays from different sources are matched with {@link isSamePlay} instead.
 */
export function dedupeKey(play: Pick<Play, 'source' | 'endedAt' | 'id' | 'msPlayed'>): string {
  return `${play.source}|${play.endedAt}|${play.id}|${play.msPlayed}`;
}

/**
 * The id an account-data row has under the other account-data layout, when it has one: the
 * legacy `StreamingHistoryN.json` gives a podcast play the music keys (artist = show, track =
 * episode), the split `StreamingHistory_podcast_N.json` the podcast keys. Two account exports
 * whose periods overlap, one of each layout, report the same podcast play under both ids: the
 * store takes a sighting under the alias as the same record (see play-store.ts).
 */
export function accountAliasId(play: Pick<Play, 'source' | 'item' | 'artistName' | 'trackName' | 'showName' | 'episodeName'>): string | undefined {
  if (play.source !== 'account') return undefined;
  if (play.item === 'track') return itemId({ item: 'episode', showName: play.artistName, episodeName: play.trackName });
  if (play.item === 'episode') return itemId({ item: 'track', artistName: play.showName, trackName: play.episodeName });
  return undefined;
}

/**
 * Which source's fields to keep when one play was seen by several: the extended export is the
 * richest (exact second, ms played, URIs, kinds), then the API (URIs, exact ms), then account data.
 */
export const SOURCE_PRECEDENCE: readonly PlaySource[] = ['extended', 'api', 'account'];

/** A play with every source that saw it. */
export type MergedPlay = Play & { sources: PlaySource[] };

/**
 * One play seen by two sources, merged: the fields of the source that comes first in
 * {@link SOURCE_PRECEDENCE}, gaps filled from the other (an estimated `msPlayed` gives way to a
 * measured one); `sources` lists every source that saw it, in that order.
 */
export function mergePlays(a: Play | MergedPlay, b: Play | MergedPlay): MergedPlay {
  const sources = new Set<PlaySource>([...sourcesOf(a), ...sourcesOf(b)]);
  const [first, second] = SOURCE_PRECEDENCE.indexOf(a.source) <= SOURCE_PRECEDENCE.indexOf(b.source) ? [a, b] : [b, a];
  // Fields of another item type (a legacy account "track" that was an episode) are not carried over.
  const base = second.item === first.item ? second : {};
  const merged: MergedPlay = { ...base, ...withoutUndefined(first), sources: SOURCE_PRECEDENCE.filter((s) => sources.has(s)) };
  if (first.msPlayedEstimated && !second.msPlayedEstimated) {
    merged.msPlayed = second.msPlayed;
    merged.short = second.short;
    delete merged.msPlayedEstimated;
  }
  return merged;
}

function sourcesOf(play: Play | MergedPlay): readonly PlaySource[] {
  return 'sources' in play ? play.sources : [play.source];
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
