/**
 * `npm run bench:local`: what the local runtime itself costs, beside what it is built on.
 *
 * Measures, each for BENCH_SECONDS (default 10, after a short warm-up) with BENCH_CONNECTIONS
 * (default 20) concurrent connections on loopback:
 *   (a) a bare `node:http` server answering a 404 JSON body, in its own process;
 *   (b) the runtime's not-found route (`GET /v1/no-such-route`, the `$default` function);
 *   (c) the raw stand-in: the one-item DynamoDB query behind `GET /v1/activities?limit=1`, sent
 *       straight to the runtime's dynalite through the AWS SDK, no runtime in the way;
 *   (d) the authenticated one-item read `GET /v1/activities?limit=1` through the runtime;
 * then the ratios not-found / bare (target ≥ 33%) and authenticated read / raw stand-in
 * (target ≥ 70%). For context it also measures the read's DynamoDB work when its process holds
 * no copy of the token state (the consistent get of the state, then the query) straight against
 * the stand-in; the not-found and read functions called
 * in-process, without HTTP or gateway (what any gateway in front of them could reach at best);
 * and, on Linux, the CPU time each request costs the process serving it and the stand-ins'
 * processes (figures that a shared, busy machine disturbs less than rates), and what the runtime
 * spends with no request at all (its queue pollers' long polls), which every CPU-per-request
 * figure of the runtime includes in proportion to the time it ran.
 *
 * The runtime is `npm start`'s program on a fresh temporary data folder, run as a user runs it
 * (access log on). BENCH_SECONDS=3 gives a quick, rougher run; BENCH_PROFILE_DIR=<dir> has the
 * runtime write a CPU profile there (open it in Chrome's DevTools) to see where its time goes.
 */
import { relaunchWithLocalNodeFlags } from '../infra/local/node-flags.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import autocannon from 'autocannon';
import { toHttpApiEvent } from '../infra/local/api-event.ts';
import { authStateKey } from '../shared/auth/auth-state.ts';
import { userItemsQuery } from '../shared/db/keys.ts';
import { ACTIVITY_PREFIX } from '../shared/tracking/keys.ts';
import { lambdaContexts } from '../infra/local/lambda-context.ts';
import { functionEnvironment } from '../infra/local/runtime.ts';
import { LOCAL_ISSUER_DOMAIN } from '../infra/local/stand-ins.ts';
import { fallbackRoute, routeList } from '../infra/routes/index.ts';
import { as, newUser } from '../test/support/http-client.ts';
import { ROOT, startMosaic, tempDataDir } from '../test/support/local-process.ts';

// The in-process rows run the functions as the runtime does: with its Node flags.
relaunchWithLocalNodeFlags();

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const WARMUP_SECONDS = Math.min(2, Math.max(1, Math.round(SECONDS / 5)));
const IDLE_SECONDS = 5;
/** BENCH_PROFILE_DIR: where the runtime's main thread writes a V8 CPU profile of the whole run. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
/** CPU ms per second the runtime and its stand-ins spend serving no request (Linux only). */
let idle: { runtime: number; standIns: number } | undefined;

interface Figure {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU ms per request of the runtime's process and of the stand-ins' processes (Linux only). */
  cpu?: { runtime: number; standIns: number };
}

// ── CPU time of processes, from /proc (Linux); undefined elsewhere ──────────────────────────────
const TICKS_PER_MS = 100 / 1000; // USER_HZ is 100 on Linux

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((p) => {
      try {
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    });
}

interface CpuWatch {
  runtime: number;
  standIns: number[];
}

function cpuSnapshot(watch: CpuWatch | undefined) {
  if (!watch) return undefined;
  return { runtime: cpuTicks(watch.runtime), standIns: watch.standIns.reduce((sum, p) => sum + cpuTicks(p), 0) };
}

function cpuPerRequest(watch: CpuWatch | undefined, before: ReturnType<typeof cpuSnapshot>, requests: number) {
  const after = cpuSnapshot(watch);
  if (!after || !before || requests === 0) return undefined;
  return {
    runtime: (after.runtime - before.runtime) / TICKS_PER_MS / requests,
    standIns: (after.standIns - before.standIns) / TICKS_PER_MS / requests,
  };
}

// ── Load generators ─────────────────────────────────────────────────────────────────────────────
async function cannon(label: string, url: string, expectStatus: number, options: { headers?: Record<string, string>; cpu?: CpuWatch } = {}): Promise<Figure> {
  const run = (duration: number) => autocannon({ url, connections: CONNECTIONS, duration, headers: options.headers ?? {} });
  await run(WARMUP_SECONDS);
  const before = cpuSnapshot(options.cpu);
  const r = await run(SECONDS);
  const statusCounts = (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const expected = statusCounts[String(expectStatus)]?.count ?? 0;
  return {
    label,
    rps: r.requests.total / SECONDS,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + (r.requests.total - expected),
    cpu: cpuPerRequest(options.cpu, before, r.requests.total),
  };
}

/** A closed-loop load of BENCH_CONNECTIONS concurrent callers of `op`, as autocannon drives HTTP. */
async function loop(label: string, op: () => Promise<unknown>, cpu?: CpuWatch): Promise<Figure> {
  const drive = async (seconds: number) => {
    const latencies: number[] = [];
    let errors = 0;
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < end) {
          const t = performance.now();
          try {
            await op();
            latencies.push(performance.now() - t);
          } catch {
            errors++;
          }
        }
      }),
    );
    return { latencies, errors };
  };
  await drive(WARMUP_SECONDS);
  const before = cpuSnapshot(cpu);
  const { latencies, errors } = await drive(SECONDS);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
  return { label, rps: latencies.length / SECONDS, p50: pct(50), p99: pct(99), errors, cpu: cpuPerRequest(cpu, before, latencies.length + errors) };
}

/** (a) A bare node:http server in its own process, answering every request with a 404 JSON body. */
async function startBareServer(): Promise<{ url: string; child: ChildProcess }> {
  const source = `
    import { createServer } from 'node:http';
    const body = JSON.stringify({ error: { code: 'not_found', message: 'Not found.', requestId: 'bare' } });
    const server = createServer((req, res) => {
      res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
    process.on('disconnect', () => process.exit(0));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

// ── The run ─────────────────────────────────────────────────────────────────────────────────────
const figures = new Map<string, Figure>();
const bare = await startBareServer();
try {
  const cpu = existsSync('/proc') ? { runtime: bare.child.pid!, standIns: [] } : undefined;
  figures.set('a', await cannon('(a) bare node:http 404', `${bare.url}/v1/no-such-route`, 404, { cpu }));
} finally {
  bare.child.kill();
}

const dataDir = tempDataDir('bench-local');
console.log(`Starting the local runtime (data in ${dataDir})…`);
const mosaic = await startMosaic(dataDir, {}, PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []);
const base = mosaic.info.url;
try {
  const cpu = existsSync('/proc') ? { runtime: mosaic.child.pid!, standIns: childrenOf(mosaic.child.pid!) } : undefined;
  const user = await newUser(base, { timezone: 'UTC' });
  const created = await as(base, user).post('/v1/activities', { name: 'Piano', unit: 'min', goal: 20 });
  if (created.status !== 201) throw new Error(`creating an activity answered ${created.status}: ${created.text}`);
  const check = await as(base, user).get('/v1/activities?limit=1');
  if (check.status !== 200 || check.body.items.length !== 1) throw new Error(`the read answered ${check.status}: ${check.text}`);

  // What the runtime spends with no request at all (queue pollers' long polls, timers): a share of
  // every row's CPU per request below, the larger the lower the rate.
  if (cpu) {
    const before = cpuSnapshot(cpu)!;
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const after = cpuSnapshot(cpu)!;
    idle = { runtime: (after.runtime - before.runtime) / TICKS_PER_MS / IDLE_SECONDS, standIns: (after.standIns - before.standIns) / TICKS_PER_MS / IDLE_SECONDS };
  }

  figures.set('b', await cannon('(b) runtime not-found', `${base}/v1/no-such-route`, 404, { cpu }));

  // The same requests the read's repositories send, to the runtime's table, with the same SDK.
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: mosaic.info.endpoints.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: CONNECTIONS }) },
    }),
  );
  const TableName = mosaic.info.resources.tableName;
  const query = () =>
    client.send(
      new QueryCommand({
        TableName,
        ...userItemsQuery(user.id, ACTIVITY_PREFIX),
        Limit: 1,
      }),
    );
  if ((await query()).Items?.length !== 1) throw new Error('the raw query found no activity');
  const inProcess = cpu ? { runtime: process.pid, standIns: cpu.standIns } : undefined;
  figures.set('c', await loop('(c) raw stand-in: the query (SDK)', query, inProcess));
  // Without the process's copy of the token state (AUTH_STATE_CACHE_MS), the read does this: the
  // token state (which mirrors the profile's time zone) read consistently, then the query.
  const stateKey = authStateKey(user.id);
  if ((await client.send(new GetCommand({ TableName, Key: stateKey, ConsistentRead: true }))).Item?.timezone !== 'UTC')
    throw new Error('the token state does not mirror the time zone');
  figures.set(
    'c2',
    await loop(
      '    raw stand-in: token state + query',
      async () => {
        await client.send(new GetCommand({ TableName, Key: stateKey, ConsistentRead: true }));
        await query();
      },
      inProcess,
    ),
  );
  client.destroy();

  figures.set('d', await cannon('(d) runtime authenticated read', `${base}/v1/activities?limit=1`, 200, { headers: { authorization: `Bearer ${user.token}` }, cpu }));

  // The same two functions called in this process, with the runtime's environment: no HTTP in
  // front, no gateway; only the function, its SDK client and the stand-in.
  Object.assign(process.env, functionEnvironment({ endpoints: mosaic.info.endpoints, resources: mosaic.info.resources, issuerDomain: LOCAL_ISSUER_DOMAIN, dataDir, corsOrigins: [mosaic.info.url], url: mosaic.info.url }));
  const readRoute = routeList.find((r) => r.method === 'GET' && r.path === '/v1/activities')!;
  for (const [key, label, route, url, routeKey, status] of [
    ['b2', '    not-found function alone, in-process', fallbackRoute, '/v1/no-such-route', '$default', 404],
    ['d2', '    read function alone, in-process', readRoute, '/v1/activities?limit=1', 'GET /v1/activities', 200],
  ] as const) {
    const { handler } = (await import(pathToFileURL(join(ROOT, route.handler)).href)) as {
      handler: (event: unknown, context: Context) => Promise<{ statusCode: number }>;
    };
    const context = lambdaContexts('bench', route.timeoutSeconds, route.memoryMb);
    const headers = { host: '127.0.0.1', authorization: `Bearer ${user.token}` };
    const call = async () => {
      const event = toHttpApiEvent({ method: 'GET', url, headers, body: Buffer.alloc(0), sourceIp: '127.0.0.1', host: '127.0.0.1' }, routeKey, undefined);
      const result = await handler(event, context());
      if (result.statusCode !== status) throw new Error(`answered ${result.statusCode}`);
    };
    figures.set(key, await loop(label, call, inProcess));
  }
} finally {
  await mosaic.stop();
}

// ── Report ──────────────────────────────────────────────────────────────────────────────────────
const fmt = (n: number | undefined, digits = 0) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '—');
const header = ['', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'CPU ms/req', 'stand-ins CPU ms/req'];
const order = ['a', 'b', 'b2', 'c', 'c2', 'd', 'd2'];
const rows = order.filter((k) => figures.has(k)).map((k) => figures.get(k)!).map((f) => [
  f.label,
  fmt(f.rps),
  fmt(f.p50, 1),
  fmt(f.p99, 1),
  String(f.errors),
  fmt(f.cpu?.runtime, 3),
  fmt(f.cpu?.standIns, 3),
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each after ${WARMUP_SECONDS} s of warm-up, loopback, Node ${process.version}.`);
console.log('CPU per request of the process that serves or sends it ((a): the bare server; (b), (d): the runtime; the');
console.log('others: this process, calling the SDK or the function) and of the stand-ins\' processes together.\n');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));

const rate = (key: string) => figures.get(key)!.rps;
const verdict = (ratio: number, target: number) =>
  `${fmt(ratio * 100)}%  (target ≥ ${target * 100}%: ${ratio >= target ? 'met' : 'NOT met'})`;
const context = (label: string, key: string, over: string, what: string) => {
  if (figures.has(key) && figures.has(over)) console.log(`${label.padEnd(43)}${fmt((rate(key) / rate(over)) * 100)}%  (${what}; no target)`);
};
if (idle) {
  const share = (key: string) => (figures.has(key) ? fmt(idle!.runtime / rate(key), 3) : '—');
  console.log(`\nIdle, the runtime spends ${fmt(idle.runtime)} ms of CPU a second (the stand-ins ${fmt(idle.standIns)}): of its CPU ms/req, ${share('b')} in (b) and ${share('d')} in (d).`);
}
console.log('');
context('authenticated read / read function alone:', 'd', 'd2', 'what the runtime keeps of the function’s own rate');
context('authenticated read / raw state + query:', 'd', 'c2', 'the read’s DynamoDB work, uncached');
context('read function alone / raw stand-in:', 'd2', 'c', 'the best any gateway could do here');
console.log(`not-found / bare:                          ${verdict(rate('b') / rate('a'), 0.33)}`);
console.log(`authenticated read / raw stand-in:         ${verdict(rate('d') / rate('c'), 0.7)}`);
