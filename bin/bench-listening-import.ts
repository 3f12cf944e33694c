/**
 * `npm run bench:listening`, part 3 — the import end to end on the local runtime: a generated
 * extended export is uploaded through the presigned form, started, and read by the import
 * consumer into the play store (dynalite) with dedupe and every roll-up, as in the cloud. Prints
 * plays/s over the run (the wall time from start to completed, and the job's own figure), the
 * time a 1,000,000-play export takes at that rate beside the budget, and the runtime process's
 * peak RSS (the whole local runtime: API, consumers and stand-ins in one process).
 *
 * By default the sample is one year of the 1,000,000-play export's density — 100,000 plays in
 * 2025, in files of 15,000–30,000 records each spread over the year, as the full export's years
 * are — and the 1M figure is extrapolated from it (each year of the export costs about the same:
 * its plays touch its own days, months and partitions). BENCH_IMPORT_PLAYS=1000000 imports the
 * whole 12-year export instead (then the figure is measured, not extrapolated).
 * `node bin/bench-listening-import.ts` runs this part alone.
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
/** The export the figure is about, and the time it should take on the local runtime (this project's budget: the issue sets none). */
const FULL_PLAYS = 1_000_000;
const BUDGET_MINUTES = 60;

/** Peak resident set of a process (VmHWM), MB. */
function peakRssMB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : Number.NaN;
}

export async function benchImport(): Promise<void> {
  const plays = Number(process.env.BENCH_IMPORT_PLAYS ?? 100_000);
  const whole = plays >= FULL_PLAYS;
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-bench-import-'));
  const mosaic = await startMosaic(tempDataDir('bench-import'), { MOSAIC_QUIET: '1' });
  try {
    console.log(`\nEnd-to-end import on the local runtime: a ${fmt(plays)}-play extended export…`);
    const generated = generateExtendedExport({ plays, dir, seed: 7, ...(whole ? {} : { fromYear: 2025, toYear: 2025 }) });
    console.log(`  ${generated.files.length} files, ${(generated.bytes / 1024 / 1024).toFixed(1)} MB zipped, ${whole ? '2014–2025' : 'all in 2025 (one year at the 1M export’s density)'}`);
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
    const rate = plays / seconds;
    const fullMinutes = FULL_PLAYS / rate / 60;
    console.log(`import end to end:  ${fmt(rate)} plays/s (start → completed, ${seconds.toFixed(1)} s; the job says ${fmt(job.playsPerSecond ?? 0)} plays/s)`);
    console.log(
      `1,000,000 plays:    ${fullMinutes.toFixed(0)} min ${whole ? 'measured' : 'extrapolated from this sample'}  (budget ≤ ${BUDGET_MINUTES} min, i.e. ≥ ${fmt(FULL_PLAYS / BUDGET_MINUTES / 60)} plays/s: ${fullMinutes <= BUDGET_MINUTES ? 'met' : 'NOT met'}); in runs of at most 15 min resumed from their checkpoints`,
    );
    console.log(`peak RSS:           ${peakRssMB(mosaic.child.pid!).toFixed(0)} MB for the whole local runtime (API, consumers, dynalite, s3rver in one process)`);
  } finally {
    await mosaic.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchImport();
