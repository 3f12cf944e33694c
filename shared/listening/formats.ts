import { EARLIEST_PLAY_MS, MAX_MS_PLAYED, MAX_NAME_CHARS } from './limits.ts';
import { itemId, platformFamily, type Play, type PlayItem, type PlayKind } from './play.ts';

/**
 * The Spotify history formats, told apart by their content (the keys of a record), never by a
 * file's name: Spotify renamed and split its files several times, and importers that trusted
 * names broke each time. Each format's rows are read into {@link Play}s by a pure function.
 *
 * - `extended-endsong`: the older extended history (`endsong_N.json`, until about mid-2023):
 *   `ts` and `ms_played` with `username`, `ip_addr_decrypted`, `user_agent_decrypted`, no
 *   audiobook fields; `offline_timestamp` in ms, or 0.
 * - `extended-streaming`: the current one (`Streaming_History_Audio_*` / `_Video_*`): `ts` and
 *   `ms_played` with the `audiobook_*` fields (`ip_addr`, no `username`, in the newest);
 *   `offline_timestamp` in seconds, or null. Audio and video files have the same keys: only
 *   there does the file name decide something — which plays are `video`.
 * - `account-music`: account data's `StreamingHistory_music_N.json`, and the legacy
 *   `StreamingHistoryN.json` that mixes music and podcasts under the same keys: `endTime`,
 *   `artistName`, `trackName`, `msPlayed`.
 * - `account-podcast`: `endTime`, `podcastName`, `episodeName`, `msPlayed`.
 * - `account-audiobook`: `endTime`, `audiobookName`, `chapterName`, `authorName`, `msPlayed`.
 * - `api-recently-played`: a saved `GET /v1/me/player/recently-played` response: an object with
 *   `items[].played_at` and `items[].track`.
 */
export type HistoryFormat =
  | 'extended-endsong'
  | 'extended-streaming'
  | 'account-music'
  | 'account-podcast'
  | 'account-audiobook'
  | 'api-recently-played';

export const HISTORY_FORMATS: readonly HistoryFormat[] = [
  'extended-endsong',
  'extended-streaming',
  'account-music',
  'account-podcast',
  'account-audiobook',
  'api-recently-played',
];

type Row = Record<string, unknown>;

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The format of an array file, from its first record (all of a file's records share a layout),
 * or `undefined` when it is none of them.
 */
export function detectRecordFormat(record: unknown): HistoryFormat | undefined {
  if (!isRow(record)) return undefined;
  if ('ts' in record && 'ms_played' in record) {
    const old = 'username' in record || 'ip_addr_decrypted' in record || 'user_agent_decrypted' in record;
    const audiobooks = 'audiobook_uri' in record || 'audiobook_title' in record || 'audiobook_chapter_uri' in record;
    return old && !audiobooks ? 'extended-endsong' : 'extended-streaming';
  }
  if ('endTime' in record && 'msPlayed' in record) {
    if ('audiobookName' in record || 'chapterName' in record) return 'account-audiobook';
    if ('podcastName' in record || 'episodeName' in record) return 'account-podcast';
    if ('artistName' in record || 'trackName' in record) return 'account-music';
  }
  return undefined;
}

/**
 * Why a file's first record is none of the formats, when it is close to one: a record with account data's `endTime` and
 * `msPlayed` but names Mosaic does not know is a layout Spotify may add (it split account data by
 * type before); its keys are named, so the user (and a later version) can tell what it was.
 */
export function unknownLayoutReason(record: unknown): string | undefined {
  if (isRow(record) && 'endTime' in record && 'msPlayed' in record) {
    const keys = Object.keys(record)
      .slice(0, 8)
      .map((k) => (k.length > 40 ? `${k.slice(0, 40)}…` : k));
    return `it looks like Spotify account data in a layout Mosaic does not read (its keys: ${keys.join(', ')}), so none of it was imported`;
  }
  return undefined;
}

/** Whether a document whose top level is an object is a recently-played response. */
export function isRecentlyPlayedResponse(document: unknown): document is { items: unknown[] } {
  if (!isRow(document) || !Array.isArray(document.items)) return false;
  const first: unknown = document.items[0];
  if (first === undefined) return 'cursors' in document || (typeof document.href === 'string' && document.href.includes('recently-played'));
  return isRow(first) && 'played_at' in first && 'track' in first;
}

/** Why a record was not read: a stable code and a message naming the field. */
export interface RowRejection {
  code: RejectionCode;
  message: string;
}

/**
 * - `invalid_json`: the record's text is not JSON.
 * - `not_an_object`: the record is a number, string, array or null.
 * - `too_large`: the record is longer than the cap.
 * - `bad_time`: its end time is missing, of the wrong type, unreadable, before 2006 or in the future.
 * - `bad_ms_played`: ms played is missing, not a whole number ≥ 0, or over a day.
 * - `bad_field`: another field has the wrong type.
 * - `missing_names`: an account-data row without the names its file's layout requires.
 */
export type RejectionCode = 'invalid_json' | 'not_an_object' | 'too_large' | 'bad_time' | 'bad_ms_played' | 'bad_field' | 'missing_names';

export const REJECTION_CODES: readonly RejectionCode[] = [
  'invalid_json',
  'not_an_object',
  'too_large',
  'bad_time',
  'bad_ms_played',
  'bad_field',
  'missing_names',
];

/** What normalising a record needs besides the record. */
export interface RowContext {
  /** Plays shorter than this are flagged `short`. */
  shortPlayMs: number;
  /** For extended files: `video` when the file is a video history file (the one thing its name decides). */
  medium: 'audio' | 'video';
  /** Latest acceptable end time (epoch ms): later ones are refused as broken. */
  latestMs: number;
}

/** Thrown inside a record's reading to reject it; caught by the reader, so it never needs a stack trace. */
class Rejected extends Error {
  readonly code: RejectionCode;
  constructor(code: RejectionCode, message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.code = code;
  }
}

/** Reads one record of a file of `format` (not `api-recently-played`: see {@link readRecentlyPlayedItem}). */
export function readRecord(format: Exclude<HistoryFormat, 'api-recently-played'>, record: unknown, context: RowContext): Play | RowRejection {
  if (!isRow(record)) return { code: 'not_an_object', message: `the record is ${describe(record)}, not an object` };
  try {
    switch (format) {
      case 'extended-endsong':
      case 'extended-streaming':
        return readExtended(record, context);
      case 'account-music':
      case 'account-podcast':
      case 'account-audiobook':
        return readAccount(format, record, context);
    }
  } catch (error) {
    if (error instanceof Rejected) return { code: error.code, message: error.message };
    throw error;
  }
}

/** Whether a {@link readRecord} result is a rejection. */
export function isRejection(value: Play | RowRejection): value is RowRejection {
  return 'code' in value;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const ACCOUNT_MINUTE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;
// A local file's URI is made of its tags (`spotify:local:Artist:Album:Title:210`): taken as it comes.
const SPOTIFY_URI = /^spotify:(?:local:.+|[a-z]+:\S+)$/;

function readExtended(row: Row, context: RowContext): Play {
  const endedAt = isoInstant(row, 'ts', context);
  const msPlayed = msPlayedOf(row, 'ms_played');
  const trackUri = uri(row, 'spotify_track_uri');
  const episodeUri = uri(row, 'spotify_episode_uri');
  const audiobookUri = uri(row, 'audiobook_uri');
  const chapterUri = uri(row, 'audiobook_chapter_uri');
  const trackName = name(row, 'master_metadata_track_name');
  const artistName = name(row, 'master_metadata_album_artist_name');
  const albumName = name(row, 'master_metadata_album_album_name');
  const episodeName = name(row, 'episode_name');
  const showName = name(row, 'episode_show_name');
  const audiobookName = name(row, 'audiobook_title');
  const chapterName = name(row, 'audiobook_chapter_title');

  // The kind is decided by which identifier is set, names standing in for URIs (local files have names only).
  let item: PlayItem;
  let playUri: string | undefined;
  if (audiobookUri !== undefined || chapterUri !== undefined) {
    item = 'audiobook';
    playUri = chapterUri ?? audiobookUri;
  } else if (trackUri !== undefined) {
    item = 'track';
    playUri = trackUri;
  } else if (episodeUri !== undefined) {
    item = 'episode';
    playUri = episodeUri;
  } else if (audiobookName !== undefined || chapterName !== undefined) {
    item = 'audiobook';
  } else if (trackName !== undefined || artistName !== undefined) {
    item = 'track';
  } else if (episodeName !== undefined || showName !== undefined) {
    item = 'episode';
  } else {
    item = 'unknown';
  }

  const play: Play = {
    kind: context.medium === 'video' ? 'video' : item,
    item,
    source: 'extended',
    endedAt,
    msPlayed,
    short: msPlayed < context.shortPlayMs,
    id: '',
  };
  if (playUri !== undefined) play.uri = playUri;
  if (item === 'track') {
    if (trackName !== undefined) play.trackName = trackName;
    if (artistName !== undefined) play.artistName = artistName;
    if (albumName !== undefined) play.albumName = albumName;
  } else if (item === 'episode') {
    if (episodeName !== undefined) play.episodeName = episodeName;
    if (showName !== undefined) play.showName = showName;
  } else if (item === 'audiobook') {
    if (audiobookName !== undefined) play.audiobookName = audiobookName;
    if (chapterName !== undefined) play.chapterName = chapterName;
    if (audiobookUri !== undefined) play.audiobookUri = audiobookUri;
  }
  play.id = playUri ?? itemId(play);

  const platform = text(row, 'platform', 200);
  if (platform !== undefined) play.platform = platformFamily(platform);
  const reasonStart = text(row, 'reason_start', 40);
  if (reasonStart !== undefined) play.reasonStart = reasonStart;
  const reasonEnd = text(row, 'reason_end', 40);
  if (reasonEnd !== undefined) play.reasonEnd = reasonEnd;
  const shuffle = flag(row, 'shuffle');
  if (shuffle !== undefined) play.shuffle = shuffle;
  const skipped = flag(row, 'skipped');
  if (skipped !== undefined) play.skipped = skipped;
  const offline = flag(row, 'offline');
  if (offline !== undefined) play.offline = offline;
  const incognito = flag(row, 'incognito_mode');
  if (incognito !== undefined) play.incognito = incognito;
  const offlineAt = offlineTimestamp(row);
  if (offlineAt !== undefined) play.offlineAt = offlineAt;
  return play;
}

/** The two names each account-data layout gives a row. */
const ACCOUNT_NAMES = {
  'account-music': ['artistName', 'trackName'],
  'account-podcast': ['podcastName', 'episodeName'],
  'account-audiobook': ['audiobookName', 'chapterName'],
} as const;

function readAccount(format: 'account-music' | 'account-podcast' | 'account-audiobook', row: Row, context: RowContext): Play {
  const endedAt = accountMinute(row, context);
  const msPlayed = msPlayedOf(row, 'msPlayed');
  const play: Play = { kind: 'unknown', item: 'unknown', source: 'account', endedAt, msPlayed, short: msPlayed < context.shortPlayMs, id: 'mosaic:unknown' };
  const [firstField, secondField] = ACCOUNT_NAMES[format];
  const first = name(row, firstField);
  const second = name(row, secondField);
  // A play of something Spotify lost the metadata of (the extended export's all-null rows): account
  // data names it "Unknown Artist" / "Unknown Track", or leaves both names out. Listening time, no item.
  if ((first === undefined && second === undefined) || (format === 'account-music' && first === 'Unknown Artist' && second === 'Unknown Track')) return play;
  if (first === undefined) throw missingName(row, firstField);
  if (second === undefined) throw missingName(row, secondField);
  let kind: PlayKind;
  if (format === 'account-music') {
    kind = 'track';
    play.artistName = first;
    play.trackName = second;
  } else if (format === 'account-podcast') {
    kind = 'episode';
    play.showName = first;
    play.episodeName = second;
  } else {
    kind = 'audiobook';
    play.audiobookName = first;
    play.chapterName = second;
    const author = name(row, 'authorName');
    if (author !== undefined) play.authorName = author;
  }
  play.kind = kind;
  play.item = kind;
  play.id = itemId(play);
  return play;
}

/**
 * Reads one item of a recently-played response (`{ track, played_at, context }`) into a play of
 * source `api`. The API gives no time played: `msPlayed` is the track's length, marked estimated
 * (and Spotify lists only plays of 30 s or more there, so none is flagged short).
 */
export function readRecentlyPlayedItem(value: unknown, context: Pick<RowContext, 'latestMs'>): Play | RowRejection {
  if (!isRow(value)) return { code: 'not_an_object', message: `the item is ${describe(value)}, not an object` };
  try {
    const endedAt = isoInstant(value, 'played_at', context);
    const track = value.track;
    if (!isRow(track)) throw new Rejected('bad_field', `track is ${describe(track)}, not an object`);
    const type = track.type;
    const item: PlayItem = type === 'episode' ? 'episode' : 'track';
    const duration = track.duration_ms;
    if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 0 || duration > MAX_MS_PLAYED) {
      throw new Rejected('bad_ms_played', `track.duration_ms is ${describe(duration)}, not a whole number of ms`);
    }
    const play: Play = { kind: item, item, source: 'api', endedAt, msPlayed: duration, msPlayedEstimated: true, short: false, id: '' };
    const trackUri = uri(track, 'uri');
    if (trackUri !== undefined) play.uri = trackUri;
    const title = name(track, 'name');
    if (item === 'episode') {
      if (title !== undefined) play.episodeName = title;
      const show = track.show;
      if (isRow(show)) {
        const showName = name(show, 'name');
        if (showName !== undefined) play.showName = showName;
      }
    } else {
      if (title !== undefined) play.trackName = title;
      const artists = track.artists;
      if (artists !== undefined && !Array.isArray(artists)) throw new Rejected('bad_field', `track.artists is ${describe(artists)}, not a list`);
      const first: unknown = artists?.[0];
      if (isRow(first)) {
        const artist = name(first, 'name');
        if (artist !== undefined) play.artistName = artist;
      }
      // Early responses carry simplified tracks, without an album.
      const album = track.album;
      if (isRow(album)) {
        const albumName = name(album, 'name');
        if (albumName !== undefined) play.albumName = albumName;
      }
    }
    play.id = play.uri ?? itemId(play);
    return play;
  } catch (error) {
    if (error instanceof Rejected) return { code: error.code, message: error.message };
    throw error;
  }
}

/**
 * Reads a recently-played response (`GET /v1/me/player/recently-played`) into plays of source
 * `api`, for the collector; items of the wrong shape come back as rejections with their index.
 * Throws when the document is not such a response at all.
 */
export function readRecentlyPlayed(response: unknown, options: { now?: number } = {}): { plays: Play[]; rejections: Array<RowRejection & { item: number }> } {
  if (!isRecentlyPlayedResponse(response)) throw new Error('not a recently-played response: expected an object with items[].played_at and items[].track');
  const context = { latestMs: (options.now ?? Date.now()) + DAY_MS };
  const plays: Play[] = [];
  const rejections: Array<RowRejection & { item: number }> = [];
  response.items.forEach((item, index) => {
    const result = readRecentlyPlayedItem(item, context);
    if (isRejection(result)) rejections.push({ ...result, item: index });
    else plays.push(result);
  });
  return { plays, rejections };
}

const DAY_MS = 24 * 60 * 60 * 1000;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? `the text "${value.slice(0, 40)}…"` : `the text "${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return `a${typeof value === 'object' ? 'n object' : ` ${typeof value}`}`;
}

function checkInstant(ms: number, field: string, raw: unknown, context: Pick<RowContext, 'latestMs'>): number {
  if (!Number.isFinite(ms)) throw new Rejected('bad_time', `${field} is ${describe(raw)}, not a date and time`);
  if (ms < EARLIEST_PLAY_MS || ms > context.latestMs) throw new Rejected('bad_time', `${field} ${String(raw)} is out of range`);
  return ms;
}

function isoInstant(row: Row, field: string, context: Pick<RowContext, 'latestMs'>): number {
  const value = row[field];
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) throw new Rejected('bad_time', `${field} is ${describe(value)}, not a UTC date and time`);
  return checkInstant(Date.parse(value), field, value, context);
}

/** Account data's `endTime`: `YYYY-MM-DD HH:MM`, UTC (not local time, as some importers read it). */
function accountMinute(row: Row, context: RowContext): number {
  const value = row.endTime;
  const match = typeof value === 'string' ? ACCOUNT_MINUTE.exec(value) : null;
  if (!match) throw new Rejected('bad_time', `endTime is ${describe(value)}, not "YYYY-MM-DD HH:MM"`);
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(ms);
  // Date.UTC rolls 2024-02-30 over to March: such a date is refused, not moved.
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1 || h > 23 || mi > 59) throw new Rejected('bad_time', `endTime "${String(value)}" is not a real date and time`);
  return checkInstant(ms, 'endTime', value, context);
}

function msPlayedOf(row: Row, field: string): number {
  const value = row[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_MS_PLAYED) {
    throw new Rejected('bad_ms_played', `${field} is ${describe(value)}, not a whole number of ms up to a day`);
  }
  return value;
}

/** An optional text field: absent, null and empty all read as absent; anything but text is refused. */
function text(row: Row, field: string, max: number): string | undefined {
  const value = row[field];
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') throw new Rejected('bad_field', `${field} is ${describe(value)}, not text`);
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return trimmed.length > max ? trimmed.slice(0, max) : trimmed;
}

function name(row: Row, field: string): string | undefined {
  return text(row, field, MAX_NAME_CHARS);
}

function missingName(row: Row, field: string): Rejected {
  return new Rejected('missing_names', `${field} is ${describe(row[field])}`);
}

function uri(row: Row, field: string): string | undefined {
  const value = text(row, field, 300);
  if (value !== undefined && !SPOTIFY_URI.test(value)) throw new Rejected('bad_field', `${field} is ${describe(value)}, not a Spotify URI`);
  return value;
}

function flag(row: Row, field: string): boolean | undefined {
  const value = row[field];
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new Rejected('bad_field', `${field} is ${describe(value)}, not true or false`);
  return value;
}

/**
 * `offline_timestamp` is epoch seconds in the current format and epoch ms in the older one, and
 * 0 or null when unset. Read by magnitude, which tells them apart for any date from 1973 to 5138
 * (and so also reads the formats in between, whichever unit they used).
 */
function offlineTimestamp(row: Row): number | undefined {
  const value = row.offline_timestamp;
  if (value === null || value === undefined || value === 0) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Rejected('bad_field', `offline_timestamp is ${describe(value)}, not a time stamp`);
  return Math.round(value < 1e11 ? value * 1000 : value);
}
