/**
 * `npm run bench:listening`: what reading a Spotify privacy export costs.
 *
 * Part 1 — parse + normalise. Generates a 1,000,000-play extended streaming history export in the
 * real layout (a ZIP of `Spotify Extended Streaming History/Streaming_History_Audio_<year>_<n>.json`
 * files of 15,000–30,000 records, pretty-printed as Spotify does, unsorted, tracks, episodes,
 * audiobooks and rows without metadata: test/support/spotify-export.ts) into a temporary folder,
 * then reads it through `readExport` in a fresh process — ranged reads of the file, inflating,
 * framing, JSON.parse, normalising into plays — and prints plays/s (target ≥ 20,000) and that
 * process's peak RSS (target ≤ 256 MB). The rate is wall time on a machine that may be shared;
 * the CPU time beside it is disturbed less by other work.
 *
 * `--parsers` adds the comparison behind the choice of JSON reader (docs/decisions.md): the same
 * files inflated and parsed into records, without normalising, by Mosaic's framing reader,
 * `@streamparser/json` and `stream-json`, each in a fresh process.
 *
 * Part 2 — read cost against history size (bin/bench-listening-reads.ts). Part 3 — the import end
 * to end on the local runtime: upload, consumer, play store, roll-ups (bin/bench-listening-import.ts).
 *
 * BENCH_PLAYS changes the number of plays (default 1,000,000); BENCH_KEEP=1 keeps the folder;
 * BENCH_IMPORT_PLAYS the size of part 3's export (default 100,000 plays in one year; 1,000,000 imports the whole export).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ZipSource } from '../shared/files/zip.ts';
import { benchImport } from './bench-listening-import.ts';
import { benchReads } from './bench-listening-reads.ts';

const SELF = fileURLToPath(import.meta.url);
const PLAYS_TARGET = 20_000;
const RSS_TARGET_MB = 256;

/** A ZIP source over a file, read by range like an S3 object. */
function fileSource(path: string): ZipSource {
  return {
    size: statSync(path).size,
    readRange: (start, end) => (end > start ? createReadStream(path, { start, end: end - 1, highWaterMark: 256 * 1024 }) : []),
  };
}

interface Measured {
  records: number;
  ms: number;
  cpuMs: number;
  rssMB: number;
}

/** In the child: read the export as the import will, and report. */
async function measureImport(zipPath: string): Promise<Measured & { plays: number; rejected: number }> {
  const { readExport } = await import('../shared/listening/export-reader.ts');
  const started = performance.now();
  const cpu = process.cpuUsage();
  let plays = 0;
  let rejected = 0;
  let records = 0;
  for await (const event of readExport(fileSource(zipPath))) {
    if (event.type === 'plays') plays += event.plays.length;
    else {
      rejected += event.summary.rejected;
      records += event.summary.records;
    }
  }
  const used = process.cpuUsage(cpu);
  return { plays, rejected, records, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, rssMB: process.resourceUsage().maxRSS / 1024 };
}

/** In the child: inflate and parse every file into records with one JSON reader, nothing else. */
async function measureParser(zipPath: string, parser: string): Promise<Measured> {
  const { openZip } = await import('../shared/files/zip.ts');
  const { JsonArrayReader } = await import('../shared/listening/json-array-reader.ts');
  const zip = await openZip(fileSource(zipPath), { maxEntries: 1000, maxEntryBytes: 2 ** 32, maxTotalBytes: 2 ** 34 });
  const started = performance.now();
  const cpu = process.cpuUsage();
  let records = 0;
  for await (const { stream } of zip.files()) {
    if (parser === 'framing') {
      const reader = new JsonArrayReader({ element: (text) => void (JSON.parse(text!) as unknown, records++) }, { maxElementChars: 1 << 20, maxObjectChars: 1 << 20 });
      const decoder = new TextDecoder();
      for await (const chunk of stream) reader.push(decoder.decode(chunk as Uint8Array, { stream: true }));
      reader.end();
    } else if (parser === 'streamparser') {
      const { JSONParser } = await import('@streamparser/json');
      const json = new JSONParser({ paths: ['$.*'], keepStack: false });
      json.onValue = () => void records++;
      // It ends by itself when the top-level array closes.
      for await (const chunk of stream) json.write(chunk as Uint8Array);
      if (!json.isEnded) throw new Error('the document did not end');
    } else {
      const { parser: tokens } = await import('stream-json');
      const { streamArray } = await import('stream-json/streamers/stream-array.js');
      const { default: chain } = await import('stream-chain');
      const pipeline = chain([stream, tokens(), streamArray()]);
      for await (const _ of pipeline) records++;
    }
  }
  zip.close();
  const used = process.cpuUsage(cpu);
  return { records, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, rssMB: process.resourceUsage().maxRSS / 1024 };
}

/** Runs this file in a fresh process (so that its peak RSS is the measured work's alone) and returns what it printed. */
function child<T>(...args: string[]): T {
  const run = spawnSync(process.execPath, [SELF, ...args], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`the measuring process failed (${run.status ?? run.signal})`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as T;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

async function main(): Promise<void> {
  const [mode, zipPath, parser] = process.argv.slice(2);
  if (mode === '--measure-import') return void console.log(JSON.stringify(await measureImport(zipPath!)));
  if (mode === '--measure-parser') return void console.log(JSON.stringify(await measureParser(zipPath!, parser!)));

  const { generateExtendedExport } = await import('../test/support/spotify-export.ts');
  const plays = Number(process.env.BENCH_PLAYS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-bench-listening-'));
  try {
    console.log(`Generating a ${fmt(plays)}-play extended export in ${dir}…`);
    const generatedAt = performance.now();
    const generated = generateExtendedExport({ plays, dir });
    const { track, episode, audiobook, unknown } = generated.items;
    console.log(
      `  ${generated.files.length} files, ${(generated.bytes / 1024 / 1024).toFixed(1)} MB zipped, ` +
        `${fmt(track)} tracks, ${fmt(episode)} episodes, ${fmt(audiobook)} audiobook chapters, ${fmt(unknown)} without metadata ` +
        `(${((performance.now() - generatedAt) / 1000).toFixed(1)} s)`,
    );

    console.log('Reading it as the import does (a fresh process)…');
    const run = child<Measured & { plays: number; rejected: number }>('--measure-import', generated.path);
    if (run.plays !== plays || run.rejected !== 0) throw new Error(`read ${run.plays} plays and rejected ${run.rejected}, expected ${plays} and 0`);
    const rate = run.plays / (run.ms / 1000);
    console.log(`\nNode ${process.version}, load average ${loadavg()[0]!.toFixed(1)} on this machine when done.`);
    console.log(`parse + normalise:  ${fmt(rate)} plays/s  (target ≥ ${fmt(PLAYS_TARGET)}: ${verdict(rate >= PLAYS_TARGET)})`);
    console.log(`                    ${fmt(run.plays)} plays in ${(run.ms / 1000).toFixed(1)} s; CPU ${(run.cpuMs / 1000).toFixed(1)} s = ${fmt(run.plays / (run.cpuMs / 1000))} plays per CPU-second`);
    console.log(`peak RSS:           ${run.rssMB.toFixed(0)} MB  (target ≤ ${RSS_TARGET_MB} MB: ${verdict(run.rssMB <= RSS_TARGET_MB)})`);

    if (process.argv.includes('--parsers')) {
      console.log('\nJSON readers, inflate + parse into records only (each in a fresh process):');
      for (const [name, label] of [
        ['framing', 'framing reader + JSON.parse (used)'],
        ['streamparser', '@streamparser/json'],
        ['stream-json', 'stream-json'],
      ] as const) {
        const m = child<Measured>('--measure-parser', generated.path, name);
        console.log(`  ${label.padEnd(36)} ${fmt(m.records / (m.ms / 1000)).padStart(8)} records/s, ${fmt(m.records / (m.cpuMs / 1000)).padStart(8)} per CPU-second, peak RSS ${m.rssMB.toFixed(0)} MB`);
      }
    }
  } finally {
    await benchReads();
    await benchImport();
    if (process.env.BENCH_KEEP === '1') console.log(`\nKept ${dir}.`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
