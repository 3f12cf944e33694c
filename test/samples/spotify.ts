/**
 * Spotify section of `npm run test:samples`: reads every real export file of the samples (each
 * on its own and all together in their ZIP) and the saved Web API responses through the import's
 * reader, and checks the counts by kind against SOURCES.md and against the files themselves, that
 * no personal data comes out, and the deduplication rules — on the real rows, and across formats
 * on the account-data and API views of the real extended rows (the samples come from different
 * people, so their own files do not overlap).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { candidateRange, dedupeKey, findSamePlay, isSamePlay, mergePlays } from '../../shared/listening/dedupe.ts';
import { addCounts, readExport, type FileSummary } from '../../shared/listening/export-reader.ts';
import { readRecentlyPlayedItem, readRecord, isRejection, type HistoryFormat } from '../../shared/listening/formats.ts';
import { PLAY_KINDS, type Play, type PlayKind } from '../../shared/listening/play.ts';
import type { Check, SampleSection } from './harness.ts';

/** What SOURCES.md says of each sample file: its format, records, and the kinds it names. */
const EXPECTED: Record<string, { format: HistoryFormat; records: number; kinds?: Partial<Record<PlayKind, number>>; items?: Partial<Record<string, number>>; shortAtLeast?: number }> = {
  'Spotify Extended Streaming History/Streaming_History_Audio_2023.json': { format: 'extended-streaming', records: 311, kinds: { episode: 6, video: 0 } },
  'Spotify Extended Streaming History/Streaming_History_Audio_2026.json': { format: 'extended-streaming', records: 159, kinds: { video: 0 } },
  'Spotify Extended Streaming History/Streaming_History_Video_2024.json': { format: 'extended-streaming', records: 43, kinds: { video: 43 }, items: { track: 43 } },
  'Spotify Extended Streaming History/Streaming_History_Video_2025.json': { format: 'extended-streaming', records: 4, kinds: { video: 4 }, items: { episode: 4 } },
  'Spotify Extended Streaming History/Streaming_History_Video_2026.json': { format: 'extended-streaming', records: 1, kinds: { video: 1 } },
  'Spotify Account Data/StreamingHistory_music_0.json': { format: 'account-music', records: 500, kinds: { track: 500 } },
  'Spotify Account Data/StreamingHistory_podcast_0.json': { format: 'account-podcast', records: 299, kinds: { episode: 299 }, shortAtLeast: 61 },
  'Spotify Account Data/StreamingHistory_audiobook_0.json': { format: 'account-audiobook', records: 19, kinds: { audiobook: 19 } },
  'MyData/StreamingHistory0.json': { format: 'account-music', records: 500, kinds: { track: 500 } },
  'MyData/endsong_0.json': { format: 'extended-endsong', records: 963, kinds: { unknown: 20, episode: 0 } },
  'MyData/endsong_1.json': { format: 'extended-endsong', records: 306, kinds: { unknown: 1, episode: 0 } },
  'api/recently_played.2023.json': { format: 'api-recently-played', records: 2, kinds: { track: 2 } },
  'api/recently_played.2016_simplified_track.json': { format: 'api-recently-played', records: 2, kinds: { track: 2 } },
};

/** Every field a play may have: anything else would be data the reader let through. */
const PLAY_FIELDS = new Set([
  'kind', 'item', 'source', 'endedAt', 'msPlayed', 'msPlayedEstimated', 'short', 'id', 'uri', 'trackName', 'artistName', 'albumName', 'showName',
  'episodeName', 'audiobookName', 'chapterName', 'authorName', 'audiobookUri', 'platform', 'reasonStart', 'reasonEnd', 'shuffle', 'skipped',
  'offline', 'offlineAt', 'incognito',
]);
const PERSONAL_FIELDS = ['ip_addr', 'ip_addr_decrypted', 'user_agent_decrypted', 'username', 'conn_country', 'platform'];
const IPV4 = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/;

type Row = Record<string, unknown>;

/** The kind SOURCES.md's rule gives a raw row: the file decides video; the set identifier decides the rest. */
function expectedKind(file: string, row: Row, format: HistoryFormat): PlayKind {
  if (format === 'account-music') return 'track';
  if (format === 'account-podcast') return 'episode';
  if (format === 'account-audiobook') return 'audiobook';
  if (format === 'api-recently-played') return 'track';
  if (/Video/.test(file)) return 'video';
  if (row.audiobook_uri || row.audiobook_chapter_uri) return 'audiobook';
  if (row.spotify_track_uri) return 'track';
  if (row.spotify_episode_uri) return 'episode';
  if (row.master_metadata_track_name) return 'track';
  if (row.episode_name) return 'episode';
  return 'unknown';
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

async function readAll(bytes: Uint8Array, fileName?: string) {
  const plays: Play[] = [];
  const files: FileSummary[] = [];
  for await (const event of readExport(bytes, fileName === undefined ? {} : { fileName })) {
    if (event.type === 'plays') plays.push(...event.plays);
    else files.push(event.summary);
  }
  return { plays, files };
}

const kindsOf = (plays: readonly Play[]) => Object.fromEntries(PLAY_KINDS.map((k) => [k, plays.filter((p) => p.kind === k).length])) as Record<PlayKind, number>;

export const spotify: SampleSection = {
  name: 'Spotify listening history',
  folder: 'spotify',
  async run(dir: string, check: Check) {
    const loose = walk(dir)
      .filter((path) => path.endsWith('.json'))
      .map((path) => relative(dir, path).split('\\').join('/'))
      .sort();
    check('every sample file listed in SOURCES.md is there, and no other', JSON.stringify(loose) === JSON.stringify(Object.keys(EXPECTED).sort()), loose);

    // Each loose file on its own.
    const byFile = new Map<string, Play[]>();
    const personal = new Set<string>();
    for (const name of loose) {
      const expected = EXPECTED[name];
      if (!expected) continue;
      const bytes = readFileSync(join(dir, name));
      const { plays, files } = await readAll(bytes, name);
      byFile.set(name, plays);
      const summary = files[0];
      check(`${name}: read as ${expected.format}`, files.length === 1 && summary?.status === 'read' && summary.format === expected.format, summary && { status: summary.status, format: summary.format, message: summary.message });
      check(`${name}: ${expected.records} records, all read as plays`, summary?.records === expected.records && summary.plays === expected.records && summary.rejected === 0, summary && { records: summary.records, plays: summary.plays, rejections: summary.rejections, examples: summary.examples });

      // The kinds, against SOURCES.md and against the file's own rows.
      const raw = JSON.parse(bytes.toString('utf8')) as unknown;
      const rows = (Array.isArray(raw) ? raw : (raw as { items: Row[] }).items) as Row[];
      const fromRows = Object.fromEntries(PLAY_KINDS.map((k) => [k, 0])) as Record<PlayKind, number>;
      for (const row of rows) fromRows[expectedKind(name, row, expected.format)]++;
      const kinds = kindsOf(plays);
      check(`${name}: kinds as its rows name them`, JSON.stringify(kinds) === JSON.stringify(fromRows), { read: kinds, rows: fromRows });
      for (const [kind, n] of Object.entries(expected.kinds ?? {})) check(`${name}: ${n} ${kind} plays (SOURCES.md)`, kinds[kind as PlayKind] === n, kinds);
      for (const [item, n] of Object.entries(expected.items ?? {})) {
        check(`${name}: ${n} of them show a ${item}`, plays.filter((p) => p.item === item).length === n, plays.map((p) => p.item));
      }
      if (expected.shortAtLeast !== undefined) {
        const zero = rows.filter((r) => r.msPlayed === 0).length;
        check(`${name}: its ${expected.shortAtLeast} plays of 0 ms kept, flagged short`, zero === expected.shortAtLeast && plays.filter((p) => p.msPlayed === 0 && p.short).length === zero, { zero });
      }
      // The play time is ts / endTime / played_at, never offline_timestamp.
      const times = rows.map((r) => (typeof r.ts === 'string' ? Date.parse(r.ts) : typeof r.played_at === 'string' ? Date.parse(r.played_at) : Date.parse(`${String(r.endTime).replace(' ', 'T')}:00Z`)));
      check(`${name}: each play ends when its row says, in UTC`, plays.every((p, i) => p.endedAt === times[i]), plays.map((p, i) => [p.endedAt, times[i]]).find(([a, b]) => a !== b));

      // "unknown" is Spotify's placeholder (for user agents, platforms, reasons), not anyone's data.
      for (const row of rows) for (const field of PERSONAL_FIELDS) if (typeof row[field] === 'string' && row[field] !== 'unknown') personal.add(row[field]);
    }

    // The API samples: an early response carries simplified tracks, without an album.
    const early = byFile.get('api/recently_played.2016_simplified_track.json') ?? [];
    check('api 2016: simplified tracks read without an album', early.length === 2 && early.every((p) => p.albumName === undefined && p.trackName !== undefined && p.uri !== undefined), early);

    // The ZIP: the same plays as the loose files.
    const zip = await readAll(readFileSync(join(dir, 'my_spotify_data.zip')));
    const inZip = loose.filter((name) => !name.startsWith('api/'));
    check('my_spotify_data.zip: its 11 files read, each as its loose copy', zip.files.length === inZip.length && zip.files.every((f) => f.status === 'read'), zip.files.map((f) => [f.name, f.status]));
    for (const summary of zip.files) {
      const alone = byFile.get(summary.name) ?? [];
      check(`my_spotify_data.zip: ${summary.name} gives the plays of the loose file`, JSON.stringify(kindsOf(alone)) === JSON.stringify(summary.kinds) && summary.plays === alone.length, { zip: summary.kinds, loose: kindsOf(alone) });
    }
    const zipKeys = zip.plays.map(dedupeKey).join('\n');
    const looseKeys = inZip.flatMap((name) => byFile.get(name) ?? []).map(dedupeKey).join('\n');
    check('my_spotify_data.zip: plays identical to the loose files, in order', zipKeys === looseKeys);
    const total = addCounts(zip.files);
    console.log(`    zip totals: ${total.records} records, ${total.plays} plays (${PLAY_KINDS.map((k) => `${total.kinds[k]} ${k}`).join(', ')}), ${total.short} short, ${total.rejected} rejected`);

    // No personal data: only the play fields, and none of the personal values of the rows.
    const all = [...byFile.values()].flat();
    const families = new Set(['android', 'ios', 'windows', 'macos', 'linux', 'web', 'tv', 'speaker', 'car', 'console', 'wearable', 'other', 'unknown']);
    const extraFields = [...new Set(all.flatMap((p) => Object.keys(p)).filter((k) => !PLAY_FIELDS.has(k)))];
    check('no play carries a field beyond the model', extraFields.length === 0, extraFields);
    const leaks = all.flatMap((p) =>
      Object.entries(p).filter(([key, value]) => typeof value === 'string' && (IPV4.test(value) || (personal.has(value) && !(key === 'platform' && families.has(value))))),
    );
    check(`no IP address, user agent, username, country or raw platform string survives (${personal.size} such values in the rows)`, leaks.length === 0, leaks.slice(0, 5));
    check('platforms are reduced to families', all.every((p) => p.platform === undefined || families.has(p.platform)), [...new Set(all.map((p) => p.platform))]);

    // Deduplication within a source: rows that repeat a stream (the same end, item and ms played,
    // whatever else differs) share a key; no other rows do.
    for (const name of inZip) {
      const plays = byFile.get(name) ?? [];
      const raw = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Row[];
      const stream = (r: Row) =>
        JSON.stringify([r.ts ?? r.endTime, r.spotify_track_uri ?? r.spotify_episode_uri ?? null, r.master_metadata_track_name ?? r.trackName ?? r.episode_name ?? r.episodeName ?? r.chapterName ?? null, r.ms_played ?? r.msPlayed]);
      const rawRepeats = raw.length - new Set(raw.map(stream)).size;
      const keyRepeats = plays.length - new Set(plays.map(dedupeKey)).size;
      if (rawRepeats > 0 || keyRepeats > 0) check(`${name}: its ${rawRepeats} repeated streams are found as the same plays`, keyRepeats === rawRepeats, { rawRepeats, keyRepeats });
    }

    // Across formats, on the real files: they are different people's, so nothing may match.
    const sorted = [...all].sort((a, b) => a.endedAt - b.endedAt);
    let falseMatches = 0;
    for (let i = 0; i < sorted.length; i++) {
      const range = candidateRange(sorted[i]!);
      for (let j = i + 1; j < sorted.length && sorted[j]!.endedAt <= range.to; j++) {
        if (sorted[j]!.source !== sorted[i]!.source && isSamePlay(sorted[i]!, sorted[j]!)) falseMatches++;
      }
    }
    check('no play of one person matches a play of another across formats', falseMatches === 0, { falseMatches });

    // Across formats on overlapping data: the account-data and API views of each real extended
    // play (as Spotify would write them) must find that play, and merge into one with three sources.
    const extended = inZip.filter((n) => /Streaming_History|endsong/.test(n)).flatMap((n) => byFile.get(n) ?? []).filter((p) => p.item === 'track' || p.item === 'episode');
    let found = 0;
    let wrong = 0;
    let expectedFinds = 0;
    let twins = 0;
    let ambiguous = 0;
    let farFound = 0;
    const context = { shortPlayMs: 30_000, medium: 'audio' as const, latestMs: Date.now() + 86_400_000 };
    extended.forEach((play, i) => {
      const minute = new Date(Math.floor(play.endedAt / 60_000) * 60_000).toISOString();
      const endTime = `${minute.slice(0, 10)} ${minute.slice(11, 16)}`;
      const accountRow =
        play.item === 'track'
          ? { endTime, artistName: play.artistName ?? '', trackName: play.trackName ?? '', msPlayed: play.msPlayed }
          : { endTime, podcastName: play.showName ?? '', episodeName: play.episodeName ?? '', msPlayed: play.msPlayed };
      const accountPlay = readRecord(play.item === 'track' ? 'account-music' : 'account-podcast', accountRow, context);
      const offset = (((i * 7919) % 61) - 30) * 1000; // within ±30 s
      const apiPlay = readRecentlyPlayedItem(
        {
          played_at: new Date(play.endedAt + offset).toISOString(),
          track: play.item === 'track' ? { type: 'track', uri: play.uri, name: play.trackName, duration_ms: play.msPlayed, artists: [{ name: play.artistName }] } : { type: 'episode', uri: play.uri, name: play.episodeName, duration_ms: play.msPlayed, show: { name: play.showName } },
        },
        context,
      );
      if (isRejection(accountPlay) || isRejection(apiPlay)) {
        wrong++;
        if (process.env.DEBUG_SAMPLES) console.log('rejected', accountPlay, apiPlay);
        return;
      }
      // Spotify lists only plays of 30 s or more as recently played; shorter ones have no API view
      // (and several quick skips of one track within 30 s could not be told apart by time).
      const views = play.msPlayed >= 30_000 ? [accountPlay, apiPlay] : [accountPlay];
      expectedFinds += views.length;
      for (const view of views) {
        const range = candidateRange(view);
        const candidates = extended.filter((p) => p.endedAt >= range.from && p.endedAt <= range.to);
        const match = candidates[findSamePlay(view, candidates)];
        // A twin of the play is as good: the same item in the same minute with the same ms played,
        // or played over the same seconds (the real files hold streams logged twice, seconds apart).
        const twin = (p: Play) =>
          p.id === play.id &&
          ((p.msPlayed === play.msPlayed && Math.floor(p.endedAt / 60_000) === Math.floor(play.endedAt / 60_000)) ||
            (p.endedAt - p.msPlayed < play.endedAt && play.endedAt - play.msPlayed < p.endedAt));
        // Ambiguous: another stream of the item, no twin, is as close as the rules can tell (a
        // track repeated back to back, its API view within 30 s of both ends).
        const rivals = candidates.filter((p) => p !== play && !twin(p) && isSamePlay(view, p) && (view.source !== 'api' || p.msPlayed >= 30_000));
        if (match === play) found++;
        else if (match && twin(match)) {
          found++;
          twins++;
        } else if (match && rivals.includes(match) && view.source === 'api' && Math.abs(match.endedAt - view.endedAt) <= Math.abs(play.endedAt - view.endedAt)) {
          ambiguous++;
        } else {
          wrong++;
          if (process.env.DEBUG_SAMPLES) console.log('no match', view, play, match);
        }
      }
      const far = { ...apiPlay, endedAt: play.endedAt + 32_000 };
      if (isSamePlay(far, play)) farFound++;
      const merged = mergePlays(mergePlays(apiPlay, accountPlay), play);
      if (merged.sources.join() !== 'extended,api,account' || merged.endedAt !== play.endedAt || merged.msPlayed !== play.msPlayed || merged.albumName !== play.albumName) wrong++;
    });
    check(
      `the account-data and API views of ${extended.length} real extended plays find them, merged with all three sources ` +
        `(${found} of ${expectedFinds} views found theirs, ${twins} of them a twin; ${ambiguous} API views as close to a repeat of the track, which took it)`,
      wrong === 0 && found + ambiguous === expectedFinds && ambiguous <= expectedFinds / 1000,
      { found, ambiguous, expectedFinds, wrong },
    );
    check('an API view 32 s off its play does not match it', farFound === 0, { farFound });
  },
};
