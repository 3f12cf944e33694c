import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  accountAudiobookRow,
  accountMusicRow,
  accountPodcastRow,
  asAccountFile,
  asEndsongFile,
  asStreamingFile,
  audiobook,
  endsongRow,
  episode,
  noItem,
  streamingRow,
} from '../../test/support/spotify-export.ts';
import { zipFiles } from '../../test/support/zip-writer.ts';
import { ZipFormatError, ZipTooLargeError } from '../files/errors.ts';
import { CheckpointMismatchError, ExportTooLargeError, TooManyRecordsError } from './errors.ts';
import { addCounts, readExport, type FileSummary, type ReadCheckpoint, type ReadEvent, type ReadOptions, type ReadProgress } from './export-reader.ts';
import type { Play } from './play.ts';

const NOW = Date.parse('2026-11-28T12:00:00Z');

async function collect(input: Uint8Array, options: ReadOptions = {}) {
  const events: ReadEvent[] = [];
  for await (const event of readExport(input, { now: NOW, ...options })) events.push(event);
  const plays = events.flatMap((e) => (e.type === 'plays' ? e.plays : []));
  const files = events.flatMap((e) => (e.type === 'file' ? [e.summary] : []));
  return { events, plays, files };
}

async function failure(input: Uint8Array, options: ReadOptions = {}): Promise<Error> {
  try {
    await collect(input, options);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the read to fail');
}

const tsAt = (minute: number, second = 0) => new Date(Date.UTC(2024, 2, 5, 18, minute, second)).toISOString().replace('.000Z', 'Z');

/** An export with every format, in Spotify's folders and layouts. */
function fullExport() {
  return zipFiles([
    { name: 'Spotify Account Data/', data: '', store: true },
    {
      name: 'Spotify Account Data/StreamingHistory_music_0.json',
      data: asAccountFile([accountMusicRow('2024-03-05 18:04', 'The Quiet Tides', 'Harbour Lights', 201_000), accountMusicRow('2024-03-05 18:01', 'Vela', 'Salt', 12_000)]),
    },
    { name: 'Spotify Account Data/StreamingHistory_podcast_0.json', data: asAccountFile([accountPodcastRow('2024-03-05 19:30', 'Coastal Notes', 'Tides', 0)]) },
    {
      name: 'Spotify Account Data/StreamingHistory_audiobook_0.json',
      data: asAccountFile([accountAudiobookRow('2024-03-05 22:10', 'The Lighthouse Keeper', 'Chapter 3', 'A. Writer', 900_000)]),
    },
    { name: 'MyData/StreamingHistory0.json', data: asAccountFile([accountMusicRow('2020-01-01 03:09', 'Coastal Notes', 'Tides', 1_800_000)]) },
    { name: 'MyData/endsong_0.json', data: asEndsongFile([endsongRow({ ts: '2021-07-14T21:30:02Z' }), endsongRow({ ts: '2021-07-14T21:20:02Z', ...noItem() }), endsongRow({ ts: '2021-07-13T08:00:00Z', offline_timestamp: 0 })]) },
    {
      name: 'Spotify Extended Streaming History/Streaming_History_Audio_2024.json',
      // Not in order of time, as Spotify's files are not.
      data: asStreamingFile([streamingRow({ ts: tsAt(4, 38) }), streamingRow({ ts: tsAt(1, 5), ...episode() }), streamingRow({ ts: tsAt(0, 1), ...audiobook(), ms_played: 0 })]),
    },
    {
      name: 'Spotify Extended Streaming History/Streaming_History_Video_2024.json',
      data: asStreamingFile([streamingRow({ ts: tsAt(30), offline: null, offline_timestamp: null, reason_start: 'unknown' }), streamingRow({ ts: tsAt(40), ...episode('Tides on video') })]),
    },
    { name: 'Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf', data: '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj' },
  ]);
}

describe('readExport', () => {
  it('reads every format of an export, each told by its content, into plays of their own kinds', async () => {
    const { plays, files } = await collect(fullExport());
    const brief = files.map((f) => [f.index, f.name.split('/').pop(), f.status, f.format, f.records, f.plays, f.kinds]);
    const k = (track = 0, episode = 0, audiobook = 0, video = 0, unknown = 0) => ({ track, episode, audiobook, video, unknown });
    expect(brief).toEqual([
      [0, 'StreamingHistory_music_0.json', 'read', 'account-music', 2, 2, k(2)],
      [1, 'StreamingHistory_podcast_0.json', 'read', 'account-podcast', 1, 1, k(0, 1)],
      [2, 'StreamingHistory_audiobook_0.json', 'read', 'account-audiobook', 1, 1, k(0, 0, 1)],
      [3, 'StreamingHistory0.json', 'read', 'account-music', 1, 1, k(1)],
      [4, 'endsong_0.json', 'read', 'extended-endsong', 3, 3, k(2, 0, 0, 0, 1)],
      [5, 'Streaming_History_Audio_2024.json', 'read', 'extended-streaming', 3, 3, k(1, 1, 1)],
      [6, 'Streaming_History_Video_2024.json', 'read', 'extended-streaming', 2, 2, k(0, 0, 0, 2)],
      [7, 'ReadMeFirst_ExtendedStreamingHistory.pdf', 'not-spotify', undefined, 0, 0, k()],
    ]);
    expect(files[7]!.message).toBe('Not a Spotify history file: it is a PDF (Spotify adds one to explain the files).');
    expect(plays).toHaveLength(13);
    // Rows keep the file's order: nothing assumes them sorted.
    expect(plays.filter((p) => p.source === 'extended' && p.kind !== 'video').map((p) => p.endedAt)).toEqual([
      Date.parse('2021-07-14T21:30:02Z'),
      Date.parse('2021-07-14T21:20:02Z'),
      Date.parse('2021-07-13T08:00:00Z'),
      Date.parse(tsAt(4, 38)),
      Date.parse(tsAt(1, 5)),
      Date.parse(tsAt(0, 1)),
    ]);
    expect(plays.filter((p) => p.kind === 'video').map((p) => p.item)).toEqual(['track', 'episode']);
    const total = addCounts(files);
    expect(total).toMatchObject({ records: 13, plays: 13, rejected: 0, short: 3 });
  });

  it('detects formats whatever the files are called', async () => {
    const zip = zipFiles([
      { name: 'StreamingHistory_music_0.json', data: asAccountFile([accountPodcastRow('2024-03-05 19:30', 'Coastal Notes', 'Tides', 60_000)]) },
      { name: 'endsong_0.json', data: asStreamingFile([streamingRow()]) },
      { name: 'notes.txt', data: asEndsongFile([endsongRow()]) },
    ]);
    const { files } = await collect(zip);
    expect(files.map((f) => [f.format, f.kinds.episode + f.kinds.track])).toEqual([
      ['account-podcast', 1],
      ['extended-streaming', 1],
      ['extended-endsong', 1],
    ]);
  });

  it('reports JSON of another kind, empty files and non-JSON per file, reading nothing of them', async () => {
    const zip = zipFiles([
      { name: 'a.json', data: JSON.stringify({ format: 'mosaic', activities: [] }) },
      { name: 'b.json', data: JSON.stringify([{ date: '2024-01-01', value: 3 }, { date: '2024-01-02', value: 4 }]) },
      { name: 'c.json', data: '' },
      { name: 'd.json', data: '[1, 2, 3]' },
      { name: 'e.csv', data: 'date,value\n2024-01-01,3\n' },
      { name: 'f.json', data: '[]' },
      { name: 'g.json', data: '{"items": [{"played_at": 1}' },
      { name: 'StreamingHistory_video_0.json', data: asAccountFile([{ endTime: '2024-03-05 18:04', videoName: 'Tides', channelName: 'Coastal Notes', msPlayed: 60_000 }]) },
    ]);
    const { plays, files } = await collect(zip);
    expect(plays).toEqual([]);
    expect(files.map((f) => [f.name, f.status, f.records])).toEqual([
      ['a.json', 'not-spotify', 0],
      ['b.json', 'not-spotify', 0],
      ['c.json', 'not-spotify', 0],
      ['d.json', 'not-spotify', 0],
      ['e.csv', 'not-spotify', 0],
      ['f.json', 'empty', 0],
      ['g.json', 'not-spotify', 0],
      ['StreamingHistory_video_0.json', 'not-spotify', 0],
    ]);
    expect(files.map((f) => f.message)).toEqual([
      'Not a Spotify history file: it is JSON of another kind.',
      'Not a Spotify history file: its records are not Spotify plays.',
      'Not a Spotify history file: the document is empty (at character 0).',
      'Not a Spotify history file: its records are not Spotify plays.',
      'Not a Spotify history file: not a JSON array or object (at character 0).',
      undefined,
      'Not a Spotify history file: it is not valid JSON.',
      'Not read: it looks like Spotify account data in a layout Mosaic does not read (its keys: endTime, videoName, channelName, msPlayed), so none of it was imported.',
    ]);
  });

  it('keeps the records before JSON that breaks off, and says the file failed', async () => {
    const whole = asStreamingFile([streamingRow({ ts: tsAt(1) }), streamingRow({ ts: tsAt(2) }), streamingRow({ ts: tsAt(3) })]);
    const zip = zipFiles([
      { name: 'Streaming_History_Audio_2024.json', data: whole.slice(0, whole.lastIndexOf('"ts"')) },
      { name: 'Streaming_History_Audio_2025.json', data: asStreamingFile([streamingRow({ ts: tsAt(9) })]) },
    ]);
    const { plays, files } = await collect(zip);
    expect(files[0]).toMatchObject({ status: 'failed', format: 'extended-streaming', records: 2, plays: 2 });
    expect(files[0]!.message).toMatch(/^The file's JSON is broken: the document ends inside an element .*; the records before it were read\.$/);
    expect(files[1]).toMatchObject({ status: 'read', plays: 1 });
    expect(plays.map((p) => p.endedAt)).toEqual([tsAt(1), tsAt(2), tsAt(9)].map(Date.parse));
  });

  it('rejects records with wrong types one by one, counted by reason with the first examples', async () => {
    const rows: unknown[] = [
      streamingRow({ ts: tsAt(1) }),
      { ...streamingRow(), ms_played: '201000' },
      { ...streamingRow(), ts: null },
      { ...streamingRow(), shuffle: 'no' },
      'a string',
      streamingRow({ ts: tsAt(2), master_metadata_track_name: 'y'.repeat(70_000) }),
      streamingRow({ ts: tsAt(3) }),
    ];
    const text = asStreamingFile(rows).replace('"shuffle": "no"', '"shuffle": no');
    const { plays, files } = await collect(zipFiles([{ name: 'x.json', data: text }]));
    expect(plays.map((p) => p.endedAt)).toEqual([tsAt(1), tsAt(3)].map(Date.parse));
    expect(files[0]).toMatchObject({
      status: 'read',
      records: 7,
      plays: 2,
      rejected: 5,
      rejections: { bad_ms_played: 1, bad_time: 1, invalid_json: 1, not_an_object: 1, too_large: 1 },
    });
    expect(files[0]!.examples).toEqual([
      { record: 1, code: 'bad_ms_played', message: 'ms_played is the text "201000", not a whole number of ms up to a day' },
      { record: 2, code: 'bad_time', message: 'ts is null, not a UTC date and time' },
      { record: 3, code: 'invalid_json', message: 'the record is not valid JSON' },
      { record: 4, code: 'not_an_object', message: 'the record is the text "a string", not an object' },
      { record: 5, code: 'too_large', message: 'the record is longer than the cap' },
    ]);
  });

  it('reads a single history file and a saved recently-played response, not zipped', async () => {
    const account = await collect(Buffer.from(`\uFEFF${asAccountFile([accountMusicRow('2024-03-05 18:04', 'Vela', 'Salt', 40_000)])}`.replace(/\n/g, '\r\n')), {
      fileName: 'StreamingHistory_music_3.json',
    });
    expect(account.files).toMatchObject([{ index: 0, name: 'StreamingHistory_music_3.json', status: 'read', format: 'account-music', plays: 1 }]);
    const response = {
      items: [
        { track: { type: 'track', name: 'Salt', uri: 'spotify:track:0s', duration_ms: 200_000, artists: [{ name: 'Vela' }] }, played_at: '2024-03-05T18:04:11.250Z', context: null },
        { track: null, played_at: '2024-03-05T18:00:11.250Z', context: null },
      ],
      next: null,
      cursors: { after: '1709661851250', before: '1709661611250' },
      limit: 2,
    };
    const api = await collect(Buffer.from(JSON.stringify(response, null, 2)), { fileName: 'recently_played.json' });
    expect(api.files).toMatchObject([{ status: 'read', format: 'api-recently-played', records: 2, plays: 1, rejected: 1, rejections: { bad_field: 1 } }]);
    expect(api.plays).toMatchObject([{ source: 'api', uri: 'spotify:track:0s', msPlayedEstimated: true }]);
  });

  it('lets no IP address, user agent, username, country or device model out', async () => {
    const { events } = await collect(fullExport());
    const text = JSON.stringify(events);
    for (const personal of ['198.51.100.23', '203.0.113.77', 'quiet-tides-fan', 'Fairphone', 'FP4', 'ip_addr', 'user_agent', 'username', 'conn_country', '"NL"', '"DE"']) {
      expect([personal, text.includes(personal)]).toEqual([personal, false]);
    }
  });

  it('reports progress by records, per file', async () => {
    const progress: ReadProgress[] = [];
    const rows = Array.from({ length: 5 }, (_, i) => streamingRow({ ts: tsAt(i) }));
    const zip = zipFiles([
      { name: 'one.json', data: asStreamingFile(rows) },
      { name: 'two.json', data: asStreamingFile(rows.slice(0, 2)) },
    ]);
    await collect(zip, { progressEvery: 2, onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => [p.records, p.plays, p.file.name, p.file.records])).toEqual([
      [2, 1, 'one.json', 2], // called as the record is counted, before its play is added
      [4, 3, 'one.json', 4],
      [5, 5, 'one.json', 5], // the end of the file
      [6, 5, 'two.json', 1],
      [7, 7, 'two.json', 2],
    ]);
  });

  describe('caps', () => {
    it('refuses an export over the size cap before reading it', async () => {
      const error = await failure(fullExport(), { maxBytes: 1000 });
      expect(error).toBeInstanceOf(ExportTooLargeError);
      expect(error).toMatchObject({ status: 413, code: 'export_too_large' });
      expect(error.message).toMatch(/larger than 0\.0 MiB/);
      expect(new ExportTooLargeError().message).toBe('The export is larger than 500 MiB; Mosaic reads Spotify exports up to that size.');
    });

    it('stops at the record cap, counted over all files', async () => {
      const rows = Array.from({ length: 4 }, (_, i) => streamingRow({ ts: tsAt(i) }));
      const zip = zipFiles([
        { name: 'one.json', data: asStreamingFile(rows) },
        { name: 'two.json', data: asStreamingFile(rows) },
      ]);
      expect((await collect(zip, { maxRecords: 8 })).plays).toHaveLength(8);
      const error = await failure(zip, { maxRecords: 7 });
      expect(error).toBeInstanceOf(TooManyRecordsError);
      expect(error).toMatchObject({ status: 422, code: 'too_many_records' });
      expect(new TooManyRecordsError().message).toBe('The export holds more than 5,000,000 records; Mosaic reads at most that many from one export. Import its files in parts.');
    });

    it('fails a zip bomb, a truncated ZIP and an archive expanding past the cap with their reasons', async () => {
      const bomb = zipFiles([{ name: 'Streaming_History_Audio_2024.json', data: Buffer.alloc(20 * 1024 * 1024, 0x20) }]);
      expect(await failure(bomb)).toBeInstanceOf(ZipTooLargeError);
      expect((await failure(bomb)).message).toMatch(/zip bomb/);

      const zip = fullExport();
      const truncated = zip.subarray(0, zip.length - 30);
      const error = await failure(truncated);
      expect(error).toBeInstanceOf(ZipFormatError);
      expect(error).toMatchObject({ code: 'zip_invalid' });

      const expanded = await failure(zip, { maxExpandedBytes: 2_000 });
      expect(expanded).toBeInstanceOf(ZipTooLargeError);
      expect(expanded.message).toMatch(/expand to more than 2000 bytes/);
    });
  });

  describe('resuming', () => {
    const rows = (n: number, minute: number) => Array.from({ length: n }, (_, i) => streamingRow({ ts: tsAt(minute, i), ms_played: 1000 * i }));
    const zip = zipFiles([
      { name: 'Streaming_History_Audio_2023.json', data: asStreamingFile(rows(7, 1)) },
      { name: 'not-spotify.json', data: '{"hello": "world"}' },
      { name: 'Streaming_History_Audio_2024.json', data: asStreamingFile([...rows(6, 2), { ...streamingRow(), ts: 1 }, ...rows(3, 3)]) },
      { name: 'StreamingHistory_music_0.json', data: asAccountFile([accountMusicRow('2024-03-05 18:04', 'Vela', 'Salt', 1000), accountMusicRow('2024-03-05 18:05', 'Vela', 'Salt', 2000)]) },
    ]);
    const key = (p: Play) => `${p.source}|${p.endedAt}|${p.msPlayed}`;

    it('goes on from any checkpoint: skipping what was applied, repeating nothing, with whole-file summaries', async () => {
      const full = await collect(zip, { batchSize: 2 });
      expect(full.plays).toHaveLength(7 + 9 + 2);
      const batches = full.events.filter((e) => e.type === 'plays');
      expect(batches.length).toBeGreaterThan(1);

      let applied: Play[] = [];
      const summaries = new Map<number, FileSummary>();
      for (const event of full.events) {
        // Apply the event, "crash", and resume from its checkpoint.
        if (event.type === 'plays') applied = [...applied, ...event.plays];
        else summaries.set(event.summary.index, event.summary);
        const resumed = await collect(zip, { batchSize: 2, resumeFrom: structuredClone(event.checkpoint) });
        expect([...applied, ...resumed.plays].map(key)).toEqual(full.plays.map(key));
        const merged = new Map(summaries);
        for (const summary of resumed.files) merged.set(summary.index, summary);
        expect([...merged.values()]).toEqual(full.files);
      }
    });

    it('tells how far it is in bytes of the export: rising with each event, all of it at the end, the same on a resumed read', async () => {
      const full = await collect(zip, { batchSize: 2 });
      const total = full.files.reduce((sum, f) => sum + f.bytes, 0);
      const positions = full.events.map((e) => e.checkpoint.bytes!);
      expect(full.events.every((e) => e.checkpoint.totalBytes === total)).toBe(true);
      positions.forEach((at, i) => expect(at).toBeGreaterThanOrEqual(i === 0 ? 1 : positions[i - 1]!));
      // Within a file too: the batches of the 10-record file stand at different places in it.
      const inThird = full.events.filter((e) => e.type === 'plays' && e.file.index === 2).map((e) => e.checkpoint.bytes!);
      expect(new Set(inThird).size).toBe(inThird.length);
      expect(positions.at(-1)).toBe(total);
      // Resumed after the first file, the next events stand where the full read's did.
      const afterFirst = full.events.findIndex((e) => e.type === 'file');
      const resumed = await collect(zip, { batchSize: 2, resumeFrom: structuredClone(full.events[afterFirst]!.checkpoint) });
      expect(resumed.events.map((e) => e.checkpoint.bytes)).toEqual(positions.slice(afterFirst + 1));
    });

    it('tells how far it is in a single history file', async () => {
      const file = new TextEncoder().encode(asStreamingFile(Array.from({ length: 9 }, (_, i) => streamingRow({ ts: tsAt(5, i) }))));
      const read = await collect(file, { batchSize: 4, fileName: 'Streaming_History_Audio_2024.json' });
      const positions = read.events.map((e) => e.checkpoint.bytes!);
      expect(read.events.every((e) => e.checkpoint.totalBytes === file.length)).toBe(true);
      expect(positions[0]).toBeGreaterThan(0);
      expect(positions[0]).toBeLessThan(file.length);
      expect(positions.at(-1)).toBe(file.length);
    });

    it('does not open files before the checkpoint', async () => {
      const full = await collect(zip);
      const afterFirst = full.events.find((e) => e.type === 'file')!.checkpoint;
      // Damage the first file's data: its CRC in the listing is unchanged, so the archive is "the same".
      const damaged = Buffer.from(zip);
      const data = 30 + 'Streaming_History_Audio_2023.json'.length;
      damaged[data + 10] = damaged[data + 10]! ^ 0xff;
      expect((await failure(damaged)).message).toMatch(/damaged|cannot be inflated/);
      const resumed = await collect(damaged, { resumeFrom: afterFirst });
      expect(resumed.plays).toHaveLength(11);
    });

    it('frames the records before the checkpoint without reading them', async () => {
      const text = asStreamingFile(rows(5, 1));
      const full = await collect(Buffer.from(text), { batchSize: 1, fileName: 'history.json' });
      const third = full.events.filter((e) => e.type === 'plays')[2]!.checkpoint;
      expect(third).toMatchObject({ file: 0, record: 3, records: 3 });
      // Break the second record (same length, so the same file to the checkpoint); resuming does not notice.
      const broken = text.replace(`"ms_played": 1000,`, `"ms_played": 1x00,`);
      expect(broken).not.toBe(text);
      const resumed = await collect(Buffer.from(broken), { batchSize: 1, fileName: 'history.json', resumeFrom: third });
      expect(resumed.plays).toHaveLength(2);
      expect(resumed.files[0]).toMatchObject({ records: 5, plays: 5, rejected: 0 });
    });

    it('refuses a checkpoint of another archive', async () => {
      const checkpoint: ReadCheckpoint = { archive: 'another', file: 1, record: 0, records: 7 };
      expect(await failure(zip, { resumeFrom: checkpoint })).toBeInstanceOf(CheckpointMismatchError);
    });
  });
});

describe('readExport, the ways an export arrives', () => {
  /** Runs `body` with the system's temporary directory set to a fresh, private one, and checks it is left empty. */
  async function inOwnTmp<T>(body: () => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'listening-test-'));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = dir;
    try {
      const result = await body();
      expect(await readdir(dir)).toEqual([]);
      return result;
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      await rm(dir, { recursive: true, force: true });
    }
  }

  const accountZip = () =>
    zipFiles([
      { name: 'Spotify Account Data/', data: '', store: true },
      { name: 'Spotify Account Data/StreamingHistory_music_0.json', data: asAccountFile([accountMusicRow('2024-03-05 18:04', 'The Quiet Tides', 'Harbour Lights', 201_000)]) },
      { name: 'Spotify Account Data/Userdata.json', data: JSON.stringify({ username: 'quiet-tides-fan', country: 'NL' }) },
    ]);
  const extendedZip = () =>
    zipFiles([
      { name: 'Spotify Extended Streaming History/Streaming_History_Audio_2023-2024_0.json', data: asStreamingFile([streamingRow({ ts: tsAt(4, 38) }), streamingRow({ ts: tsAt(9, 1), ...episode() })]) },
      { name: 'Spotify Extended Streaming History/Streaming_History_Video_2024.json', data: asStreamingFile([streamingRow({ ts: tsAt(30) })]) },
    ]);

  it('opens the ZIPs inside an uploaded ZIP in place (the account-data and extended ZIPs zipped together), stored or deflated', async () => {
    const upload = zipFiles([
      { name: 'spotify/my_spotify_data.zip', data: accountZip() },
      { name: 'spotify/my_spotify_data (1).ZIP', data: extendedZip(), store: true },
      { name: 'spotify/notes.txt', data: 'two exports' },
    ]);
    const { plays, files } = await inOwnTmp(() => collect(upload));
    expect(files.map((f) => [f.index, f.name, f.status, f.format, f.plays])).toEqual([
      [0, 'spotify/my_spotify_data.zip/Spotify Account Data/StreamingHistory_music_0.json', 'read', 'account-music', 1],
      [1, 'spotify/my_spotify_data.zip/Spotify Account Data/Userdata.json', 'not-spotify', undefined, 0],
      [2, 'spotify/my_spotify_data (1).ZIP/Spotify Extended Streaming History/Streaming_History_Audio_2023-2024_0.json', 'read', 'extended-streaming', 2],
      [3, 'spotify/my_spotify_data (1).ZIP/Spotify Extended Streaming History/Streaming_History_Video_2024.json', 'read', 'extended-streaming', 1],
      [4, 'spotify/notes.txt', 'not-spotify', undefined, 0],
    ]);
    // The name's last part still decides video: the nested path does not hide it.
    expect(plays.map((p) => [p.source, p.kind])).toEqual([
      ['account', 'track'],
      ['extended', 'track'],
      ['extended', 'episode'],
      ['extended', 'video'],
    ]);
  });

  it('resumes inside a nested ZIP from any checkpoint, and counts its files in the share done', async () => {
    const upload = zipFiles([
      { name: 'account.zip', data: accountZip() },
      { name: 'extended.zip', data: extendedZip() },
    ]);
    const whole = await inOwnTmp(() => collect(upload, { batchSize: 1 }));
    const last = whole.events.at(-1)!.checkpoint;
    expect(last.bytes).toBe(last.totalBytes);
    // The nested files' expanded sizes, not the nested ZIPs' sizes.
    expect(last.totalBytes).toBe(whole.files.reduce((sum, f) => sum + f.bytes, 0));
    const checkpoints = whole.events.map((e) => e.checkpoint);
    for (const [at, checkpoint] of checkpoints.entries()) {
      const rest = await inOwnTmp(() => collect(upload, { batchSize: 1, resumeFrom: checkpoint }));
      const before = whole.events.slice(0, at + 1).flatMap((e) => (e.type === 'plays' ? e.plays : []));
      expect([at, [...before, ...rest.plays]]).toEqual([at, whole.plays]);
    }
  });

  it('lists a nested ZIP that cannot be opened and a ZIP nested twice as not read, and reads the rest', async () => {
    const twice = zipFiles([
      { name: 'inner.zip', data: extendedZip() },
      { name: 'StreamingHistory_podcast_0.json', data: asAccountFile([accountPodcastRow('2024-03-05 19:30', 'Coastal Notes', 'Tides', 61_000)]) },
    ]);
    const upload = zipFiles([
      { name: 'broken.zip', data: 'this is not a ZIP at all' },
      { name: 'outer.zip', data: twice },
    ]);
    const { plays, files } = await inOwnTmp(() => collect(upload));
    expect(files.map((f) => [f.name, f.status, f.plays])).toEqual([
      ['broken.zip', 'not-spotify', 0],
      ['outer.zip/inner.zip', 'not-spotify', 0],
      ['outer.zip/StreamingHistory_podcast_0.json', 'read', 1],
    ]);
    expect(files[0]!.message).toMatch(/^Not read: a ZIP inside the upload that cannot be opened \(.+\)$/);
    expect(files[1]!.message).toBe('Not read: a ZIP inside a ZIP inside the upload. Upload the ZIP Spotify sent, or its files.');
    expect(plays.map((p) => p.kind)).toEqual(['episode']);
  });

  it('opens nested ZIPs up to a total size (they go to temporary files), and lists the rest as not read', async () => {
    const MiB = 1024 * 1024;
    const upload = zipFiles([
      { name: 'a.zip', data: accountZip() },
      { name: 'b.zip', data: zipFiles([{ name: 'padding.bin', data: Buffer.alloc(MiB), store: true }]), store: true },
    ]);
    const { files } = await inOwnTmp(() => collect(upload, { maxNestedZipBytes: MiB }));
    expect(files.map((f) => [f.name.split('/').pop(), f.status])).toEqual([
      ['StreamingHistory_music_0.json', 'read'],
      ['Userdata.json', 'not-spotify'],
      ['b.zip', 'not-spotify'],
    ]);
    expect(files[2]!.message).toBe('Not read: the ZIPs inside the upload are larger than 1 MiB together. Upload them one at a time.');
  });

  it('holds a nested ZIP to the export caps', async () => {
    const bomb = zipFiles([{ name: 'zeros.json', data: Buffer.alloc(4 * 1024 * 1024) }]);
    const error = await inOwnTmp(() => failure(zipFiles([{ name: 'inside.zip', data: bomb, store: true }])));
    expect(error).toBeInstanceOf(ZipTooLargeError);
  });

  it('reads files saved with a byte-order mark and Windows line ends, empty files, lost and local items, and both offline_timestamp units', async () => {
    const crlf = (text: string) => `\uFEFF${text.replace(/\n/g, '\r\n')}`;
    const local = 'spotify:local:The+Quiet+Tides:Low+Water:Harbour+Lights:201';
    const upload = zipFiles([
      {
        name: 'Spotify Extended Streaming History/Streaming_History_Audio_2019-2024_0.json',
        data: crlf(asStreamingFile([streamingRow({ ts: tsAt(1), spotify_track_uri: local, skipped: null }), streamingRow({ ts: tsAt(2), ...noItem(), skipped: true })])),
      },
      { name: 'Spotify Extended Streaming History/Streaming_History_Video_2019-2024.json', data: crlf('[]') },
      { name: 'MyData/endsong.json', data: asEndsongFile([endsongRow({ ts: '2021-07-14T21:30:02Z', offline_timestamp: 1_626_298_000_123 })]) },
      { name: 'Spotify Account Data/StreamingHistory_music_0.json', data: crlf(asAccountFile([accountMusicRow('2024-03-05 18:01', 'Unknown Artist', 'Unknown Track', 3_000)])) },
      { name: 'Spotify Account Data/StreamingHistory_podcast_0.json', data: '[ ]' },
    ]);
    const { plays, files } = await collect(upload);
    expect(files.map((f) => [f.name.split('/').pop(), f.status, f.format, f.plays, f.rejected])).toEqual([
      ['Streaming_History_Audio_2019-2024_0.json', 'read', 'extended-streaming', 2, 0],
      ['Streaming_History_Video_2019-2024.json', 'empty', undefined, 0, 0],
      ['endsong.json', 'read', 'extended-endsong', 1, 0],
      ['StreamingHistory_music_0.json', 'read', 'account-music', 1, 0],
      ['StreamingHistory_podcast_0.json', 'empty', undefined, 0, 0],
    ]);
    expect(plays[0]).toMatchObject({ kind: 'track', uri: local, id: local, trackName: 'Harbour Lights', offlineAt: 1_709_661_650_000 });
    expect(plays[0]).not.toHaveProperty('skipped');
    expect(plays[1]).toMatchObject({ kind: 'unknown', id: 'mosaic:unknown', skipped: true });
    expect(plays[2]).toMatchObject({ offlineAt: 1_626_298_000_123 });
    expect(plays[3]).toMatchObject({ kind: 'unknown', source: 'account' });
  });

  it('says what a file that is not JSON text is (another archive, a ZIP not named .zip), and reads UTF-16 text', async () => {
    const history = asAccountFile([accountMusicRow('2024-03-05 18:04', 'Vela', 'Salt', 40_000)]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(history, 'utf16le')]);
    const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(history, 'utf16le').swap16()]);
    const upload = zipFiles([
      { name: 'my_spotify_data.tar.gz', data: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]) },
      { name: 'my_spotify_data.7z', data: Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]) },
      { name: 'my_spotify_data.rar', data: 'Rar!\u001a\u0007\u0001\u0000' },
      { name: 'my_spotify_data', data: zipFiles([{ name: 'StreamingHistory0.json', data: history }]) },
      { name: 'StreamingHistory_music_0.json', data: utf16 },
      { name: 'StreamingHistory_music_1.json', data: utf16be },
    ]);
    const { files } = await inOwnTmp(() => collect(upload));
    expect(files.map((f) => [f.status, f.message, f.plays])).toEqual([
      ['not-spotify', 'Not a Spotify history file: it is a gzip archive; Mosaic reads ZIP files.', 0],
      ['not-spotify', 'Not a Spotify history file: it is a 7z archive; Mosaic reads ZIP files.', 0],
      ['not-spotify', 'Not a Spotify history file: it is a RAR archive; Mosaic reads ZIP files.', 0],
      ['not-spotify', 'Not a Spotify history file: it is a ZIP archive (only files named .zip are opened).', 0],
      ['read', undefined, 1],
      ['read', undefined, 1],
    ]);
  });

  it('leaves out the files zipping tools add (macOS resource forks and folder settings)', async () => {
    const history = asAccountFile([accountMusicRow('2024-03-05 18:04', 'Vela', 'Salt', 40_000)]);
    const upload = zipFiles([
      { name: 'MyData/StreamingHistory0.json', data: history },
      { name: '__MACOSX/MyData/._StreamingHistory0.json', data: '\u0000\u0005\u0016\u0007Mac OS X        ' },
      { name: 'MyData/.DS_Store', data: '\u0000\u0000\u0000\u0001Bud1' },
    ]);
    const { files } = await collect(upload);
    expect(files.map((f) => [f.index, f.name, f.status])).toEqual([[0, 'MyData/StreamingHistory0.json', 'read']]);
  });
});
