/**
 * `npm run bench:wearables`: the Apple Health export read as a stream. Writes a generated
 * `export.xml` of BENCH_MB megabytes (default 500; steps, distance, heart rate, sleep and
 * workouts over the last two years, with device descriptions and metadata as the Health app
 * writes them), then scans it with shared/wearables/apple-health.ts into batches of 500 records
 * (kept nowhere), and prints records/s and the peak resident memory beside the target
 * (≤ 256 MB: never the document in memory). The file is deleted afterwards.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { scanAppleHealthExport } from '../shared/wearables/apple-health.ts';

const MB = Number(process.env.BENCH_MB ?? 500);
const TARGET_RSS_MB = 256;
const dir = mkdtempSync(join(tmpdir(), 'mosaic-bench-wearables-'));
const file = join(dir, 'export.xml');

const pad = (n: number) => String(n).padStart(2, '0');
const appleDate = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
};
const DEVICE = 'device="&lt;&lt;HKDevice: 0x283f1c2d0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:10.1&gt;"';

console.log(`Writing a ${MB} MB export.xml…`);
const out = createWriteStream(file);
out.write('<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n <ExportDate value="2026-11-28 12:00:00 +0000"/>\n');
const end = Date.now() - 3600_000;
let t = end - 700 * 86_400_000;
let written = 0;
let i = 0;
while (written < MB * 1024 * 1024) {
  const kind = i++ % 10;
  t += 5 * 60_000;
  if (t > end) t = end - 700 * 86_400_000;
  let line: string;
  if (kind < 5) line = ` <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Watch" sourceVersion="10.1" ${DEVICE} unit="count" creationDate="${appleDate(t)}" startDate="${appleDate(t)}" endDate="${appleDate(t + 240_000)}" value="${(i * 37) % 900}"/>\n`;
  else if (kind < 7) line = ` <Record type="HKQuantityTypeIdentifierDistanceWalkingRunning" sourceName="Watch" ${DEVICE} unit="km" startDate="${appleDate(t)}" endDate="${appleDate(t + 240_000)}" value="0.${(i * 13) % 900}"/>\n`;
  else if (kind < 9)
    line = ` <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" ${DEVICE} unit="count/min" startDate="${appleDate(t)}" endDate="${appleDate(t)}" value="${60 + (i % 60)}">\n  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n </Record>\n`;
  else line = ` <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Watch" startDate="${appleDate(t)}" endDate="${appleDate(t + 1800_000)}" value="HKCategoryValueSleepAnalysisAsleepCore"/>\n`;
  written += line.length;
  if (!out.write(line)) await once(out, 'drain');
}
out.end('</HealthData>\n');
await once(out, 'finish');
const bytes = statSync(file).size;

console.log('Scanning it…');
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const started = performance.now();
let batches = 0;
const scan = await scanAppleHealthExport(createReadStream(file, { highWaterMark: 256 * 1024 }), new Date(), async () => {
  batches++;
});
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
rmSync(dir, { recursive: true, force: true });

const peakMb = peak / 1024 / 1024;
console.log('');
console.log(`export.xml            ${(bytes / 1024 / 1024).toFixed(0)} MB, ${scan.records + scan.skipped + scan.rejected} records (${scan.records} mapped, ${scan.skipped} skipped, ${scan.rejected} rejected) in ${batches} batches`);
console.log(`records/s             ${Math.round((scan.records + scan.skipped + scan.rejected) / seconds)} (${(bytes / 1024 / 1024 / seconds).toFixed(1)} MB/s, ${seconds.toFixed(1)} s)`);
console.log(`peak RSS              ${peakMb.toFixed(0)} MB   target: ≤ ${TARGET_RSS_MB} MB   ${peakMb <= TARGET_RSS_MB ? 'ok' : 'MISSED'}`);
