import { describe, expect, it } from 'vitest';
import { MemoryListening } from '../../test/support/listening-memory.ts';
import { memoryImports, memoryProfiles, memoryPublisher } from '../../test/support/memory-repos.ts';
import {
  accountMusicRow,
  accountPodcastRow,
  asAccountFile,
  asEndsongFile,
  asStreamingFile,
  endsongRow,
  episode,
  streamingRow,
} from '../../test/support/spotify-export.ts';
import { zipFiles } from '../../test/support/zip-writer.ts';
import type { ListeningImportDeps } from './import.ts';
import { createListeningImport, getListeningImport, importView, processListeningImport, resumeStalledListeningImports, startListeningImport } from './import.ts';
import type { ListeningImportJob, ListeningImportMessage } from './import-model.ts';
import type { JobRun } from './spotify/connection.ts';

const U = 'user-1';

/** `n` extended plays, a minute apart, in two files (so a run has several batches and files). */
function exportOf(n: number): Buffer {
  const rows = Array.from({ length: n }, (_, i) =>
    streamingRow({ ts: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().replace('.000Z', 'Z'), spotify_track_uri: `spotify:track:0aaaaaaaaaaaaaaaa${String(i).padStart(5, '0')}`, master_metadata_track_name: `Song ${i}` }),
  );
  const half = Math.ceil(n / 2);
  return zipFiles([
    { name: 'Spotify Extended Streaming History/Streaming_History_Audio_2024_0.json', data: asStreamingFile(rows.slice(0, half)) },
    { name: 'Spotify Extended Streaming History/Streaming_History_Audio_2024_1.json', data: asStreamingFile(rows.slice(half)) },
  ]);
}

function setup(clock = { now: Date.parse('2026-11-28T12:00:00Z') }) {
  const objects = new Map<string, Buffer>();
  const plays = new MemoryListening();
  const runs: JobRun[] = [];
  const writer = { owner: '', until: 0 };
  const queued: ListeningImportMessage[] = [];
  const events = memoryPublisher();
  const deps: ListeningImportDeps & { plays: MemoryListening } = {
    imports: memoryImports<ListeningImportJob>(),
    files: {
      async presignUpload(key) {
        return { url: `/_files/imports/`, fields: { key }, expiresAt: new Date(clock.now + 300_000).toISOString() };
      },
      size: async (key) => objects.get(key)?.length,
      remove: async (key) => void objects.delete(key),
      async *readRange(key, start, end) {
        yield objects.get(key)!.subarray(start, end);
      },
    },
    plays,
    connections: {
      async acquireWriter(_u, owner, until, now) {
        if (writer.owner && writer.owner !== owner && writer.until >= now) return false;
        Object.assign(writer, { owner, until });
        return true;
      },
      async releaseWriter(_u, owner) {
        if (writer.owner === owner) Object.assign(writer, { owner: '', until: 0 });
      },
      addRun: async (_u, run) => void runs.push(run),
    },
    profiles: memoryProfiles(),
    events,
    enqueue: async (m) => void queued.push(m),
    now: () => new Date(clock.now),
    sleep: async (ms) => void (clock.now += ms),
  };
  const upload = async (bytes: Buffer) => {
    const { import: job } = await createListeningImport(deps, U, { fileName: 'my_spotify_data.zip', size: bytes.length });
    objects.set(`imports/${U}/listening-${job.id}.zip`, bytes);
    await startListeningImport(deps, U, job.id);
    return job.id;
  };
  return { deps, plays, runs, writer, queued, clock, upload, objects, events: events.events };
}

describe('processListeningImport', () => {
  it('stores each play of overlapping exports once, whatever their formats, one upload or several', async () => {
    // Two plays, as every export format reports them: a track, and a podcast episode.
    const track = { ts: '2023-05-01T10:15:42Z', ms: 201_000 };
    const show = { ts: '2023-05-01T11:02:10Z', ms: 1_500_000 };
    const legacy = zipFiles([
      // The legacy account file names the podcast play with the music keys.
      { name: 'MyData/StreamingHistory0.json', data: asAccountFile([accountMusicRow('2023-05-01 10:15', 'The Quiet Tides', 'Harbour Lights', track.ms), accountMusicRow('2023-05-01 11:02', 'Coastal Notes', 'Tide Tables, Part 2', show.ms)]) },
      { name: 'MyData/endsong_0.json', data: asEndsongFile([endsongRow({ ts: track.ts, ms_played: track.ms })]) },
    ]);
    const split = asAccountFile([accountPodcastRow('2023-05-01 11:02', 'Coastal Notes', 'Tide Tables, Part 2', show.ms)]);
    const account = zipFiles([
      { name: 'Spotify Account Data/StreamingHistory_music_0.json', data: asAccountFile([accountMusicRow('2023-05-01 10:15', 'The Quiet Tides', 'Harbour Lights', track.ms)]) },
      { name: 'Spotify Account Data/StreamingHistory_podcast_0.json', data: split },
    ]);
    const extended = zipFiles([
      { name: 'Spotify Extended Streaming History/Streaming_History_Audio_2023-2024_0.json', data: asStreamingFile([streamingRow({ ts: show.ts, ms_played: show.ms, ...episode() }), streamingRow({ ts: track.ts, ms_played: track.ms })]) },
    ]);
    // One upload: the three exports Spotify sent, zipped together.
    const one = setup();
    const id = await one.upload(zipFiles([{ name: 'my_spotify_data_2023.zip', data: legacy }, { name: 'my_spotify_data.zip', data: account }, { name: 'my_spotify_data (1).zip', data: extended }]));
    const done = await processListeningImport(one.deps, U, id, { eventId: 'm1' });
    expect(done).toMatchObject({ status: 'completed', progress: { records: 7, plays: 7, added: 2, merged: 2, duplicates: 3 } });
    const stored = [...one.plays.plays.values()].sort((a, b) => a.endedAt - b.endedAt);
    expect(stored.map((p) => [p.kind, p.endedAt, p.msPlayed, p.sources])).toEqual([
      ['track', Date.parse(track.ts), track.ms, ['extended', 'account']],
      ['episode', Date.parse(show.ts), show.ms, ['extended', 'account']],
    ]);
    expect(stored[1]).toMatchObject({ showName: 'Coastal Notes', episodeName: 'Tide Tables, Part 2' });
    expect(stored[1]).not.toHaveProperty('artistName');
    expect(one.plays.all.value).toMatchObject({ plays: 2, ms: track.ms + show.ms });
    // The podcast counts for its show, not as an artist.
    expect(one.plays.all.value.boards.artist.map((e) => e.name)).toEqual(['The Quiet Tides']);
    expect(one.plays.all.value.boards.show.map((e) => e.name)).toEqual(['Coastal Notes']);

    // Several uploads, in another order: the same two plays.
    const several = setup();
    const results = [];
    for (const bytes of [extended, Buffer.from(split), legacy, account]) results.push(await processListeningImport(several.deps, U, await several.upload(bytes), { eventId: 'm' }));
    expect(results.map((r) => [r!.progress.added, r!.progress.merged, r!.progress.duplicates])).toEqual([
      [2, 0, 0],
      [0, 1, 0],
      [0, 1, 2],
      [0, 0, 2],
    ]);
    const again = [...several.plays.plays.values()].sort((a, b) => a.endedAt - b.endedAt);
    expect(again.map((p) => [p.kind, p.sources])).toEqual(stored.map((p) => [p.kind, p.sources]));
    expect(several.plays.all.value).toMatchObject({ plays: 2, ms: track.ms + show.ms });
  });

  it('resumes a run that crashed mid-file from its checkpoint: every play stored once, counts as a clean run', async () => {
    const clean = setup();
    const id = await clean.upload(exportOf(1_300));
    expect((await getListeningImport(clean.deps, U, id)).percent).toBe(0);
    const done = await processListeningImport(clean.deps, U, id, { eventId: 'm1' });
    expect(done).toMatchObject({ status: 'completed', progress: { records: 1_300, plays: 1_300, added: 1_300, duplicates: 0 } });
    expect(done!.files.map((f) => f.plays)).toEqual([650, 650]);
    expect(clean.runs).toMatchObject([{ kind: 'import', trigger: 'upload', outcome: 'succeeded', playsAdded: 1_300 }]);
    expect(clean.events).toEqual([
      {
        type: 'listening.synced',
        detail: { userId: U, occurredAt: expect.any(String), runId: clean.runs[0]!.id, importId: id, kind: 'import', playsAdded: 1_300, finishedAt: done!.finishedAt },
      },
    ]);
    // The upload (and the IP addresses and account data in it) is gone once the import completed.
    expect(clean.objects.size).toBe(0);

    const crashy = setup();
    const id2 = await crashy.upload(exportOf(1_300));
    // The store fails on its second write: the first file (one batch) is in, the second file's batch is not.
    const put = crashy.plays.putPlays.bind(crashy.plays);
    let writes = 0;
    crashy.plays.putPlays = async (u, p) => {
      if (++writes === 2) throw new Error('throttled');
      return put(u, p);
    };
    await expect(processListeningImport(crashy.deps, U, id2, { eventId: 'm1' })).rejects.toThrow('throttled');
    expect(crashy.events).toEqual([]);
    const stopped = (await crashy.deps.imports.get(U, id2))!;
    expect(stopped).toMatchObject({ status: 'processing', lastError: expect.stringContaining('throttled') });
    expect(stopped.progress.plays).toBe(650);
    // The share done: the first of two files of about the same size.
    expect(importView(stopped).percent).toBeGreaterThanOrEqual(45);
    expect(importView(stopped).percent).toBeLessThanOrEqual(55);
    expect(stopped.position!.total).toBe(stopped.checkpoint!.read!.totalBytes);
    // The queue shows the same message again: the run resumes after the last checkpoint.
    const resumed = await processListeningImport(crashy.deps, U, id2, { eventId: 'm1' });
    expect(resumed).toMatchObject({ status: 'completed', percent: 100, progress: { records: 1_300, plays: 1_300, added: 1_300 } });
    expect((await getListeningImport(crashy.deps, U, id2)).percent).toBe(100);
    expect(resumed!.files).toEqual(done!.files);
    expect(crashy.plays.plays.size).toBe(1_300);
    expect(crashy.writer.owner).toBe('');
    // Announced once, when it completed, with every play it added over both runs.
    expect(crashy.events.map((e) => e.detail)).toMatchObject([{ importId: id2, kind: 'import', playsAdded: 1_300 }]);
  });

  it('lets only one run hold the job; the sweeper hands a silent one to a new message', async () => {
    const t = setup();
    const id = await t.upload(exportOf(10));
    expect(t.queued).toEqual([{ job: 'listening-import', userId: U, importId: id }]);
    await t.deps.imports.claim(U, id, { runId: 'other', eventId: 'm0', now: new Date(t.clock.now), staleBefore: new Date(0), attempts: 1, claimStep: 0 });
    expect(await processListeningImport(t.deps, U, id, { eventId: 'm2' })).toBeUndefined();
    expect(await resumeStalledListeningImports(t.deps)).toEqual({ stalled: 0, resumed: 0 });
    t.clock.now += 6 * 60_000;
    expect(await resumeStalledListeningImports(t.deps)).toEqual({ stalled: 1, resumed: 1 });
    const resume = t.queued[1]!;
    expect(resume.resume).toEqual(expect.any(String));
    expect(await processListeningImport(t.deps, U, id, { eventId: 'm3', resumeToken: resume.resume })).toMatchObject({ status: 'completed' });
  });

  it('waits for a collector run holding the play-writer lease, and fails after three attempts without progress', async () => {
    const t = setup();
    const id = await t.upload(exportOf(10));
    Object.assign(t.writer, { owner: 'collector:x', until: t.clock.now + 10_000 });
    // The collector's lease runs out while the import waits: it goes on.
    expect(await processListeningImport(t.deps, U, id, { eventId: 'm1' })).toMatchObject({ status: 'completed', progress: { added: 10 } });

    const id2 = await t.upload(exportOf(10));
    Object.assign(t.writer, { owner: 'collector:y', until: Number.MAX_SAFE_INTEGER });
    for (const attempt of [1, 2]) {
      await expect(processListeningImport(t.deps, U, id2, { eventId: `a${attempt}` })).rejects.toThrow('A collector run kept writing plays');
      t.clock.now += 6 * 60_000;
    }
    const failed = await processListeningImport(t.deps, U, id2, { eventId: 'a3' });
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'import_failed' } });
    // Only the import that completed was announced.
    expect(t.events.map((e) => (e.detail as { importId?: string }).importId)).toEqual([id]);
    expect(failed!.error!.message).toMatch(/^The import failed 3 times; the last time while waiting for the collector to finish writing plays: A collector run kept writing plays/);
  });
});
