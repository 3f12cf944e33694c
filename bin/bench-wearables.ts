/**
 * `npm run bench:wearables`: the Apple Health export read as a stream. Writes a generated
 * `export.xml` of BENCH_MB megabytes (default 500; steps, distance, heart rate, sleep and
 * workouts over the last two years, with device descriptions and metadata as the Health app
 * writes them), then scans it with shared/wearables/apple-health.ts into batches of 500 records
 * (kept nowhere), and prints records/s and the peak resident memory beside the target
 * (≤ 256 MB: never the document in memory). Then it zips it as the Health app does
 * (`apple_health_export/export.xml` in `export.zip`, deflated as a stream) and scans it again
 * the way the import does: the archive read by ranges (shared/files/zip.ts), the entry inflated
 * as it is parsed. The files are deleted afterwards.
 */
import { createReadStream, createWriteStream, mkdtempSync, openSync, readSync, rmSync, statSync, closeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';
import { openZip, type ZipSource } from '../shared/files/zip.ts';
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

/** Writes `export.zip` holding the file, deflated as a stream (sizes and CRC in a data descriptor and the central directory). */
async function zipExport(source: string, target: string, name: string): Promise<void> {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0x08, 6); // sizes follow the data
  local.writeUInt16LE(8, 8);
  local.writeUInt16LE(nameBytes.length, 26);
  const out = createWriteStream(target);
  out.write(Buffer.concat([local, nameBytes]));
  let crc = 0;
  let size = 0;
  let compressed = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _enc, done) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      compressed += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(source), measure, createDeflateRaw({ level: 6 }), count, out, { end: false });
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(crc >>> 0, 4);
  descriptor.writeUInt32LE(compressed, 8);
  descriptor.writeUInt32LE(size, 12);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x08, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc >>> 0, 16);
  central.writeUInt32LE(compressed, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const directoryAt = 30 + nameBytes.length + compressed + 16;
  const endRecord = Buffer.alloc(22);
  endRecord.writeUInt32LE(0x06054b50, 0);
  endRecord.writeUInt16LE(1, 8);
  endRecord.writeUInt16LE(1, 10);
  endRecord.writeUInt32LE(46 + nameBytes.length, 12);
  endRecord.writeUInt32LE(directoryAt, 16);
  out.end(Buffer.concat([descriptor, central, nameBytes, endRecord]));
  await once(out, 'finish');
}

/** A ZipSource over a file read by ranges, as the import reads the bucket's object. */
function fileSource(path: string): ZipSource & { close(): void } {
  const fd = openSync(path, 'r');
  return {
    size: statSync(path).size,
    *readRange(start, end) {
      for (let at = start; at < end; ) {
        const buffer = Buffer.alloc(Math.min(1024 * 1024, end - at));
        const n = readSync(fd, buffer, 0, buffer.length, at);
        if (n === 0) return;
        at += n;
        yield buffer.subarray(0, n);
      }
    },
    close: () => closeSync(fd),
  };
}

console.log('Zipping it as export.zip…');
const zipPath = join(dir, 'export.zip');
await zipExport(file, zipPath, 'apple_health_export/export.xml');
const zipBytes = statSync(zipPath).size;
rmSync(file);
console.log('Scanning it out of the ZIP, read by ranges…');
const rssBeforeZip = process.memoryUsage().rss;
let zipPeak = rssBeforeZip;
const zipSampler = setInterval(() => (zipPeak = Math.max(zipPeak, process.memoryUsage().rss)), 50);
const zipStarted = performance.now();
const source = fileSource(zipPath);
const zip = await openZip(source, { maxEntries: 10, maxEntryBytes: 16 * 1024 ** 3, maxTotalBytes: 16 * 1024 ** 3 });
const zipScan = await scanAppleHealthExport(zip.stream('apple_health_export/export.xml'), new Date(), async () => undefined);
zip.close();
source.close();
const zipSeconds = (performance.now() - zipStarted) / 1000;
clearInterval(zipSampler);
zipPeak = Math.max(zipPeak, process.memoryUsage().rss);
rmSync(dir, { recursive: true, force: true });

const peakMb = peak / 1024 / 1024;
console.log('');
console.log(`export.xml            ${(bytes / 1024 / 1024).toFixed(0)} MB, ${scan.records + scan.skipped + scan.rejected} records (${scan.records} mapped, ${scan.skipped} skipped, ${scan.rejected} rejected) in ${batches} batches`);
console.log(`records/s             ${Math.round((scan.records + scan.skipped + scan.rejected) / seconds)} (${(bytes / 1024 / 1024 / seconds).toFixed(1)} MB/s, ${seconds.toFixed(1)} s)`);
console.log(`peak RSS              ${peakMb.toFixed(0)} MB   target: ≤ ${TARGET_RSS_MB} MB   ${peakMb <= TARGET_RSS_MB ? 'ok' : 'MISSED'}`);
console.log(`export.zip            ${(zipBytes / 1024 / 1024).toFixed(0)} MB, ${zipScan.records} records mapped`);
console.log(`records/s (from ZIP)  ${Math.round((zipScan.records + zipScan.skipped + zipScan.rejected) / zipSeconds)} (${zipSeconds.toFixed(1)} s)`);
console.log(`peak RSS (from ZIP)   ${(zipPeak / 1024 / 1024).toFixed(0)} MB   target: ≤ ${TARGET_RSS_MB} MB   ${zipPeak / 1024 / 1024 <= TARGET_RSS_MB ? 'ok' : 'MISSED'}`);
