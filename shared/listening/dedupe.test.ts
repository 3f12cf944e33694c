import { describe, expect, it } from 'vitest';
import { accountAliasId, candidateRange, dedupeKey, endInterval, findSamePlay, isSamePlay, mergePlays } from './dedupe.ts';
import { itemId, type Play } from './play.ts';

const T = Date.parse('2024-03-05T18:04:38Z');
const URI = 'spotify:track:0aaaaaaaaaaaaaaaaaaaa1';
const NAMES = { trackName: 'Harbour Lights', artistName: 'The Quiet Tides' };

/** The extended export's view of a play ending at T + `offset` ms. */
function extended(offset = 0, over: Partial<Play> = {}): Play {
  return { kind: 'track', item: 'track', source: 'extended', endedAt: T + offset, msPlayed: 201_000, short: false, id: URI, uri: URI, ...NAMES, albumName: 'Low Water', ...over };
}

/** Account data's view: the minute, seconds cut off; names only. */
function account(minuteOf = T, over: Partial<Play> = {}): Play {
  const endedAt = Math.floor(minuteOf / 60_000) * 60_000;
  return { kind: 'track', item: 'track', source: 'account', endedAt, msPlayed: 201_000, short: false, id: itemId({ item: 'track', ...NAMES }), ...NAMES, ...over };
}

/** The poller's view: played_at, the track's length as an estimate. */
function api(offset = 0, over: Partial<Play> = {}): Play {
  return { kind: 'track', item: 'track', source: 'api', endedAt: T + offset, msPlayed: 214_000, msPlayedEstimated: true, short: false, id: URI, uri: URI, ...NAMES, ...over };
}

describe('isSamePlay', () => {
  it('matches the extended ts exactly, to the second, between extended records', () => {
    expect(isSamePlay(extended(), extended())).toBe(true);
    expect(isSamePlay(extended(), extended(1000))).toBe(false);
    // Same instant and item but another length: two plays (a row is a duplicate only when it is the same record).
    expect(isSamePlay(extended(), extended(0, { msPlayed: 5_000 }))).toBe(false);
  });

  it('matches account data in the minute its endTime names (UTC, seconds cut off)', () => {
    const minute = Date.parse('2024-03-05T18:04:00Z');
    expect(isSamePlay(account(minute), extended())).toBe(true); // 18:04:38 is within 18:04
    expect(isSamePlay(account(minute), extended(21_000))).toBe(true); // 18:04:59
    expect(isSamePlay(account(minute), extended(22_000))).toBe(false); // 18:05:00 is the next minute
    expect(isSamePlay(account(minute), extended(-39_000))).toBe(false); // 18:03:59
    expect(isSamePlay(extended(), account(minute))).toBe(true); // either order
  });

  it('matches polled plays within ±30 s (played_at may not be the end), and the tolerance can change', () => {
    expect(isSamePlay(api(30_000), extended())).toBe(true);
    expect(isSamePlay(api(-30_000), extended())).toBe(true);
    expect(isSamePlay(api(31_000), extended())).toBe(false);
    expect(isSamePlay(api(-31_000), extended())).toBe(false);
    expect(isSamePlay(api(45_000), extended(), { apiToleranceMs: 60_000 })).toBe(true);
    // Against account data: the minute widened by 30 s each side.
    const minute = Date.parse('2024-03-05T18:04:00Z');
    expect(isSamePlay(api(minute - T - 30_000), account(minute))).toBe(true);
    expect(isSamePlay(api(minute - T + 89_999), account(minute))).toBe(true);
    expect(isSamePlay(api(minute - T - 31_000), account(minute))).toBe(false);
    expect(isSamePlay(api(minute - T + 91_000), account(minute))).toBe(false);
  });

  it('compares plays of one source exactly: overlapping poll pages and repeated rows, not two listens in a minute', () => {
    expect(isSamePlay(api(), api())).toBe(true);
    expect(isSamePlay(api(), api(1))).toBe(false);
    expect(isSamePlay(account(), account())).toBe(true);
    expect(isSamePlay(account(), account(T, { msPlayed: 12_000 }))).toBe(false);
  });

  it('needs the same item: URIs when both have one, else normalised names', () => {
    expect(isSamePlay(api(0, { uri: 'spotify:track:other', id: 'spotify:track:other' }), extended())).toBe(false);
    expect(isSamePlay(account(T, { trackName: 'harbour  LIGHTS' }), extended())).toBe(true);
    expect(isSamePlay(account(T, { trackName: 'Harbour Lights (Live)' }), extended())).toBe(false);
    expect(isSamePlay(account(T, { artistName: 'Someone Else' }), extended())).toBe(false);
    const unknown: Play = { kind: 'unknown', item: 'unknown', source: 'extended', endedAt: T, msPlayed: 1_000, short: true, id: 'mosaic:unknown' };
    expect(isSamePlay(unknown, { ...account(), item: 'unknown', kind: 'unknown' })).toBe(false);
    expect(isSamePlay(unknown, { ...unknown })).toBe(true); // the same record twice
  });

  it('matches a podcast play of the legacy account file (under the music keys) to the episode it is', () => {
    const episodePlay = extended(0, { kind: 'episode', item: 'episode', uri: 'spotify:episode:0e', id: 'spotify:episode:0e', trackName: undefined, artistName: undefined, albumName: undefined, showName: 'Coastal Notes', episodeName: 'Tides' });
    const legacy = account(T, { artistName: 'Coastal Notes', trackName: 'Tides' });
    expect(isSamePlay(legacy, episodePlay)).toBe(true);
    expect(isSamePlay(legacy, { ...episodePlay, episodeName: 'Other' })).toBe(false);
  });

  it('matches a play whose item Spotify lost only by its time and an equal, measured ms played', () => {
    const lost = { kind: 'unknown', item: 'unknown', id: 'mosaic:unknown', trackName: undefined, artistName: undefined, albumName: undefined, uri: undefined } as const;
    const fromExtended = extended(0, lost);
    const fromAccount = account(T, lost);
    expect(isSamePlay(fromAccount, fromExtended)).toBe(true);
    expect(isSamePlay(fromAccount, { ...fromExtended, msPlayed: 201_001 })).toBe(false);
    expect(isSamePlay(account(T + 60_000, lost), fromExtended)).toBe(false);
    // Never a known item, never a polled play (whose length is an estimate).
    expect(isSamePlay(fromAccount, extended())).toBe(false);
    expect(isSamePlay(fromExtended, api(0, { ...lost, msPlayed: 201_000 }))).toBe(false);
  });

  it('matches a music video to the track it shows', () => {
    expect(isSamePlay(extended(0, { kind: 'video' }), api(10_000))).toBe(true);
  });
});

describe('accountAliasId', () => {
  it('gives an account row the id it has under the other account layout (legacy podcast plays carry the music keys)', () => {
    const legacy = account(T, { artistName: 'Coastal Notes', trackName: 'Tides' });
    const split = account(T, { kind: 'episode', item: 'episode', artistName: undefined, trackName: undefined, showName: 'Coastal Notes', episodeName: 'Tides' });
    legacy.id = itemId(legacy);
    split.id = itemId(split);
    expect(accountAliasId(legacy)).toBe(split.id);
    expect(accountAliasId(split)).toBe(legacy.id);
    expect(accountAliasId(extended())).toBeUndefined();
    expect(accountAliasId(account(T, { kind: 'audiobook', item: 'audiobook' }))).toBeUndefined();
  });
});

describe('candidateRange', () => {
  it('covers every endedAt a matching play of another source can have', () => {
    const minute = Date.parse('2024-03-05T18:04:00Z');
    expect(candidateRange(extended())).toEqual({ from: T - 59_999, to: T + 30_999 });
    expect(candidateRange(account(minute))).toEqual({ from: minute - 30_000, to: minute + 89_999 });
    expect(candidateRange(api())).toEqual({ from: T - 90_000 + 1, to: T + 30_000 });
    // Every matching play found above lies in the range of the other.
    for (const [a, b] of [
      [account(minute), extended(21_000)],
      [api(30_000), extended()],
      [api(minute - T + 89_999), account(minute)],
    ] as const) {
      expect(isSamePlay(a, b)).toBe(true);
      const range = candidateRange(a);
      expect(b.endedAt).toBeGreaterThanOrEqual(range.from);
      expect(b.endedAt).toBeLessThanOrEqual(range.to);
    }
    expect(endInterval(account(minute))).toEqual({ from: minute, to: minute + 59_999 });
  });
});

describe('findSamePlay', () => {
  it('picks, of several matching plays, the closest in ms played, then in time, and skips taken ones', () => {
    const minute = Date.parse('2024-03-05T18:04:00Z');
    // The same track played twice within one minute, as account data sees it.
    const stored = [extended(-30_000, { msPlayed: 8_000 }), extended(0, { msPlayed: 201_000 }), extended(120_000)];
    expect(findSamePlay(account(minute, { msPlayed: 201_000 }), stored)).toBe(1);
    expect(findSamePlay(account(minute, { msPlayed: 8_000 }), stored)).toBe(0);
    expect(findSamePlay(account(minute, { msPlayed: 201_000 }), stored, { taken: new Set([1]) })).toBe(0);
    expect(findSamePlay(account(minute + 5 * 60_000), stored)).toBe(-1);
    // An estimated length says nothing but that the play was a stream (30 s or more): of those, the closest in time.
    expect(findSamePlay(api(-25_000), stored)).toBe(1);
    expect(findSamePlay(api(-25_000), [extended(-30_000), extended(0)])).toBe(0);
    // A long play, then the same track again for a second: the poller saw the long one.
    const replay = [extended(0, { msPlayed: 128_000 }), extended(3_000, { msPlayed: 1_200 })];
    expect(findSamePlay(api(6_000), replay)).toBe(0);
    expect(findSamePlay(api(6_000), replay.slice(1))).toBe(0); // only the short one left: still the same play
  });
});

describe('dedupeKey', () => {
  it('is shared by the same record seen twice and differs otherwise', () => {
    expect(dedupeKey(extended())).toBe(dedupeKey(extended()));
    expect(dedupeKey(extended())).not.toBe(dedupeKey(extended(1000)));
    expect(dedupeKey(extended())).not.toBe(dedupeKey(extended(0, { msPlayed: 1 })));
    expect(dedupeKey(extended())).not.toBe(dedupeKey({ ...extended(), source: 'api' }));
  });
});

describe('mergePlays', () => {
  it('keeps the richest source first, fills gaps, prefers a measured length, and lists every source', () => {
    const merged = mergePlays(api(5_000), account());
    expect(merged).toMatchObject({ source: 'api', uri: URI, endedAt: T + 5_000, msPlayed: 201_000, sources: ['api', 'account'] });
    expect(merged).not.toHaveProperty('msPlayedEstimated');
    const all = mergePlays(merged, extended());
    expect(all).toMatchObject({ source: 'extended', endedAt: T, albumName: 'Low Water', msPlayed: 201_000, sources: ['extended', 'api', 'account'] });
  });

  it('does not carry the fields of another item type over', () => {
    const episodePlay = extended(0, { kind: 'episode', item: 'episode', uri: 'spotify:episode:0e', id: 'spotify:episode:0e', trackName: undefined, artistName: undefined, albumName: undefined, showName: 'Coastal Notes', episodeName: 'Tides' });
    const merged = mergePlays(account(T, { artistName: 'Coastal Notes', trackName: 'Tides' }), episodePlay);
    expect(merged).toMatchObject({ kind: 'episode', item: 'episode', showName: 'Coastal Notes', sources: ['extended', 'account'] });
    expect(merged).not.toHaveProperty('trackName');
  });
});
