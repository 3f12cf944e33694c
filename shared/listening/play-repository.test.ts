/**
 * The play repository against dynalite (the local runtime's stand-in): the entity counters are
 * read, added to and written back in batches, safe under the play-writer lease (one writer per
 * user, so batches come one after the other, as here).
 */
import { describe, expect, it } from 'vitest';
import { MemoryListening } from '../../test/support/listening-memory.ts';
import { withDynaliteTable } from '../../test/support/dynalite-table.ts';
import type { Play } from './play.ts';
import { storePlays } from './play-store.ts';
import { nameKey, type EntityCounter } from './rollups.ts';

const repository = withDynaliteTable(() => import('./play-repository.ts'));

const TZ = { timeZone: 'Europe/Berlin' };
const T = Date.parse('2025-12-31T20:00:00Z');
const ARTISTS = ['Low Harbour', 'The Paper Lanterns', 'Mira Vale', 'Copper Owls', 'Northern Static'];

function play(n: number, at: number, ms = 180_000 + n * 1000): Play {
  const artist = ARTISTS[n % ARTISTS.length]!;
  const name = `Song ${n}`;
  const uri = `spotify:track:t${String(n).padStart(21, '0')}`;
  return { kind: 'track', item: 'track', source: 'extended', endedAt: at, msPlayed: ms, short: false, id: uri, uri, trackName: name, artistName: artist, albumName: `${artist} LP` };
}

const byKey = (counters: EntityCounter[]) => [...counters].sort((a, b) => a.key.localeCompare(b.key));

describe('entity counters through dynalite', () => {
  it('two batches of plays: each entity counter holds the sum of both, across years', async () => {
    const user = 'user-counters';
    // 130 tracks (with their 5 artists and 5 albums: 140 counters, more than one BatchGetItem);
    // then 60 of them again the next day (a new year) and 20 new ones.
    const first = Array.from({ length: 130 }, (_, n) => play(n, T + n * 240_000));
    const second = [...Array.from({ length: 60 }, (_, n) => play(n, T + 86_400_000 + n * 240_000, 100_000)), ...Array.from({ length: 20 }, (_, i) => play(130 + i, T + 90_000_000 + i * 240_000))];
    const memory = new MemoryListening();
    for (const batch of [first, second]) {
      expect(await storePlays(repository().dynamoPlays, user, batch, TZ)).toEqual({ added: batch.length, merged: 0, duplicates: 0 });
      await storePlays(memory, user, batch, TZ);
    }

    const tracks = await repository().dynamoHistory.entities(user, 'track');
    expect(tracks).toHaveLength(150);
    const again = tracks.find((t) => t.name === 'Song 7')!;
    const once = tracks.find((t) => t.name === 'Song 77')!;
    expect(again).toMatchObject({ plays: 2, ms: 187_000 + 100_000, firstAt: T + 7 * 240_000, lastAt: T + 86_400_000 + 7 * 240_000 });
    expect(again.years).toEqual({ '2025': [1, 187_000], '2026': [1, 100_000] });
    expect(once).toMatchObject({ plays: 1, ms: 257_000, years: { '2026': [1, 257_000] } });

    const artists = await repository().dynamoHistory.entities(user, 'artist');
    const all = [...first, ...second];
    for (const artist of ARTISTS) {
      const theirs = all.filter((p) => p.artistName === artist);
      expect(artists.find((a) => a.key === nameKey(artist))).toMatchObject({ name: artist, plays: theirs.length, ms: theirs.reduce((s, p) => s + p.msPlayed, 0) });
    }
    // The same counters as the in-memory repository (the unit tests' reference) after the same batches.
    for (const dimension of ['artist', 'track', 'album'] as const) {
      expect(byKey(await repository().dynamoHistory.entities(user, dimension))).toEqual(byKey(await memory.entities(user, dimension)));
    }
  });

  it('addToEntities adds a second batch of deltas to the first, and answers the sums', async () => {
    const user = 'user-deltas';
    const delta = (key: string, plays: number, ms: number, at: number): EntityCounter => ({ dimension: 'artist', key, name: key, plays, ms, firstAt: at, lastAt: at, years: { [String(new Date(at).getUTCFullYear())]: [plays, ms] } });
    const keys = Array.from({ length: 120 }, (_, i) => `artist${String(i).padStart(3, '0')}`);
    await repository().dynamoPlays.addToEntities(user, keys.map((k) => delta(k, 2, 1000, T)));
    const answered = await repository().dynamoPlays.addToEntities(user, keys.slice(50).map((k) => delta(k, 3, 500, T + 86_400_000)));
    expect(answered[0]).toMatchObject({ key: 'artist050', plays: 5, ms: 1500, firstAt: T, lastAt: T + 86_400_000, years: { '2025': [2, 1000], '2026': [3, 500] } });
    const stored = byKey(await repository().dynamoHistory.entities(user, 'artist'));
    expect(stored.map((c) => c.plays)).toEqual(keys.map((_, i) => (i < 50 ? 2 : 5)));
    expect(stored.reduce((s, c) => s + c.ms, 0)).toBe(120 * 1000 + 70 * 500);
  });
});
