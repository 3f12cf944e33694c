import { hash } from 'node:crypto';

/**
 * The one play model every Spotify source is read into: the privacy export's account data and
 * extended history, and the Web API's recently-played list. Only what the product uses is kept;
 * the personal data Spotify puts in its exports (IP addresses, user agents, the username, the
 * device model in the platform string, the connection country) never reaches a {@link Play}.
 */

/**
 * What a play is kept as. `track`, `episode` and `audiobook` are what the row names; `video` is
 * any play from an extended-history *video* file (`Streaming_History_Video_*`, music videos and
 * video podcasts alike: {@link Play.item} says which); `unknown` is a row whose track, episode and
 * audiobook fields are all empty (Spotify lost the metadata) — kept, as it is listening time.
 */
export type PlayKind = 'track' | 'episode' | 'audiobook' | 'video' | 'unknown';
export const PLAY_KINDS: readonly PlayKind[] = ['track', 'episode', 'audiobook', 'video', 'unknown'];

/** What a row names, whatever file it came from. */
export type PlayItem = 'track' | 'episode' | 'audiobook' | 'unknown';

/**
 * Where a play was seen: `extended` (the extended streaming history export), `account` (the
 * account-data export's `StreamingHistory*.json`), `api` (the collector, polling recently-played).
 */
export type PlaySource = 'extended' | 'account' | 'api';
export const PLAY_SOURCES: readonly PlaySource[] = ['extended', 'account', 'api'];

/**
 * Device families a platform string is reduced to: the raw strings carry device models and, on
 * partner devices, serial-like identifiers (`Android OS 12 API 31 (samsung, SM-G781U)`).
 */
export type Platform =
  | 'android'
  | 'ios'
  | 'windows'
  | 'macos'
  | 'linux'
  | 'web'
  | 'tv'
  | 'speaker'
  | 'car'
  | 'console'
  | 'wearable'
  | 'other'
  | 'unknown';

export interface Play {
  kind: PlayKind;
  item: PlayItem;
  source: PlaySource;
  /**
   * When the stream ended, UTC epoch ms, as precise as the source: whole seconds (extended), the
   * minute, truncated (account data: `endTime` has no seconds), or `played_at` (api, which may
   * not be the very end: see docs/listening.md).
   */
  endedAt: number;
  msPlayed: number;
  /** `msPlayed` is the track's length, not the time played (the Web API does not tell it). */
  msPlayedEstimated?: true;
  /** Played for less than the short-play threshold: kept, but left out of analytics. */
  short: boolean;
  /**
   * The item's id: its Spotify URI when the source gives one, else a deterministic
   * `mosaic:<item>:<hash>` ({@link itemId}). For audiobooks, the chapter's URI when known.
   */
  id: string;
  /** The Spotify URI of what was played (track, episode, or audiobook chapter), when given. */
  uri?: string;
  trackName?: string;
  artistName?: string;
  albumName?: string;
  showName?: string;
  episodeName?: string;
  audiobookName?: string;
  chapterName?: string;
  authorName?: string;
  audiobookUri?: string;
  platform?: Platform;
  reasonStart?: string;
  reasonEnd?: string;
  shuffle?: boolean;
  skipped?: boolean;
  offline?: boolean;
  /** Spotify's `offline_timestamp` in epoch ms (the export gives seconds or ms); its meaning is undocumented, never the play time. */
  offlineAt?: number;
  incognito?: boolean;
}

/** Plays shorter than this are flagged `short` unless the reader is told otherwise. */
export const DEFAULT_SHORT_PLAY_MS = 30_000;

/** Names compared and hashed: Unicode-normalised (NFKC), lower case, spaces trimmed and collapsed. */
export function normalizeName(value: string | undefined): string {
  if (value === undefined) return '';
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The names that identify an item in every source, normalised: artist and track (account data
 * has no album), show and episode, audiobook and chapter. `undefined` for an unknown item.
 */
export function identityNames(play: Pick<Play, 'item' | 'trackName' | 'artistName' | 'showName' | 'episodeName' | 'audiobookName' | 'chapterName'>): string | undefined {
  switch (play.item) {
    case 'track':
      return `${normalizeName(play.artistName)}\u001f${normalizeName(play.trackName)}`;
    case 'episode':
      return `${normalizeName(play.showName)}\u001f${normalizeName(play.episodeName)}`;
    case 'audiobook':
      return `${normalizeName(play.audiobookName)}\u001f${normalizeName(play.chapterName)}`;
    case 'unknown':
      return undefined;
  }
}

/**
 * The deterministic id of an item without a URI (seed 004: a hash of artist, track, album):
 * `mosaic:<item>:` and 22 characters of base64url SHA-256 over the normalised names —
 * track: artist, track, album (empty when the source has none, as account data); episode: show,
 * episode; audiobook: audiobook, chapter, author (empty when unknown). Unknown items share
 * `mosaic:unknown`. Stable across imports, sources and versions: stored ids depend on it.
 */
export function itemId(
  play: Pick<Play, 'item' | 'trackName' | 'artistName' | 'albumName' | 'showName' | 'episodeName' | 'audiobookName' | 'chapterName' | 'authorName'>,
): string {
  let parts: Array<string | undefined>;
  switch (play.item) {
    case 'track':
      parts = [play.artistName, play.trackName, play.albumName];
      break;
    case 'episode':
      parts = [play.showName, play.episodeName];
      break;
    case 'audiobook':
      parts = [play.audiobookName, play.chapterName, play.authorName];
      break;
    case 'unknown':
      return 'mosaic:unknown';
  }
  const digest = hash('sha256', parts.map(normalizeName).join('\u001f'), 'base64url');
  return `mosaic:${play.item}:${digest.slice(0, 22)}`;
}

const PLATFORM_RULES: ReadonlyArray<[RegExp, Platform]> = [
  [/\b(car|auto|automotive|carplay|tesla|volvo|bmw|audi|mercedes|polestar|ford)\b|android_auto|car_thing/, 'car'],
  [/\b(tv|bravia|roku|tizen|webos|vizio|appletv|apple tv|firetv|fire tv|chromecast|android_tv|googletv|smart_tv)\b|_tv\b|tv_/, 'tv'],
  [/\b(sonos|echo|alexa|speaker|google home|home mini|nest|homepod|bose|denon|yamaha|harman|jbl|cast_audio|amazon_salmon)\b|_speaker/, 'speaker'],
  [/\b(playstation|ps4|ps5|xbox|nintendo|switch)\b/, 'console'],
  [/\b(watch|wear ?os|wearos|garmin|fitbit|samsung_watch)\b/, 'wearable'],
  // The web player names the OS it runs on (`web_player windows 10;chrome …`): the player decides.
  [/web_?player|web player|websocket|browser/, 'web'],
  [/android/, 'android'],
  [/\b(ios|iphone|ipad|ipod)\b|iphone|ipad/, 'ios'],
  [/windows|win32|win64|\bwin\b/, 'windows'],
  [/os ?x|macos|mac os|\bmac\b|macintosh/, 'macos'],
  [/linux|ubuntu/, 'linux'],
  [/\bweb\b|chrome|firefox|safari|edge/, 'web'],
];

/**
 * A platform string reduced to its family. Everything else in it — the OS build, the device
 * maker and model, partner identifiers — is dropped here, as the product only shows families.
 */
export function platformFamily(raw: string): Platform {
  const value = raw.trim().toLowerCase();
  if (value === '' || value === 'unknown') return 'unknown';
  for (const [pattern, family] of PLATFORM_RULES) if (pattern.test(value)) return family;
  return 'other';
}
