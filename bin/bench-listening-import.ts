/**
 * `npm run bench:listening`, part 3 — the import end to end on the local runtime: a generated
 * extended export (BENCH_IMPORT_PLAYS plays, default 20,000) is uploaded through the presigned
 * form, started, and read by the import consumer into the play store (dynalite) with dedupe and
 * every roll-up, as in the cloud. Prints plays/s over the run (the job's own figure and the wall
 * time from start to completed) and the runtime process's peak RSS (the whole local runtime: API,
 * consumers and stand-ins in one process). `node bin/bench-listening-import.ts` runs it alone.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { as, newUser, postUploadForm } from '../test/support/http-client.ts';
import { startMosaic, tempDataDir } from '../test/support/local-process.ts';
import { generateExtendedExport } from '../test/support/spotify-export.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Peak resident set of a process (VmHWM), MB. */
function peakRssMB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : Number.NaN;
}

export async function benchImport(): Promise<void> {
  const plays = Number(process.env.BENCH_IMPORT_PLAYS ?? 20_000);
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-bench-import-'));
  const mosaic = await startMosaic(tempDataDir('bench-import'), { MOSAIC_QUIET: '1' });
  try {
    console.log(`\nEnd-to-end import on the local runtime: a ${fmt(plays)}-play extended export…`);
    const generated = generateExtendedExport({ plays, dir, seed: 7 });
    const bytes = readFileSync(generated.path);
    const base = mosaic.info.url;
    const client = as(base, await newUser(base, { timezone: 'Europe/Berlin' }));
    const created = await client.post('/v1/listening/imports', { fileName: 'my_spotify_data.zip', size: bytes.length });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
    const posted = await postUploadForm(base, created.body.upload, bytes, 'my_spotify_data.zip');
    if (!posted.ok) throw new Error(`upload: ${posted.status}`);
    const startedAt = performance.now();
    await client.post(`/v1/listening/imports/${created.body.import.id}/start`);
    let job: any;
    for (;;) {
      job = (await client.get(`/v1/listening/imports/${created.body.import.id}`)).body;
      if (job.status === 'completed' || job.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (performance.now() - startedAt) / 1000;
    if (job.status !== 'completed' || job.progress.plays !== plays) throw new Error(`the import ended ${job.status} with ${job.progress.plays} plays: ${JSON.stringify(job.error)}`);
    const overview = (await client.get('/v1/listening/overview')).body;
    console.log(`  ${fmt(job.progress.plays)} plays read, ${fmt(job.progress.added)} stored (${fmt(job.progress.short)} short), all-time plays in the roll-ups: ${fmt(overview.allTimePlays)}`);
    console.log(`import end to end:  ${fmt(plays / seconds)} plays/s (start → completed, ${seconds.toFixed(1)} s; the job says ${fmt(job.playsPerSecond ?? 0)} plays/s)`);
    console.log(`                    a 1,000,000-play export at this rate: ${((1_000_000 / (plays / seconds)) / 60).toFixed(0)} min, in runs of at most 15 min resumed from their checkpoints`);
    console.log(`peak RSS:           ${peakRssMB(mosaic.child.pid!).toFixed(0)} MB for the whole local runtime (API, consumers, dynalite, s3rver in one process)`);
  } finally {
    await mosaic.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchImport();
