import { describe, expect, it } from 'vitest';
import { MemoryListening } from '../../test/support/listening-memory.ts';
import { heatmap, listeningTime, onThisDay, resolveRange, search, splitRange, timeline, topList, artistPage } from './history.ts';
import { itemId, type Play } from './play.ts';
import { storePlays } from './play-store.ts';
import { nameKey } from './rollups.ts';

const T = Date.parse('2024-03-05T18:04:38Z');
const TZ = { timeZone: 'Europe/Berlin' };
const U = 'user-1';

function track(name: string, artist: string, over: Partial<Play> = {}): Play {
  const uri = `spotify:track:${nameKey(artist, name).replace(/[-_]/g, 'a')}`;
  return { kind: 'track', item: 'track', source: 'extended', endedAt: T, msPlayed: 200_000, short: false, id: uri, uri, trackName: name, artistName: artist, albumName: `${artist} LP`, ...over };
}

function accountOf(play: Play): Play {
  const { uri: _uri, albumName: _album, ...rest } = play;
  return { ...rest, source: 'account', endedAt: Math.floor(play.endedAt / 60_000) * 60_000, id: itemId({ item: 'track', trackName: play.trackName, artistName: play.artistName }) };
}

function apiOf(play: Play, offset = 4_000): Play {
  return { ...play, source: 'api', endedAt: play.endedAt + offset, msPlayed: 214_000, msPlayedEstimated: true };
}

describe('storePlays', () => {
  it('stores a play seen by the extended export, account data and the poller once, with all three sources', async () => {
    const repo = new MemoryListening();
    const play = track('Harbour Lights', 'The Quiet Tides');
    expect(await storePlays(repo, U, [apiOf(play)], TZ)).toEqual({ added: 1, merged: 0, duplicates: 0 });
    expect(await storePlays(repo, U, [accountOf(play)], TZ)).toEqual({ added: 0, merged: 1, duplicates: 0 });
    expect(await storePlays(repo, U, [play], TZ)).toEqual({ added: 0, merged: 1, duplicates: 0 });
    expect(await storePlays(repo, U, [play, accountOf(play)], TZ)).toEqual({ added: 0, merged: 0, duplicates: 2 });
    const stored = [...repo.plays.values()];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.sources).toEqual(['extended', 'api', 'account']);
    // The extended export's fields win: the measured ms, the exact second.
    expect(stored[0]!.msPlayed).toBe(200_000);
    expect(stored[0]!.endedAt).toBe(T);
    expect(Object.keys(stored[0]!.seen).sort()).toEqual(['account', 'api', 'extended']);
    // Roll-ups counted it once, with the measured length.
    expect(repo.all.value.plays).toBe(1);
    expect(repo.all.value.ms).toBe(200_000);
    expect(repo.dayItems.get('2024-03-05')!.value.plays).toBe(1);
    expect(repo.monthItems.get('2024-03')!.boards.track[0]).toMatchObject({ name: 'Harbour Lights', plays: 1, ms: 200_000 });
    expect(repo.all.value.boards.artist[0]).toMatchObject({ name: 'The Quiet Tides', plays: 1 });
  });

  it('reads stored plays only around days that hold some: none for a first import, and a time zone changed since still matches', async () => {
    const repo = new MemoryListening();
    const reads: Array<[number, number]> = [];
    const playsBetween = repo.playsBetween.bind(repo);
    repo.playsBetween = async (u, from, to) => (reads.push([from, to]), playsBetween(u, from, to));
    const plays = [0, 1, 2].map((d) => track(`Song ${d}`, 'Vela', { endedAt: T + d * 3 * 86_400_000 }));
    expect(await storePlays(repo, U, plays, TZ)).toEqual({ added: 3, merged: 0, duplicates: 0 });
    expect(reads).toEqual([]);
    // Stored under Berlin's days; the account rows come after a move to Tokyo (a day ahead late at night): found all the same.
    const late = track('Night', 'Vela', { endedAt: Date.parse('2024-03-05T23:30:00Z') });
    await storePlays(repo, U, [late], TZ);
    expect(await storePlays(repo, U, [...plays, late].map(accountOf), { timeZone: 'Asia/Tokyo' })).toEqual({ added: 0, merged: 4, duplicates: 0 });
    expect(reads.length).toBeGreaterThan(0);
    expect(repo.plays.size).toBe(4);
  });

  it('counts once the plays of a run that stopped after storing them and before its roll-ups, when the batch comes again', async () => {
    const repo = new MemoryListening();
    const plays = [0, 1, 2].map((d) => track(`Song ${d}`, 'Vela', { endedAt: T + d * 86_400_000 }));
    const putDays = repo.putDays.bind(repo);
    repo.putDays = async () => {
      throw new Error('stopped');
    };
    await expect(storePlays(repo, U, plays, TZ)).rejects.toThrow('stopped');
    expect(repo.plays.size).toBe(3);
    repo.putDays = putDays;
    await storePlays(repo, U, plays, TZ);
    expect(repo.plays.size).toBe(3);
    expect(repo.all.value.plays).toBe(3);
    expect([...repo.dayItems.values()].map((d) => d.value.plays)).toEqual([1, 1, 1]);
    expect(repo.all.value.boards.artist[0]).toMatchObject({ name: 'Vela', plays: 3 });
    // And again: now they are there, with their roll-ups.
    expect(await storePlays(repo, U, plays, TZ)).toEqual({ added: 0, merged: 0, duplicates: 3 });
    expect(repo.all.value.plays).toBe(3);
  });

  it('keeps two real plays of one track from the same source, and matches each account row to one of them', async () => {
    const repo = new MemoryListening();
    const a = track('Loop', 'Echo Field', { endedAt: T, msPlayed: 40_000 });
    const b = track('Loop', 'Echo Field', { endedAt: T + 15_000, msPlayed: 15_000 });
    await storePlays(repo, U, [a, b], TZ);
    expect(repo.plays.size).toBe(2);
    // Account data saw both in the same minute: each row merges into one stored play.
    const rows = [accountOf(a), { ...accountOf(b), msPlayed: 15_000 }];
    rows[0]!.msPlayed = 40_000;
    expect(await storePlays(repo, U, rows, TZ)).toEqual({ added: 0, merged: 2, duplicates: 0 });
    expect([...repo.plays.values()].every((p) => p.sources.includes('account'))).toBe(true);
  });

  it('flags short plays: stored, counted apart, left out of analytics', async () => {
    const repo = new MemoryListening();
    await storePlays(repo, U, [track('Intro', 'Echo Field', { msPlayed: 9_000, short: true }), track('Song', 'Echo Field', { endedAt: T + 60_000 })], TZ);
    expect(repo.plays.size).toBe(2);
    expect(repo.all.value).toMatchObject({ plays: 1, shortPlays: 1, ms: 200_000 });
    expect(repo.all.value.boards.track.map((e) => e.name)).toEqual(['Song']);
  });

  it('files plays under the local day and hour of the user', async () => {
    const repo = new MemoryListening();
    // 23:30 UTC on 5 March is 00:30 on 6 March in Berlin.
    await storePlays(repo, U, [track('Late', 'Night Owls', { endedAt: Date.parse('2024-03-05T23:30:00Z') })], TZ);
    const day = repo.dayItems.get('2024-03-06')!.value;
    expect(day.hourPlays[0]).toBe(1);
    // Wednesday = weekday 2 (Monday 0).
    expect(repo.all.value.heatPlays[2 * 24 + 0]).toBe(1);
  });
});

function life(repo: MemoryListening, plays: number, days: number): Promise<unknown> {
  const start = Date.parse('2020-01-01T10:00:00Z');
  const batch: Play[] = [];
  for (let i = 0; i < plays; i++) {
    const day = i % days;
    const artist = `Artist ${i % 7}`;
    batch.push(track(`Song ${i % 23}`, artist, { endedAt: start + day * 86_400_000 + Math.floor(i / days) * 240_000 }));
  }
  return storePlays(repo, U, batch, { timeZone: 'UTC' });
}

describe('history queries', () => {
  it('answers top lists, time, heatmap, artist page, on this day, search and the timeline from roll-ups', async () => {
    const repo = new MemoryListening();
    await life(repo, 700, 70);
    const all = await topList(repo, U, { all: true }, 'artist', 'plays', 3);
    expect(all.items.map((e) => e.plays)).toEqual([100, 100, 100]);
    const range = resolveRange({ range: 'custom', from: '2020-01-01', to: '2020-01-31' }, '2024-01-01');
    const jan = await topList(repo, U, range, 'track', 'time', 1000);
    expect(jan.items.reduce((s, e) => s + e.plays, 0)).toBe(310);
    const time = await listeningTime(repo, U, range, 'week');
    expect(time.plays).toBe(310);
    // 1–5 January 2020 (the week of Monday 30 December), 10 plays a day.
    expect(time.buckets[0]).toEqual({ start: '2019-12-30', minutes: 166.7 });
    expect(time.buckets.reduce((s, b) => s + b.minutes, 0)).toBeCloseTo((310 * 200) / 60, 0);
    const heat = await heatmap(repo, U, { all: true });
    expect(heat.plays.flat().reduce((s, v) => s + v, 0)).toBe(700);
    const artist = await artistPage(repo, U, nameKey('Artist 3'));
    expect(artist).toMatchObject({ name: 'Artist 3', plays: 100, byYear: [{ year: '2020', plays: 100 }] });
    expect(artist.topTracks).toHaveLength(20); // of its 23 songs, most played first
    expect(artist.topTracks[0]!.plays).toBeGreaterThanOrEqual(artist.topTracks[19]!.plays);
    const hits = await search(repo, U, 'SONG 2', 50);
    expect(hits).toHaveLength(28); // Song 2, 20, 21 and 22 of 7 artists
    expect(hits.every((h) => h.name.startsWith('Song 2'))).toBe(true);
    const onDay = await onThisDay(repo, U, '2021-01-05');
    expect(onDay.years[0]).toMatchObject({ date: '2020-01-05', plays: 10 });
    const first = await timeline(repo, U, { limit: 4, before: Date.parse('2030-01-01') });
    expect(first.items).toHaveLength(4);
    const second = await timeline(repo, U, { limit: 4, cursor: first.nextCursor });
    expect(second.items[0]!.endedAt < first.items[3]!.endedAt).toBe(true);
    // A cursor this API did not issue is refused, not read as the list's end.
    for (const cursor of ['garbage', '2020-13|P#1', '2020-01|PROFILE', `${first.nextCursor}|x`]) {
      await expect(timeline(repo, U, { limit: 4, cursor })).rejects.toMatchObject({ status: 400, code: 'invalid_cursor' });
    }
  });

  it('reads the same number of items for a long and a short history', async () => {
    const big = new MemoryListening();
    const small = new MemoryListening();
    await life(big, 3000, 400);
    await life(small, 400, 400);
    const reads = async (repo: MemoryListening) => {
      repo.itemsRead = 0;
      await topList(repo, U, { all: true }, 'track', 'plays', 50);
      await topList(repo, U, resolveRange({ range: '4w' }, '2020-06-30'), 'artist', 'time', 50);
      await heatmap(repo, U, { all: true });
      return repo.itemsRead;
    };
    expect(await reads(big)).toBe(await reads(small));
  });

  it('splits a range into whole months and edge days', () => {
    expect(splitRange('2024-01-15', '2024-04-10')).toEqual({ months: ['2024-02', '2024-03'], dayRanges: [['2024-01-15', '2024-01-31'], ['2024-04-01', '2024-04-10']] });
    expect(splitRange('2024-01-01', '2024-01-31')).toEqual({ months: ['2024-01', '2024-01'], dayRanges: [] });
    expect(splitRange('2024-01-03', '2024-01-20')).toEqual({ dayRanges: [['2024-01-03', '2024-01-20']] });
  });
});
