/**
 * `npm run bench`: what reading analytics costs for a heavy and a light user.
 *
 * Starts the local runtime on a fresh data folder, seeds a heavy user (20 activities × 5 years of
 * daily entries) and a light one (20 × 1 year) through the import pipeline, then calls `today`,
 * the dashboard and one activity's stats repeatedly and prints, for each, the DynamoDB items read
 * (the runtime's `x-mosaic-items-read`), p50 and p95 latency, and the heavy/light ratio of items
 * read. BENCH_ROUNDS sets the measured calls per endpoint and user (default 50).
 */
import { performance } from 'node:perf_hooks';
import { as, eventually, newUser, postUploadForm, type TestUser } from '../test/support/http-client.ts';
import { startMosaic, tempDataDir } from '../test/support/local-process.ts';
import { syntheticHistory } from '../test/support/synthetic-history.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const WARMUP = 5;

interface Sample {
  ms: number;
  items: number;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function seed(base: string, user: TestUser, years: number): Promise<{ entries: number; seconds: number }> {
  const doc = syntheticHistory({ activities: 20, days: Math.round(365.25 * years), density: 1, seed: years });
  const body = JSON.stringify(doc);
  const client = as(base, user);
  const started = performance.now();
  const created = await client.post('/v1/imports', { format: 'json', fileName: `${years}y.json`, size: Buffer.byteLength(body) });
  if (created.status !== 201) throw new Error(`import answered ${created.status}: ${created.text}`);
  const put = await postUploadForm(base, created.body.upload, body, `${years}y.json`);
  if (!put.ok) throw new Error(`upload answered ${put.status}`);
  await client.post(`/v1/imports/${created.body.import.id}/start`);
  const job = await eventually(
    async () => (await client.get(`/v1/imports/${created.body.import.id}`)).body,
    (j) => j.status === 'completed' || j.status === 'failed',
    15 * 60_000,
  );
  if (job.status !== 'completed') throw new Error(`import failed: ${JSON.stringify(job.error)}`);
  return { entries: job.summary.imported, seconds: (performance.now() - started) / 1000 };
}

async function measure(base: string, user: TestUser, path: string): Promise<Sample[]> {
  const client = as(base, user);
  const samples: Sample[] = [];
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const started = performance.now();
    const res = await client.get(path);
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.text}`);
    if (i >= WARMUP) samples.push({ ms, items: Number(res.headers['x-mosaic-items-read']) });
  }
  return samples;
}

const dataDir = tempDataDir('bench');
console.log(`Starting the local runtime (data in ${dataDir})…`);
const mosaic = await startMosaic(dataDir, { MOSAIC_QUIET: '1' });
const base = mosaic.info.url;
try {
  const users = { heavy: await newUser(base, { timezone: 'UTC' }), light: await newUser(base, { timezone: 'UTC' }) };
  for (const [name, years] of [['heavy', 5], ['light', 1]] as const) {
    const seeded = await seed(base, users[name], years);
    console.log(`Seeded the ${name} user: ${seeded.entries} entries in ${seeded.seconds.toFixed(1)} s (${Math.round(seeded.entries / seeded.seconds)} entries/s through the import)`);
  }
  const firstActivity = async (user: TestUser) => (await as(base, user).get('/v1/activities?limit=1')).body.items[0].id as string;
  const endpoints = {
    today: () => '/v1/today',
    dashboard: () => '/v1/dashboard',
    'activity stats': (id: string) => `/v1/activities/${id}/stats`,
  };
  const rows: string[][] = [];
  for (const [label, path] of Object.entries(endpoints)) {
    const results: Record<string, Sample[]> = {};
    for (const name of ['heavy', 'light'] as const) {
      results[name] = await measure(base, users[name], path(await firstActivity(users[name])));
    }
    const items = (name: string) => Math.max(...results[name]!.map((s) => s.items));
    for (const name of ['heavy', 'light']) {
      const ms = results[name]!.map((s) => s.ms);
      rows.push([label, name, String(items(name)), percentile(ms, 50).toFixed(1), percentile(ms, 95).toFixed(1), name === 'heavy' ? (items('heavy') / items('light')).toFixed(2) : '']);
    }
  }
  const header = ['endpoint', 'user', 'items read', 'p50 ms', 'p95 ms', 'heavy/light items'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n${ROUNDS} calls per endpoint and user, after ${WARMUP} warm-up calls; local runtime, one process.\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
} finally {
  await mosaic.stop();
}
