import { describe, expect, it } from 'vitest';
import {
  accountAudiobookRow,
  accountMusicRow,
  accountPodcastRow,
  audiobook,
  endsongRow,
  episode,
  noItem,
  streamingRow,
} from '../../test/support/spotify-export.ts';
import { detectRecordFormat, isRecentlyPlayedResponse, readRecentlyPlayed, readRecentlyPlayedItem, readRecord, type RowContext } from './formats.ts';
import { itemId } from './play.ts';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const CONTEXT: RowContext = { shortPlayMs: 30_000, medium: 'audio', latestMs: NOW + 86_400_000 };
const VIDEO: RowContext = { ...CONTEXT, medium: 'video' };

/** A recently-played item in the Web API's shape (made-up values). */
function apiItem(over: Record<string, unknown> = {}, track: Record<string, unknown> = {}) {
  return {
    track: {
      type: 'track',
      name: 'Harbour Lights',
      uri: 'spotify:track:0aaaaaaaaaaaaaaaaaaaa1',
      duration_ms: 214_000,
      artists: [{ name: 'The Quiet Tides', uri: 'spotify:artist:0ddddddddddddddddddddd' }, { name: 'Guest' }],
      album: { name: 'Low Water', album_type: 'album' },
      ...track,
    },
    played_at: '2024-03-05T18:04:11.250Z',
    context: null,
    ...over,
  };
}

describe('detectRecordFormat (by content, never by name)', () => {
  it('tells every Spotify layout apart by its keys', () => {
    expect(detectRecordFormat(streamingRow())).toBe('extended-streaming');
    expect(detectRecordFormat(streamingRow(episode()))).toBe('extended-streaming');
    expect(detectRecordFormat(endsongRow())).toBe('extended-endsong');
    expect(detectRecordFormat(accountMusicRow('2024-08-23 00:02', 'A', 'T', 1))).toBe('account-music');
    expect(detectRecordFormat(accountPodcastRow('2024-08-23 00:02', 'S', 'E', 1))).toBe('account-podcast');
    expect(detectRecordFormat(accountAudiobookRow('2024-08-23 00:02', 'B', 'C', 'W', 1))).toBe('account-audiobook');
  });

  it('reads the in-between extended layout (username and user agent kept, audiobook fields added) as the current one', () => {
    const { ip_addr: _, ...rest } = streamingRow();
    expect(detectRecordFormat({ ...rest, username: 'u', ip_addr_decrypted: '203.0.113.1', user_agent_decrypted: 'unknown' })).toBe('extended-streaming');
  });

  it('recognises nothing else', () => {
    for (const record of [{}, { date: '2024-01-01', value: 3 }, { ts: '2024-01-01T00:00:00Z' }, { endTime: 'x', msPlayed: 1 }, [], 'row', 3, null]) {
      expect(detectRecordFormat(record)).toBeUndefined();
    }
  });

  it('tells a recently-played response from other objects', () => {
    expect(isRecentlyPlayedResponse({ items: [apiItem()], cursors: { after: '1', before: '0' } })).toBe(true);
    expect(isRecentlyPlayedResponse({ items: [], cursors: null, href: 'https://api.spotify.com/v1/me/player/recently-played' })).toBe(true);
    expect(isRecentlyPlayedResponse({ items: [{ id: 1 }] })).toBe(false);
    expect(isRecentlyPlayedResponse({ items: [] })).toBe(false);
    expect(isRecentlyPlayedResponse({ data: [] })).toBe(false);
  });
});

describe('readRecord, extended history', () => {
  it('reads a current-format track play: ts as the end, offline_timestamp in seconds, the platform family, nothing personal', () => {
    const play = readRecord('extended-streaming', streamingRow(), CONTEXT);
    expect(play).toEqual({
      kind: 'track',
      item: 'track',
      source: 'extended',
      endedAt: Date.parse('2024-03-05T18:04:11Z'),
      msPlayed: 201_000,
      short: false,
      id: 'spotify:track:0aaaaaaaaaaaaaaaaaaaa1',
      uri: 'spotify:track:0aaaaaaaaaaaaaaaaaaaa1',
      trackName: 'Harbour Lights',
      artistName: 'The Quiet Tides',
      albumName: 'Low Water',
      platform: 'android',
      reasonStart: 'trackdone',
      reasonEnd: 'trackdone',
      shuffle: false,
      skipped: false,
      offline: false,
      offlineAt: 1_709_661_650_000,
      incognito: false,
    });
    expect(JSON.stringify(play)).not.toMatch(/198\.51\.100\.23|"NL"|conn_country|ip_addr/);
  });

  it('reads the older endsong format: offline_timestamp in ms (0 = none), personal fields dropped, device model gone', () => {
    const play = readRecord('extended-endsong', endsongRow(), CONTEXT);
    expect(play).toMatchObject({ kind: 'track', endedAt: Date.parse('2021-07-14T21:30:02Z'), offlineAt: 1_626_298_014_512, platform: 'android', shuffle: true });
    expect(play).not.toHaveProperty('skipped'); // null: not known
    const text = JSON.stringify(play);
    for (const personal of ['quiet-tides-fan', '203.0.113.77', 'Fairphone', 'FP4', 'user_agent', 'username', '"DE"']) expect(text).not.toContain(personal);
    expect(readRecord('extended-endsong', endsongRow({ offline_timestamp: 0 }), CONTEXT)).not.toHaveProperty('offlineAt');
    expect(readRecord('extended-streaming', streamingRow({ offline_timestamp: null }), CONTEXT)).not.toHaveProperty('offlineAt');
  });

  it('never takes offline_timestamp for the play time', () => {
    const play = readRecord('extended-streaming', streamingRow({ ts: '2024-03-05T18:04:11Z', offline_timestamp: 1_500_000_000 }), CONTEXT);
    expect(play).toMatchObject({ endedAt: Date.parse('2024-03-05T18:04:11Z'), offlineAt: 1_500_000_000_000 });
  });

  it('reads episode rows (track fields null) and audiobook rows (chapter URI as id)', () => {
    expect(readRecord('extended-streaming', streamingRow(episode()), CONTEXT)).toMatchObject({
      kind: 'episode',
      item: 'episode',
      id: 'spotify:episode:0eeeeeeeeeeeeeeeeeeee1',
      showName: 'Coastal Notes',
      episodeName: 'Tide Tables, Part 2',
    });
    const book = readRecord('extended-streaming', streamingRow(audiobook()), CONTEXT);
    expect(book).toMatchObject({
      kind: 'audiobook',
      id: 'spotify:episode:0ccccccccccccccccccc1',
      uri: 'spotify:episode:0ccccccccccccccccccc1',
      audiobookUri: 'spotify:show:0bbbbbbbbbbbbbbbbbbbb1',
      audiobookName: 'The Lighthouse Keeper',
      chapterName: 'Chapter 3',
    });
    expect(book).not.toHaveProperty('trackName');
  });

  it('keeps plays of video files as their own kind, saying what they show', () => {
    expect(readRecord('extended-streaming', streamingRow(), VIDEO)).toMatchObject({ kind: 'video', item: 'track', trackName: 'Harbour Lights' });
    expect(readRecord('extended-streaming', streamingRow({ ...episode(), offline: null, offline_timestamp: null, reason_start: 'unknown' }), VIDEO)).toMatchObject({
      kind: 'video',
      item: 'episode',
    });
  });

  it('keeps rows whose metadata is lost (all item fields null) as unknown plays, and gives local files a deterministic id', () => {
    const lost = readRecord('extended-endsong', endsongRow(noItem()), CONTEXT);
    expect(lost).toMatchObject({ kind: 'unknown', item: 'unknown', id: 'mosaic:unknown', msPlayed: 187_500 });
    const local = readRecord('extended-streaming', streamingRow({ spotify_track_uri: null }), CONTEXT);
    expect(local).toMatchObject({ kind: 'track', id: itemId({ item: 'track', artistName: 'The Quiet Tides', trackName: 'Harbour Lights', albumName: 'Low Water' }) });
    expect(local).not.toHaveProperty('uri');    // A local file's URI is made of its tags: whatever they hold, the play is read with it.
    const tagged = readRecord('extended-streaming', streamingRow({ spotify_track_uri: 'spotify:local:The Quiet Tides:Low Water:Harbour Lights:201' }), CONTEXT);
    expect(tagged).toMatchObject({ kind: 'track', uri: 'spotify:local:The Quiet Tides:Low Water:Harbour Lights:201' });
  });

  it('keeps plays of 0 ms, flagged short, at a threshold that can be changed', () => {
    expect(readRecord('extended-streaming', streamingRow({ ms_played: 0 }), CONTEXT)).toMatchObject({ msPlayed: 0, short: true });
    expect(readRecord('extended-streaming', streamingRow({ ms_played: 29_999 }), CONTEXT)).toMatchObject({ short: true });
    expect(readRecord('extended-streaming', streamingRow({ ms_played: 30_000 }), CONTEXT)).toMatchObject({ short: false });
    expect(readRecord('extended-streaming', streamingRow({ ms_played: 30_000 }), { ...CONTEXT, shortPlayMs: 60_000 })).toMatchObject({ short: true });
  });

  it('rejects rows with wrong types, with a code and a message naming the field', () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ ms_played: null }, 'bad_ms_played', /ms_played is null/],
      [{ ms_played: '2000' }, 'bad_ms_played', /ms_played is the text "2000"/],
      [{ ms_played: 1.5 }, 'bad_ms_played', /ms_played/],
      [{ ms_played: -1 }, 'bad_ms_played', /ms_played/],
      [{ ms_played: 90_000_000 }, 'bad_ms_played', /up to a day/],
      [{ ts: 1_709_661_851 }, 'bad_time', /ts is number/],
      [{ ts: '2024-03-05 18:04:11' }, 'bad_time', /not a UTC date and time/],
      [{ ts: '2024-13-45T18:04:11Z' }, 'bad_time', /not a date and time/],
      [{ ts: '2004-03-05T18:04:11Z' }, 'bad_time', /out of range/],
      [{ ts: '2027-01-05T18:04:11Z' }, 'bad_time', /out of range/],
      [{ shuffle: 'yes' }, 'bad_field', /shuffle is the text "yes", not true or false/],
      [{ master_metadata_track_name: 42 }, 'bad_field', /master_metadata_track_name is number 42, not text/],
      [{ spotify_track_uri: 'https://open.spotify.com/track/x' }, 'bad_field', /not a Spotify URI/],
      [{ offline_timestamp: '1709661650' }, 'bad_field', /offline_timestamp/],
      [{ platform: { os: 'android' } }, 'bad_field', /platform is an object/],
    ];
    for (const [over, code, message] of cases) {
      const result = readRecord('extended-streaming', { ...streamingRow(), ...over }, CONTEXT);
      expect([over, result]).toEqual([over, { code, message: expect.stringMatching(message) }]);
    }
    expect(readRecord('extended-streaming', [1, 2], CONTEXT)).toEqual({ code: 'not_an_object', message: 'the record is a list, not an object' });
    const { ts: _, ...noTs } = streamingRow();
    expect(readRecord('extended-streaming', noTs, CONTEXT)).toMatchObject({ code: 'bad_time', message: 'ts is missing, not a UTC date and time' });
  });

  it('reads empty names as absent and cuts overlong ones', () => {
    const play = readRecord('extended-streaming', streamingRow({ master_metadata_album_album_name: '  ', master_metadata_track_name: 'x'.repeat(1500) }), CONTEXT);
    expect(play).not.toHaveProperty('albumName');
    expect(play).toMatchObject({ trackName: 'x'.repeat(1000) });
  });
});

describe('readRecord, account data', () => {
  it('reads endTime as UTC to the minute (not local time)', () => {
    const play = readRecord('account-music', accountMusicRow('2024-08-23 00:02', 'The Quiet Tides', 'Harbour Lights', 201_000), CONTEXT);
    expect(play).toEqual({
      kind: 'track',
      item: 'track',
      source: 'account',
      endedAt: Date.parse('2024-08-23T00:02:00Z'),
      msPlayed: 201_000,
      short: false,
      id: itemId({ item: 'track', artistName: 'The Quiet Tides', trackName: 'Harbour Lights' }),
      artistName: 'The Quiet Tides',
      trackName: 'Harbour Lights',
    });
  });

  it('reads podcast and audiobook files as their own kinds', () => {
    expect(readRecord('account-podcast', accountPodcastRow('2024-08-22 17:50', 'Coastal Notes', 'Tide Tables, Part 2', 0), CONTEXT)).toMatchObject({
      kind: 'episode',
      showName: 'Coastal Notes',
      episodeName: 'Tide Tables, Part 2',
      msPlayed: 0,
      short: true,
      id: expect.stringMatching(/^mosaic:episode:/),
    });
    expect(readRecord('account-audiobook', accountAudiobookRow('2024-08-23 02:29', 'The Lighthouse Keeper', 'Chapter 3', 'A. Writer', 305_000), CONTEXT)).toMatchObject({
      kind: 'audiobook',
      audiobookName: 'The Lighthouse Keeper',
      chapterName: 'Chapter 3',
      authorName: 'A. Writer',
    });
  });

  it('reads a play of something Spotify lost ("Unknown Artist" / "Unknown Track", or no names at all) as an unknown play', () => {
    const unknown = { kind: 'unknown', item: 'unknown', source: 'account', id: 'mosaic:unknown', endedAt: Date.parse('2024-12-12T11:58:00Z'), msPlayed: 55_700 };
    expect(readRecord('account-music', accountMusicRow('2024-12-12 11:58', 'Unknown Artist', 'Unknown Track', 55_700), CONTEXT)).toEqual({ ...unknown, short: false });
    expect(readRecord('account-music', { endTime: '2024-12-12 11:58', artistName: null, trackName: null, msPlayed: 55_700 }, CONTEXT)).toEqual({ ...unknown, short: false });
    expect(readRecord('account-podcast', { endTime: '2024-12-12 11:58', podcastName: '', episodeName: null, msPlayed: 55_700 }, CONTEXT)).toMatchObject(unknown);
    // Only the pair is Spotify's placeholder: an artist of that name with a real track is a track.
    expect(readRecord('account-music', accountMusicRow('2024-12-12 11:58', 'Unknown Artist', 'Anonymous', 55_700), CONTEXT)).toMatchObject({ kind: 'track', artistName: 'Unknown Artist' });
  });

  it('rejects impossible times and missing names', () => {
    for (const endTime of ['2024-02-30 10:00', '2024-08-23 24:00', '2024-08-23T00:02', '2024-08-23 00:02:13', '']) {
      expect(readRecord('account-music', accountMusicRow(endTime, 'A', 'T', 1), CONTEXT)).toMatchObject({ code: 'bad_time' });
    }
    expect(readRecord('account-music', { endTime: '2024-08-23 00:02', trackName: 'T', msPlayed: 1 }, CONTEXT)).toEqual({
      code: 'missing_names',
      message: 'artistName is missing',
    });
    expect(readRecord('account-podcast', { endTime: '2024-08-23 00:02', podcastName: 'S', episodeName: null, msPlayed: 1 }, CONTEXT)).toMatchObject({ code: 'missing_names' });
    expect(readRecord('account-music', accountMusicRow('2024-08-23 00:02', 'A', 'T', Number.NaN), CONTEXT)).toMatchObject({ code: 'bad_ms_played' });
  });
});

describe('readRecentlyPlayedItem', () => {
  it('reads a full track: played_at to the ms, first artist, album, the length as an estimated ms played', () => {
    expect(readRecentlyPlayedItem(apiItem(), CONTEXT)).toEqual({
      kind: 'track',
      item: 'track',
      source: 'api',
      endedAt: Date.parse('2024-03-05T18:04:11.250Z'),
      msPlayed: 214_000,
      msPlayedEstimated: true,
      short: false,
      id: 'spotify:track:0aaaaaaaaaaaaaaaaaaaa1',
      uri: 'spotify:track:0aaaaaaaaaaaaaaaaaaaa1',
      trackName: 'Harbour Lights',
      artistName: 'The Quiet Tides',
      albumName: 'Low Water',
    });
  });

  it('does not need an album (early responses carry simplified tracks) and reads episodes', () => {
    const { album: _, ...simplified } = apiItem().track;
    const play = readRecentlyPlayedItem({ ...apiItem(), track: simplified, context: { type: 'artist', uri: 'spotify:artist:x' } }, CONTEXT);
    expect(play).toMatchObject({ kind: 'track', trackName: 'Harbour Lights' });
    expect(play).not.toHaveProperty('albumName');
    expect(readRecentlyPlayedItem(apiItem({}, { type: 'episode', uri: 'spotify:episode:0eeeeeeeeeeeeeeeeeeee1', name: 'Tides', show: { name: 'Coastal Notes' }, artists: undefined, album: undefined }), CONTEXT)).toMatchObject({
      kind: 'episode',
      episodeName: 'Tides',
      showName: 'Coastal Notes',
    });
  });

  it('rejects items of the wrong shape', () => {
    expect(readRecentlyPlayedItem({ played_at: '2024-03-05T18:04:11.250Z' }, CONTEXT)).toMatchObject({ code: 'bad_field', message: 'track is missing, not an object' });
    expect(readRecentlyPlayedItem(apiItem({ played_at: 'yesterday' }), CONTEXT)).toMatchObject({ code: 'bad_time' });
    expect(readRecentlyPlayedItem(apiItem({}, { duration_ms: '214000' }), CONTEXT)).toMatchObject({ code: 'bad_ms_played' });
    expect(readRecentlyPlayedItem(apiItem({}, { artists: 'Tides' }), CONTEXT)).toMatchObject({ code: 'bad_field' });
    expect(readRecentlyPlayedItem(null, CONTEXT)).toMatchObject({ code: 'not_an_object' });
  });
});

describe('readRecentlyPlayed (the collector)', () => {
  it('reads a response into plays and indexed rejections, and refuses another document', () => {
    const response = { items: [apiItem(), apiItem({ played_at: 3 }), apiItem({ played_at: '2024-03-05T18:08:11.000Z' })], cursors: { after: '1', before: '0' }, next: null };
    const { plays, rejections } = readRecentlyPlayed(response, { now: NOW });
    expect(plays.map((p) => p.endedAt)).toEqual([Date.parse('2024-03-05T18:04:11.250Z'), Date.parse('2024-03-05T18:08:11.000Z')]);
    expect(rejections).toEqual([{ item: 1, code: 'bad_time', message: 'played_at is number 3, not a UTC date and time' }]);
    expect(() => readRecentlyPlayed({ error: { status: 401 } })).toThrow(/not a recently-played response/);
  });
});
