/**
 * `npm run bench:local`: what the local runtime itself costs, beside what it is built on.
 *
 * Measures, each for BENCH_SECONDS (default 10) with BENCH_CONNECTIONS (default 20) concurrent
 * connections on loopback:
 *   (a) a bare `node:http` server answering a 404 JSON body, in its own process;
 *   (b) the runtime's not-found route (`GET /v1/no-such-route`);
 *   (c) the raw stand-in: the one-item DynamoDB query behind `GET /v1/activities?limit=1`, sent
 *       straight to the runtime's dynalite through the AWS SDK, no runtime in the way;
 *   (d) the authenticated one-item read `GET /v1/activities?limit=1` through the runtime;
 * then the ratios not-found / bare (target ≥ 33%) and authenticated read / raw stand-in
 * (target ≥ 70%). For context it also measures the read's whole DynamoDB work (the profile get
 * and the query, one after the other) straight against the stand-in.
 *
 * The runtime is `npm start`'s program on a fresh temporary data folder, run as a user runs it
 * (access log on). BENCH_SECONDS=2 gives a quick, rougher run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { as, newUser } from '../test/support/http-client.ts';
import { startMosaic, tempDataDir } from '../test/support/local-process.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const WARMUP_SECONDS = Math.min(2, Math.max(1, SECONDS / 5));

interface Figure {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function cannon(label: string, url: string, headers: Record<string, string> = {}, expectStatus?: number): Promise<Figure> {
  const run = (duration: number) =>
    autocannon({ url, connections: CONNECTIONS, duration, headers, expectBody: undefined });
  await run(WARMUP_SECONDS);
  const r = await run(SECONDS);
  const wrongStatus = expectStatus === undefined ? 0 : r.requests.total - (statusCount(r, expectStatus) ?? 0);
  return { label, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx * (expectStatus === undefined ? 1 : 0) + Math.max(0, wrongStatus) };
}

function statusCount(r: autocannon.Result, status: number): number | undefined {
  const counts = (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats;
  return counts?.[String(status)]?.count;
}

/** A closed-loop load of `connections` concurrent callers of `op`, as autocannon drives HTTP. */
async function loop(label: string, op: () => Promise<unknown>): Promise<Figure> {
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
  const { latencies, errors } = await drive(SECONDS);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
  return { label, rps: latencies.length / SECONDS, p50: pct(50), p99: pct(99), errors };
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

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

const figures: Figure[] = [];
const bare = await startBareServer();
try {
  figures.push(await cannon('(a) bare node:http 404', `${bare.url}/v1/no-such-route`, {}, 404));
} finally {
  bare.child.kill();
}

const dataDir = tempDataDir('bench-local');
console.log(`Starting the local runtime (data in ${dataDir})…`);
const mosaic = await startMosaic(dataDir);
const base = mosaic.info.url;
try {
  const user = await newUser(base, { timezone: 'UTC' });
  const created = await as(base, user).post('/v1/activities', { name: 'Piano', unit: 'min', goal: 20 });
  if (created.status !== 201) throw new Error(`creating an activity answered ${created.status}: ${created.text}`);
  const check = await as(base, user).get('/v1/activities?limit=1');
  if (check.status !== 200 || check.body.items.length !== 1) throw new Error(`the read answered ${check.status}: ${check.text}`);

  figures.push(await cannon('(b) runtime not-found', `${base}/v1/no-such-route`, {}, 404));

  // The same requests the read's repository sends, with the runtime's table and the same SDK.
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
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `USER#${user.id}`, ':prefix': 'ACT#' },
        Limit: 1,
      }),
    );
  const raw = await query();
  if (raw.Items?.length !== 1) throw new Error('the raw query found no activity');
  figures.push(await loop('(c) raw dynalite query (SDK)', query));
  const profileKey = await findProfileKey(client, TableName, user.id);
  const readWork = await loop('    raw get profile + query', async () => {
    await client.send(new GetCommand({ TableName, Key: profileKey }));
    await query();
  });

  figures.push(await cannon('(d) runtime authenticated read', `${base}/v1/activities?limit=1`, { authorization: `Bearer ${user.token}` }, 200));
  figures.splice(3, 0, readWork);
  client.destroy();
} finally {
  await mosaic.stop();
}

/** The profile item's key, as the read's `userToday` fetches it. */
async function findProfileKey(client: DynamoDBDocumentClient, TableName: string, userId: string): Promise<Record<string, string>> {
  const out = await client.send(
    new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `USER#${userId}` } }),
  );
  const profile = out.Items?.find((i) => i.type === 'profile');
  if (!profile) throw new Error('no profile item found');
  return { pk: profile.pk as string, sk: profile.sk as string };
}

const byLabel = (prefix: string) => figures.find((f) => f.label.startsWith(prefix))!;
const notFoundRatio = byLabel('(b)').rps / byLabel('(a)').rps;
const readRatio = byLabel('(d)').rps / byLabel('(c)').rps;
const readWorkRatio = byLabel('(d)').rps / byLabel('    raw').rps;

const header = ['', 'req/s', 'p50 ms', 'p99 ms', 'errors'];
const rows = figures.map((f) => [f.label, fmt(f.rps), fmt(f.p50, 1), fmt(f.p99, 1), String(f.errors)]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each after ${WARMUP_SECONDS} s of warm-up, loopback, Node ${process.version}.\n`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
const verdict = (ratio: number, target: number) => `${fmt(ratio * 100)}%  (target ≥ ${target * 100}%: ${ratio >= target ? 'met' : 'NOT met'})`;
console.log('');
console.log(`not-found / bare:                      ${verdict(notFoundRatio, 0.33)}`);
console.log(`authenticated read / raw stand-in:     ${verdict(readRatio, 0.7)}`);
console.log(`authenticated read / raw get + query:  ${fmt(readWorkRatio * 100)}%  (the read's whole DynamoDB work; no target)`);
