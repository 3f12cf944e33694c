/**
 * `npm run bench:cold`: how lean each function's bundle is.
 *
 * Bundles every function of the route table as the CDK app does, and beside each one a *floor*:
 * a trivial handler holding only the AWS SDK clients its declared resources need (table →
 * DynamoDB + document client, buckets → S3, publishes → EventBridge, queues → SQS, user pool →
 * Cognito, secrets → KMS / Secrets Manager). Prints per function: bundle bytes, gzip bytes and the
 * median module import time over fresh Node 22 processes, the floor's (imported alternately with the
 * function's, so that both see the same load), and the ratios; the worst ratio last. Target: every function ≤ 1.5× its floor in import time and in bytes.
 * A function over the target in import time alone is measured again with three times the runs, and
 * both figures are printed (the table holds the second).
 * BENCH_RUNS sets the fresh processes per bundle (default 9); BENCH_ONLY=a,b measures only those functions.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { bundleFunctions, esbuildOptions } from '../infra/cdk/bundle.ts';
import { functionCatalog, type FunctionSpec } from '../infra/cdk/function-catalog.ts';
import { PROJECT_ROOT } from '../infra/cdk/mosaic-app.ts';
import type { ResourceAccess } from '../infra/routes/types.ts';
import { BUCKET_NAMES, bucketEnvName } from '../shared/contract/buckets.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
/** Runs for a function whose first import-time ratio is over the target (its bytes within it). */
const RECHECK_RUNS = RUNS * 3;
const TARGET = 1.5;

/** The environment a deployed function gets (values are placeholders: nothing is called). */
const ENV = {
  PATH: process.env.PATH ?? '',
  STAGE: 'bench',
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'mosaic-bench',
  // Every bucket of the stage (the configuration requires them all).
  ...Object.fromEntries(BUCKET_NAMES.map((b) => [bucketEnvName(b), `mosaic-bench-${b}`])),
  EVENT_BUS_NAME: 'mosaic-bench',
  USER_POOL_ID: 'us-east-1_bench',
  USER_POOL_CLIENT_ID: 'bench',
  MOSAIC_ROUTE_KEYS: '[]',
};

/** The SDK clients a declaration needs, as `[module, construct-a-client statement]`. */
function floorClients(resources: ResourceAccess): Array<[string, string]> {
  const clients: Array<[string, string]> = [];
  if (resources.table) {
    clients.push(['@aws-sdk/client-dynamodb', 'DynamoDBClient'], ['@aws-sdk/lib-dynamodb', 'DynamoDBDocumentClient']);
  }
  if (Object.keys(resources.buckets ?? {}).length) clients.push(['@aws-sdk/client-s3', 'S3Client']);
  if (resources.publishes?.length) clients.push(['@aws-sdk/client-eventbridge', 'EventBridgeClient']);
  if (resources.queues?.length || resources.deadLetters) clients.push(['@aws-sdk/client-sqs', 'SQSClient']);
  if (resources.userPool) clients.push(['@aws-sdk/client-cognito-identity-provider', 'CognitoIdentityProviderClient']);
  if (resources.secrets?.envelope) clients.push(['@aws-sdk/client-kms', 'KMSClient']);
  if (resources.secrets?.app?.length) clients.push(['@aws-sdk/client-secrets-manager', 'SecretsManagerClient']);
  if (resources.monitoring) clients.push(['@aws-sdk/client-sts', 'STSClient'], ['@aws-sdk/client-cloudwatch', 'CloudWatchClient'], ['@aws-sdk/client-cloudwatch-logs', 'CloudWatchLogsClient']);
  return clients;
}

/** A floor handler's source: its clients made at module load, as a real handler's are. */
function floorSource(clients: Array<[string, string]>): string {
  const imports = clients.map(([module, name]) => `import { ${name} } from '${module}';`);
  const made = clients.map(([, name], i) =>
    name === 'DynamoDBDocumentClient'
      ? `export const c${i} = ${name}.from(new DynamoDBClient({}));`
      : `export const c${i} = new ${name}({});`,
  );
  return [...imports, ...made, 'export const handler = async () => ({ statusCode: 200 });', ''].join('\n');
}

interface Measure {
  bytes: number;
  gzip: number;
  importMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Time to import a bundle in a fresh Node process (module load + init only), in ms. */
function importOnce(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: ENV, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`importing ${file} failed:\n${run.stderr}`);
  return Number(run.stdout.trim());
}

/**
 * A function's bundle and its floor, each imported RUNS times in fresh processes, alternately:
 * both see the same moments of the machine, so a load that comes and goes during the run moves
 * both medians instead of the ratio.
 */
function measurePair(file: string, floorFile: string, runs: number): { own: Measure; floor: Measure } {
  const own: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(importOnce(floorFile));
    own.push(importOnce(file));
  }
  return { own: { ...sizesOf(file), importMs: median(own) }, floor: { ...sizesOf(floorFile), importMs: median(floor) } };
}

/** A bundle's bytes and gzip bytes, read once per file (many functions share one floor). */
const sizes = new Map<string, { bytes: number; gzip: number }>();
function sizesOf(file: string): { bytes: number; gzip: number } {
  let known = sizes.get(file);
  if (!known) sizes.set(file, (known = { bytes: statSync(file).size, gzip: gzipSync(readFileSync(file)).length }));
  return known;
}

function buildFloors(specs: FunctionSpec[]): Map<string, string> {
  const dir = join(PROJECT_ROOT, '.build/floors');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  const byKey = new Map<string, string>();
  const entries: Array<{ name: string; handler: string }> = [];
  for (const spec of specs) {
    const clients = floorClients(spec.resources);
    const key = clients.map(([, name]) => name).join('+') || 'none';
    if (byKey.has(key)) continue;
    const source = join(dir, 'src', `${key}.ts`);
    writeFileSync(source, floorSource(clients));
    byKey.set(key, join(dir, key, 'index.mjs'));
    entries.push({ name: key, handler: source });
  }
  buildSync(esbuildOptions(entries, PROJECT_ROOT, dir));
  return new Map(specs.map((s) => [s.name, byKey.get(floorClients(s.resources).map(([, n]) => n).join('+') || 'none')!]));
}

const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const specs = functionCatalog().filter((s) => !only || only.includes(s.name));
const { dirs } = bundleFunctions(specs, { root: PROJECT_ROOT });
const floors = buildFloors(specs);
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

console.log(`bench:cold — ${specs.length} functions, median of ${RUNS} fresh Node ${process.version} imports each, alternating with the floor's\n`);
const measureRow = (spec: FunctionSpec, runs: number) => {
  const { own, floor } = measurePair(join(dirs[spec.name]!, 'index.mjs'), floors.get(spec.name)!, runs);
  const bytesRatio = own.bytes / floor.bytes;
  const timeRatio = own.importMs / floor.importMs;
  return { spec, own, floor, bytesRatio, timeRatio, worst: Math.max(bytesRatio, timeRatio) };
};
const firstPass = specs.map((spec) => measureRow(spec, RUNS));
// Bytes are exact; a median of 9 import times is not (a function measured twice in a row moves by
// ±10%). Whoever is over the target in time alone is measured again with RECHECK_RUNS pairs, and
// both figures are printed below: a real excess stays, a moment of load does not.
const recheck = firstPass.filter((r) => r.timeRatio > TARGET && r.bytesRatio <= TARGET);
const rechecked = new Map(recheck.map((r) => [r.spec.name, measureRow(r.spec, RECHECK_RUNS)]));
const rows = firstPass.map((r) => rechecked.get(r.spec.name) ?? r);
rows.sort((a, b) => a.worst - b.worst);

const header = ['function', 'bytes', 'gzip', 'import ms', 'floor bytes', 'floor ms', 'bytes ×', 'import ×', ''];
const table = rows.map((r) => [
  r.spec.name,
  kb(r.own.bytes),
  kb(r.own.gzip),
  r.own.importMs.toFixed(1),
  kb(r.floor.bytes),
  r.floor.importMs.toFixed(1),
  r.bytesRatio.toFixed(2),
  r.timeRatio.toFixed(2),
  r.worst <= TARGET ? 'ok' : `over ${TARGET}×`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(line(header));
for (const row of table) console.log(line(row));

if (recheck.length) {
  console.log(`\nOver ${TARGET}× in import time alone in the first pass, measured again with ${RECHECK_RUNS} pairs (the table shows the second):`);
  for (const first of recheck) {
    const second = rechecked.get(first.spec.name)!;
    console.log(`  ${first.spec.name.padEnd(widths[0]!)}  ${first.timeRatio.toFixed(2)}× → ${second.timeRatio.toFixed(2)}×`);
  }
}
const over = rows.filter((r) => r.worst > TARGET);
const worst = rows[rows.length - 1]!;
console.log(
  `\n${rows.length - over.length} of ${rows.length} functions within ${TARGET}× their floor in bytes and import time (target: all).`,
);
console.log(
  `Worst ratio: ${worst.spec.name} — ${worst.bytesRatio.toFixed(2)}× bytes, ${worst.timeRatio.toFixed(2)}× import time ` +
    `(${kb(worst.own.bytes)} / ${worst.own.importMs.toFixed(1)} ms vs floor ${kb(worst.floor.bytes)} / ${worst.floor.importMs.toFixed(1)} ms).`,
);
