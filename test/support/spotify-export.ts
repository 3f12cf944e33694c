/**
 * Spotify history records and exports in the real layouts, with made-up values: row builders for
 * tests (each format's keys in Spotify's order, serialised as Spotify does) and a seeded generator
 * of a large extended export ZIP for benchmarks.
 */
import { join } from 'node:path';
import { seededRandom } from '../../shared/tracking/analytics/test-fixtures.ts';
import { ZipFileWriter } from './zip-writer.ts';

/** A record of the current extended history (`Streaming_History_Audio_*` / `_Video_*`), keys in Spotify's order. */
export interface StreamingRow {
  ts: string;
  platform: string | null;
  ms_played: number;
  conn_country: string | null;
  ip_addr: string | null;
  master_metadata_track_name: string | null;
  master_metadata_album_artist_name: string | null;
  master_metadata_album_album_name: string | null;
  spotify_track_uri: string | null;
  episode_name: string | null;
  episode_show_name: string | null;
  spotify_episode_uri: string | null;
  audiobook_title: string | null;
  audiobook_uri: string | null;
  audiobook_chapter_uri: string | null;
  audiobook_chapter_title: string | null;
  reason_start: string | null;
  reason_end: string | null;
  shuffle: boolean | null;
  skipped: boolean | null;
  offline: boolean | null;
  offline_timestamp: number | null;
  incognito_mode: boolean | null;
}

/** A record of the older extended history (`endsong_N.json`), keys in Spotify's order. */
export interface EndsongRow {
  ts: string;
  username: string | null;
  platform: string | null;
  ms_played: number;
  conn_country: string | null;
  ip_addr_decrypted: string | null;
  user_agent_decrypted: string | null;
  master_metadata_track_name: string | null;
  master_metadata_album_artist_name: string | null;
  master_metadata_album_album_name: string | null;
  spotify_track_uri: string | null;
  episode_name: string | null;
  episode_show_name: string | null;
  spotify_episode_uri: string | null;
  reason_start: string | null;
  reason_end: string | null;
  shuffle: boolean | null;
  skipped: boolean | null;
  offline: boolean | null;
  offline_timestamp: number | null;
  incognito_mode: boolean | null;
}

const NO_ITEM = {
  master_metadata_track_name: null,
  master_metadata_album_artist_name: null,
  master_metadata_album_album_name: null,
  spotify_track_uri: null,
  episode_name: null,
  episode_show_name: null,
  spotify_episode_uri: null,
};

/** A current-format track play (override any field; `episode()`/`audiobook()` below give the other kinds). */
export function streamingRow(over: Partial<StreamingRow> = {}): StreamingRow {
  return {
    ts: '2024-03-05T18:04:11Z',
    platform: 'android',
    ms_played: 201_000,
    conn_country: 'NL',
    ip_addr: '198.51.100.23',
    master_metadata_track_name: 'Harbour Lights',
    master_metadata_album_artist_name: 'The Quiet Tides',
    master_metadata_album_album_name: 'Low Water',
    spotify_track_uri: 'spotify:track:0aaaaaaaaaaaaaaaaaaaa1',
    episode_name: null,
    episode_show_name: null,
    spotify_episode_uri: null,
    audiobook_title: null,
    audiobook_uri: null,
    audiobook_chapter_uri: null,
    audiobook_chapter_title: null,
    reason_start: 'trackdone',
    reason_end: 'trackdone',
    shuffle: false,
    skipped: false,
    offline: false,
    offline_timestamp: 1_709_661_650,
    incognito_mode: false,
    ...over,
  };
}

/** The item fields of a podcast episode play, for {@link streamingRow} or {@link endsongRow}. */
export function episode(name = 'Tide Tables, Part 2', show = 'Coastal Notes', uri: string | null = 'spotify:episode:0eeeeeeeeeeeeeeeeeeee1') {
  return { ...NO_ITEM, episode_name: name, episode_show_name: show, spotify_episode_uri: uri };
}

/** The item fields of an audiobook chapter play, for {@link streamingRow}. */
export function audiobook(title = 'The Lighthouse Keeper', chapter = 'Chapter 3', uri: string | null = 'spotify:show:0bbbbbbbbbbbbbbbbbbbb1', chapterUri: string | null = 'spotify:episode:0ccccccccccccccccccc1') {
  return { ...NO_ITEM, audiobook_title: title, audiobook_uri: uri, audiobook_chapter_uri: chapterUri, audiobook_chapter_title: chapter };
}

/** The item fields of a row whose metadata Spotify lost (every track, episode and audiobook field null). */
export function noItem() {
  return { ...NO_ITEM, audiobook_title: null, audiobook_uri: null, audiobook_chapter_uri: null, audiobook_chapter_title: null };
}

/** An older-format (endsong) track play. */
export function endsongRow(over: Partial<EndsongRow> = {}): EndsongRow {
  return {
    ts: '2021-07-14T21:30:02Z',
    username: 'quiet-tides-fan',
    platform: 'Android OS 11 API 30 (Fairphone, FP4)',
    ms_played: 187_500,
    conn_country: 'DE',
    ip_addr_decrypted: '203.0.113.77',
    user_agent_decrypted: 'unknown',
    master_metadata_track_name: 'Harbour Lights',
    master_metadata_album_artist_name: 'The Quiet Tides',
    master_metadata_album_album_name: 'Low Water',
    spotify_track_uri: 'spotify:track:0aaaaaaaaaaaaaaaaaaaa1',
    episode_name: null,
    episode_show_name: null,
    spotify_episode_uri: null,
    reason_start: 'clickrow',
    reason_end: 'fwdbtn',
    shuffle: true,
    skipped: null,
    offline: false,
    offline_timestamp: 1_626_298_014_512,
    incognito_mode: false,
    ...over,
  };
}

export const accountMusicRow = (endTime: string, artistName: string, trackName: string, msPlayed: number) => ({ endTime, artistName, trackName, msPlayed });
export const accountPodcastRow = (endTime: string, podcastName: string, episodeName: string, msPlayed: number) => ({ endTime, podcastName, episodeName, msPlayed });
export const accountAudiobookRow = (endTime: string, audiobookName: string, chapterName: string, authorName: string, msPlayed: number) => ({
  endTime,
  audiobookName,
  chapterName,
  authorName,
  msPlayed,
});

/** Extended history files (`Streaming_History_*`) as Spotify writes them: two-space indent. */
export const asStreamingFile = (rows: readonly unknown[]) => JSON.stringify(rows, null, 2);
/** `endsong_N.json` as Spotify wrote it: compact, one line. */
export const asEndsongFile = (rows: readonly unknown[]) => JSON.stringify(rows);
/** Account-data files as Spotify writes them: two-space indent, a space before each colon. */
export const asAccountFile = (rows: readonly unknown[]) => JSON.stringify(rows, null, 2).replace(/^(\s*"(?:[^"\\]|\\.)*"): /gm, '$1 : ');

// ---------------------------------------------------------------------------------------------
// A large, plausible extended export, for benchmarks.

export interface GeneratedExport {
  path: string;
  bytes: number;
  plays: number;
  files: Array<{ name: string; records: number }>;
  /** Records by what they name. */
  items: { track: number; episode: number; audiobook: number; unknown: number };
}

export interface GenerateOptions {
  /** Total records (default 1,000,000). */
  plays?: number;
  /** Folder to write `my_spotify_data.zip` into. */
  dir: string;
  seed?: number;
  /** Years covered (default 2014–2025): later years get more plays. */
  fromYear?: number;
  toYear?: number;
}

const WORDS = [
  'night', 'river', 'glass', 'summer', 'echo', 'paper', 'golden', 'static', 'blue', 'wild', 'little', 'northern',
  'ghost', 'velvet', 'neon', 'silver', 'hollow', 'morning', 'satellite', 'honey', 'fever', 'ocean', 'city', 'dream',
  'Lied', 'Nacht', 'été', 'corazón', 'sueño', 'fleur', 'hjärta', 'мечта', '夜', '海', 'café', 'über', 'naïve', 'Zürich',
];
const PLATFORMS = ['android', 'ios', 'windows', 'osx', 'linux', 'web_player', 'Partner google cast_tv;Chromecast;;', 'unknown'];
const REASONS_START = ['trackdone', 'clickrow', 'fwdbtn', 'backbtn', 'playbtn', 'appload', 'remote', 'trackerror'];
const REASONS_END = ['trackdone', 'endplay', 'fwdbtn', 'backbtn', 'logout', 'remote', 'unexpected-exit', 'unexpected-exit-while-paused', 'unknown'];
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Writes a seeded extended-history export of `plays` records in the real layout: a ZIP with
 * `Spotify Extended Streaming History/Streaming_History_Audio_<year>_<n>.json` files of 15,000–30,000
 * records each (pretty-printed as Spotify does), records in no order within a file, tracks (~85 %),
 * podcast episodes (~11 %), audiobook chapters (~3 %) and rows without metadata (~0.5 %), plausible
 * field values (30 % of plays skipped early), every personal field Spotify writes filled in.
 * One file at a time is held in memory.
 */
export function generateExtendedExport(options: GenerateOptions): GeneratedExport {
  const total = options.plays ?? 1_000_000;
  const random = seededRandom(options.seed ?? 2024);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const id = () => Array.from({ length: 22 }, () => BASE62[Math.floor(random() * 62)]).join('');
  const title = (words: number) =>
    Array.from({ length: words }, () => pick(WORDS))
      .join(' ')
      .replace(/^./, (c) => c.toUpperCase());

  const artists = Array.from({ length: 2_500 }, () => title(1 + Math.floor(random() * 3)));
  const tracks = Array.from({ length: 30_000 }, () => {
    const artist = pick(artists);
    return { name: title(1 + Math.floor(random() * 4)), artist, album: title(1 + Math.floor(random() * 3)), uri: `spotify:track:${id()}`, length: 120_000 + Math.floor(random() * 300_000) };
  });
  const shows = Array.from({ length: 80 }, () => title(2 + Math.floor(random() * 3)));
  const episodes = Array.from({ length: 4_000 }, (_, i) => ({ name: `${title(3 + Math.floor(random() * 6))} | Ep. ${i}`, show: pick(shows), uri: `spotify:episode:${id()}`, length: 900_000 + Math.floor(random() * 3_600_000) }));
  const books = Array.from({ length: 25 }, () => ({ title: title(2 + Math.floor(random() * 3)), uri: `spotify:show:${id()}` }));
  const chapters = Array.from({ length: 600 }, (_, i) => {
    const book = pick(books);
    return { book, title: `Chapter ${(i % 40) + 1}`, uri: `spotify:episode:${id()}`, length: 600_000 + Math.floor(random() * 1_800_000) };
  });

  const fromYear = options.fromYear ?? 2014;
  const toYear = options.toYear ?? 2025;
  const weights = Array.from({ length: toYear - fromYear + 1 }, (_, i) => 1 + i * 0.4);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const perYear = weights.map((w) => Math.floor((total * w) / weightSum));
  perYear[perYear.length - 1]! += total - perYear.reduce((a, b) => a + b, 0);

  const path = join(options.dir, 'my_spotify_data.zip');
  const zip = new ZipFileWriter(path);
  const files: GeneratedExport['files'] = [];
  const items = { track: 0, episode: 0, audiobook: 0, unknown: 0 };
  let n = 0;
  perYear.forEach((count, y) => {
    const year = fromYear + y;
    const start = Date.UTC(year, 0, 1);
    const span = Date.UTC(year + 1, 0, 1) - start;
    let left = count;
    while (left > 0) {
      let size = Math.min(left, 15_000 + Math.floor(random() * 15_001));
      // No file of fewer than 15,000 records, unless the year has fewer.
      if (left - size > 0 && left - size < 15_000) size = left <= 30_000 ? left : left - 15_000;
      const rows: StreamingRow[] = [];
      for (let r = 0; r < size; r++) {
        const ts = new Date(start + Math.floor(random() * span)).toISOString().replace(/\.\d{3}Z$/, 'Z');
        const roll = random();
        let item: Partial<StreamingRow>;
        let length: number;
        if (roll < 0.005) {
          item = noItem();
          length = 200_000;
          items.unknown++;
        } else if (roll < 0.035) {
          const c = pick(chapters);
          item = audiobook(c.book.title, c.title, c.book.uri, c.uri);
          length = c.length;
          items.audiobook++;
        } else if (roll < 0.145) {
          const e = pick(episodes);
          item = episode(e.name, e.show, e.uri);
          length = e.length;
          items.episode++;
        } else {
          const t = pick(tracks);
          item = { master_metadata_track_name: t.name, master_metadata_album_artist_name: t.artist, master_metadata_album_album_name: t.album, spotify_track_uri: t.uri };
          length = t.length;
          items.track++;
        }
        const skippedEarly = random() < 0.3;
        const ms = skippedEarly ? Math.floor(random() * 30_000) : Math.floor(length * (0.5 + random() * 0.5));
        const offline = random() < 0.05;
        rows.push(
          streamingRow({
            ts,
            platform: pick(PLATFORMS),
            ms_played: ms,
            conn_country: pick(['NL', 'DE', 'US', 'IN', 'BR', 'JP']),
            ip_addr: `198.51.100.${Math.floor(random() * 255)}`,
            ...noItem(),
            ...item,
            reason_start: pick(REASONS_START),
            reason_end: skippedEarly ? pick(['fwdbtn', 'backbtn', 'endplay']) : pick(REASONS_END),
            shuffle: random() < 0.4,
            skipped: skippedEarly,
            offline,
            offline_timestamp: random() < 0.1 ? null : Math.floor((Date.parse(ts) - ms) / 1000) - Math.floor(random() * 600),
            incognito_mode: random() < 0.01,
          }),
        );
      }
      const name = `Spotify Extended Streaming History/Streaming_History_Audio_${year}_${n++}.json`;
      zip.add(name, asStreamingFile(rows));
      files.push({ name, records: size });
      left -= size;
    }
  });
  zip.close();
  return { path, bytes: zip.size, plays: total, files, items };
}
