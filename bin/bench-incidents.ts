/**
 * `npm run bench:incidents`: the incident pipeline on the local runtime.
 *
 * - Throughput: BENCH_SIGNALS (default 1,000) Alertmanager deliveries, one alert each, sent
 *   BENCH_CONCURRENCY (default 8) at a time to a hook; signals/s from the first POST until the
 *   last signal is correlated (its record written). Target ≥ 200 signals/s.
 * - Hook latency: p50/p95 of those POSTs (verify, store raw, enqueue, answer 202). Target p95 ≤ 50 ms.
 * - Items read per signal by correlation, for a project with 10 past incidents and one with
 *   10,000 (seeded straight into the table in the shapes correlation writes), each sent the same
 *   300 signals. Target: heavy/light ≤ 1.1.
 * - The work per delivery during the burst: outgoing calls by kind and CPU ms, per process (the
 *   runtime and its stand-ins), counted by `bin/call-counter.ts` preloaded into them.
 *
 * BENCH_PROFILE_DIR=<dir>: every thread of the runtime and its stand-ins writes a V8 CPU profile of
 * the whole run there (`--cpu-prof`); the burst's start, in seconds after the runtime's, is printed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BatchWriteItemCommand, DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { fingerprintKey, hookKey, incidentBucketIndex, incidentKey, projectPartition } from '../shared/incidents/keys.ts';
import { as, call, newUser, queuesDrained } from '../test/support/http-client.ts';
import { startMosaic, tempDataDir } from '../test/support/local-process.ts';

const SIGNALS = Number(process.env.BENCH_SIGNALS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const READ_SIGNALS = 300;
const TARGET = { perSecond: 200, p95Ms: 50, ratio: 1.1 };
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const alert = (fingerprint: string, service: string, at: string) =>
  JSON.stringify({
    version: '4',
    status: 'firing',
    groupKey: `{}:{alertname="${fingerprint}"}`,
    receiver: 'bench',
    alerts: [{ status: 'firing', labels: { alertname: `Alert ${fingerprint}`, service, severity: 'warning' }, annotations: {}, startsAt: at, fingerprint }],
  });

const dataDir = tempDataDir('bench-incidents');
console.log(`Starting the local runtime (data in ${dataDir})…`);
const countsDir = mkdtempSync(join(tmpdir(), 'mosaic-call-counts-'));
process.once('exit', () => rmSync(countsDir, { recursive: true, force: true }));
const counter = new URL('./call-counter.ts', import.meta.url).pathname;
const spawned = performance.now();
// --cpu-prof in execArgv reaches the stand-ins' process (forked with the runtime's execArgv) and every worker thread.
const mosaic = await startMosaic(
  dataDir,
  { MOSAIC_QUIET: '1', MOSAIC_CALL_COUNTS: countsDir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${counter}`.trim() },
  PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
);
const base = mosaic.info.url;
const { endpoints, resources } = mosaic.info;
const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

interface Usage { pid: number; thread: number; argv: string; cpuMs: number; counts: Record<string, number> }

/** The counters' latest snapshots (written twice a second by every process of the runtime). */
async function usage(): Promise<Usage[]> {
  await new Promise((r) => setTimeout(r, 1200));
  return readdirSync(countsDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(countsDir, f), 'utf8')) as Usage);
}

function perDelivery(before: Usage[], after: Usage[], deliveries: number) {
  const calls: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  const callsBy: Record<string, Record<string, number>> = {};
  for (const now of after) {
    const then = before.find((u) => u.pid === now.pid && u.thread === now.thread);
    // The runtime's main thread is its gateway; its worker threads run functions (a thread's argv is its entry).
    const name = now.argv.includes('stand-ins')
      ? 'stand-ins'
      : now.argv.includes('consumer-thread-main')
        ? 'runtime: consumer thread'
        : now.argv.includes('local.ts')
          ? 'runtime: gateway thread'
          : now.argv.includes('cognito-process')
            ? 'cognito stand-in'
            : now.argv.split(' ')[0]!.split('/').pop()!;
    cpu[name] = (cpu[name] ?? 0) + (now.cpuMs - (then?.cpuMs ?? 0)) / deliveries;
    for (const [k, v] of Object.entries(now.counts)) {
      const d = (v - (then?.counts[k] ?? 0)) / deliveries;
      calls[k] = (calls[k] ?? 0) + d;
      (callsBy[name] ??= {})[k] = (callsBy[name]?.[k] ?? 0) + d;
    }
  }
  return { calls, cpu, callsBy };
}

async function countSignals(projectId: string): Promise<{ count: number; reads: number[] }> {
  const reads: number[] = [];
  let start: Record<string, any> | undefined;
  do {
    const out = await dynamo.send(
      new QueryCommand({
        TableName: resources.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': { S: projectPartition(projectId) }, ':p': { S: 'SIG#' } },
        ProjectionExpression: 'itemsRead',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) if (item.itemsRead?.N) reads.push(Number(item.itemsRead.N));
    start = out.LastEvaluatedKey;
  } while (start);
  return { count: reads.length, reads };
}

/** Past incidents, resolved, with their fingerprints, as correlation leaves them. */
async function seed(projectId: string, count: number) {
  const at = new Date(Date.now() - 86_400_000).toISOString();
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${(Date.now() - 86_400_000 + i).toString(36).padStart(9, '0')}${i.toString(16).padStart(12, '0')}`;
    const fingerprint = `alertmanager:old-${i}`;
    items.push({
      ...incidentKey(projectId, id),
      type: 'incident',
      gsi1pk: incidentBucketIndex(projectId, 'resolved'),
      gsi1sk: `${at}#${id}`,
      id,
      projectId,
      title: `Old ${i}`,
      state: 'resolved',
      severity: 'medium',
      baseSeverity: 'medium',
      groupKey: `svc:old-${i % 50}`,
      members: [{ fingerprint, source: 'alertmanager', title: `Old ${i}`, status: 'resolved', severity: 'info', count: 2, firstAt: at, lastAt: at, identity: `old-${i}` }],
      extraMembers: 0,
      signalCount: 2,
      openedAt: at,
      lastSignalAt: at,
      resolvedAt: at,
      occurrence: 1,
      mergedFrom: [],
      version: 3,
    });
    items.push({ ...fingerprintKey(projectId, fingerprint), type: 'fingerprint', fingerprint, incidentId: id, incidents: 1, lastResolvedAt: at, version: 2 });
  }
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item: marshall(Item, { removeUndefinedValues: true }) } }));
    while (pending.length) {
      const out = await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [resources.tableName]: pending } }));
      pending = (out.UnprocessedItems?.[resources.tableName] ?? []) as typeof pending;
    }
  }
}

async function send(path: string, token: string, bodies: string[], concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const started = performance.now();
        const res = await call(base, 'POST', path, { raw: body, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
        latencies.push(performance.now() - started);
        if (res.status !== 202) throw new Error(`hook answered ${res.status}: ${res.text}`);
      }
    }),
  );
  return latencies;
}

/** How many deliveries the consumer has counted on a hook (one item: cheap to poll). */
async function deliveriesCounted(hookId: string): Promise<number> {
  const out = await dynamo.send(new GetItemCommand({ TableName: resources.tableName, Key: marshall(hookKey(hookId)), ProjectionExpression: 'deliveries', ConsistentRead: true }));
  return Number(out.Item?.deliveries?.N ?? 0);
}

/**
 * Waits until `count` signals of the project are recorded. Polled on the hook's delivery count
 * (one item, each delivery here carries one alert), then confirmed by counting the signal
 * records: counting them every 50 ms read every record again each time, work of the benchmark
 * that the stand-ins paid for during the burst's tail (each count a Query of up to 1,000 items).
 */
async function until(projectId: string, hookId: string, count: number) {
  for (;;) {
    if ((await deliveriesCounted(hookId)) >= count && (await countSignals(projectId)).count >= count) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

try {
  const owner = await newUser(base);
  const o = as(base, owner);
  const project = async (name: string) => {
    const id = (await o.post('/v1/projects', { name, groupWaitSeconds: 0 })).body.id as string;
    const hook = (await o.post(`/v1/projects/${id}/hooks`, { source: 'alertmanager' })).body;
    return { id, hookId: hook.hook.id as string, path: hook.hook.path as string, token: hook.secret as string };
  };

  // Items read per signal: the same 300 signals to a project with 10 and one with 10,000 past incidents.
  const light = await project('Light');
  const heavy = await project('Heavy');
  console.log('Seeding 10 and 10,000 past incidents…');
  await seed(light.id, 10);
  await seed(heavy.id, 10_000);
  const stream = (tag: string) =>
    Array.from({ length: READ_SIGNALS }, (_, i) =>
      // 10 signals of fingerprints with a past incident (a new, linked incident opens), the rest new.
      alert(i < 10 ? `old-${i}` : `new-${tag}-${i}`, `svc-${i % 20}`, new Date(Date.now() + i).toISOString()),
    );
  await send(light.path, light.token, stream('l'), 4);
  await send(heavy.path, heavy.token, stream('h'), 4);
  await queuesDrained(base);
  await until(light.id, light.hookId, READ_SIGNALS);
  await until(heavy.id, heavy.hookId, READ_SIGNALS);
  const lightReads = (await countSignals(light.id)).reads;
  const heavyReads = (await countSignals(heavy.id)).reads;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  // Throughput and latency.
  const burst = await project('Burst');
  const bodies = Array.from({ length: SIGNALS }, (_, i) => alert(`burst-${i}`, `svc-${i % 50}`, new Date(Date.now() + i).toISOString()));
  await send(burst.path, burst.token, bodies.slice(0, 20), 2); // warm-up
  await until(burst.id, burst.hookId, 20);
  const before = await usage();
  const ownCpu = process.cpuUsage();
  const started = performance.now();
  if (PROFILE_DIR) console.log(`Burst starts ${((started - spawned) / 1000).toFixed(1)} s after the runtime was spawned (profiles in ${PROFILE_DIR}).`);
  const latencies = await send(burst.path, burst.token, bodies.slice(20), CONCURRENCY);
  const answered = performance.now() - started;
  await until(burst.id, burst.hookId, SIGNALS);
  const seconds = (performance.now() - started) / 1000;
  const own = process.cpuUsage(ownCpu);
  await queuesDrained(base);
  const work = perDelivery(before, await usage(), SIGNALS - 20);
  const perSecond = (SIGNALS - 20) / seconds;
  const incidents = (await o.get(`/v1/projects/${burst.id}/incidents?limit=100`)).body.items.length;

  const p95 = percentile(latencies, 95);
  const ratio = mean(heavyReads) / mean(lightReads);
  console.log(`\nLocal runtime (gateway and consumer threads); ${SIGNALS - 20} deliveries (one alert each) after 20 warm-up, ${CONCURRENCY} at a time.\n`);
  console.log(`signals/s hook → incident     ${perSecond.toFixed(0).padStart(8)}   target ≥ ${TARGET.perSecond}   ${perSecond >= TARGET.perSecond ? 'ok' : 'BELOW'}`);
  console.log(`  (all answered in ${(answered / 1000).toFixed(1)} s, all correlated in ${seconds.toFixed(1)} s; ${incidents}+ incidents open)`);
  console.log(`hook answer p50 / p95 ms      ${percentile(latencies, 50).toFixed(1).padStart(8)} / ${p95.toFixed(1)}   target p95 ≤ ${TARGET.p95Ms}   ${p95 <= TARGET.p95Ms ? 'ok' : 'ABOVE'}`);
  console.log(`items read per signal light   ${mean(lightReads).toFixed(2).padStart(8)}   (10 past incidents, max ${Math.max(...lightReads)})`);
  console.log(`items read per signal heavy   ${mean(heavyReads).toFixed(2).padStart(8)}   (10,000 past incidents, max ${Math.max(...heavyReads)})`);
  console.log(`heavy / light                 ${ratio.toFixed(2).padStart(8)}   target ≤ ${TARGET.ratio}   ${ratio <= TARGET.ratio ? 'ok' : 'ABOVE'}`);
  const total = Object.values(work.calls).reduce((a, b) => a + b, 0);
  console.log(`\nPer delivery during the burst (until every queue drained): ${total.toFixed(1)} calls`);
  for (const [k, v] of Object.entries(work.calls).sort((a, b) => b[1] - a[1])) if (v >= 0.05) console.log(`  ${k.padEnd(34)} ${v.toFixed(2).padStart(6)}`);
  for (const [who, byKind] of Object.entries(work.callsBy)) {
    const kinds = Object.entries(byKind).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]);
    if (kinds.length) console.log(`  from ${who}: ${kinds.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
  }
  console.log('CPU ms per delivery');
  for (const [k, v] of Object.entries(work.cpu).sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(34)} ${v.toFixed(1).padStart(6)}`);
  console.log(`  ${'(this load generator, until correlated)'.padEnd(34)} ${((own.user + own.system) / 1000 / (SIGNALS - 20)).toFixed(1).padStart(6)}`);
  console.log(`load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await mosaic.stop();
}
