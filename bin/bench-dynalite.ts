/**
 * `npm run bench:dynalite`: dynalite as the stand-ins run it (`fastDynalite`: table descriptions
 * in memory, synchronous reads, combined writes) against plain dynalite, on LevelDB files.
 *
 * Each round starts each kind in a child process of its own, alternated (plain, fast, plain,
 * fast…; BENCH_ROUNDS, default 3), and sends BENCH_OPS (default 2,000) pairs of a conditional
 * PutItem and a consistent GetItem on the design's table, BENCH_CONCURRENCY (default 8) at a time.
 * It prints operations per second and the child's CPU time per operation (all its threads,
 * LevelDB's included), which a loaded machine blurs less than the rate.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { fastDynalite } from '../infra/local/dynalite-store.ts';
import { tableDefinition } from '../infra/local/table-migration.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const OPS = Number(process.env.BENCH_OPS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TABLE = 'bench-dynalite';

if (process.argv[2] === 'serve') {
  // The child: one dynalite of the kind asked for; answers its CPU time when asked.
  const options = { path: process.argv[4]!, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
  const server = process.argv[3] === 'fast' ? fastDynalite(options).server : dynalite(options);
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }));
  process.on('message', () => {
    const used = process.cpuUsage();
    process.send!({ cpuMs: (used.user + used.system) / 1000 });
  });
  process.on('disconnect', () => process.exit(0));
} else {
  const results: Record<string, Array<{ perSecond: number; cpuMs: number; load: number }>> = { plain: [], fast: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of ['plain', 'fast'] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'mosaic-bench-dynalite-'));
      const child = fork(fileURLToPath(import.meta.url), ['serve', kind, dir]);
      const ask = <T>(message?: string) =>
        new Promise<T>((resolve) => {
          child.once('message', (m) => resolve(m as T));
          if (message) child.send(message);
        });
      const { port } = await ask<{ port: number }>();
      const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      await client.send(new CreateTableCommand(tableDefinition(TABLE)));
      while ((await client.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.TableStatus !== 'ACTIVE') await new Promise((r) => setTimeout(r, 20));
      const before = (await ask<{ cpuMs: number }>('cpu')).cpuMs;
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < OPS) {
            const i = next++;
            const Key = { pk: { S: `P#${i % 50}` }, sk: { S: `S#${i}` } };
            await client.send(new PutItemCommand({ TableName: TABLE, Item: { ...Key, n: { N: String(i) }, text: { S: `item ${i} `.repeat(20) } }, ConditionExpression: 'attribute_not_exists(pk)' }));
            await client.send(new GetItemCommand({ TableName: TABLE, Key, ConsistentRead: true }));
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const cpuMs = (await ask<{ cpuMs: number }>('cpu')).cpuMs - before;
      results[kind]!.push({ perSecond: (2 * OPS) / seconds, cpuMs: cpuMs / (2 * OPS), load: loadavg()[0]! });
      const last = results[kind]!.at(-1)!;
      console.log(`round ${round + 1} ${kind.padEnd(5)} ${last.perSecond.toFixed(0).padStart(6)} ops/s   ${last.cpuMs.toFixed(3)} ms CPU/op   load ${last.load.toFixed(1)}`);
      client.destroy();
      child.disconnect();
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const range = (xs: number[], digits: number) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
  console.log(`\n${OPS} conditional PutItem + consistent GetItem pairs, ${CONCURRENCY} at a time, ${ROUNDS} alternated rounds:`);
  for (const kind of ['plain', 'fast'] as const) {
    const r = results[kind]!;
    console.log(`  ${kind.padEnd(5)} dynalite: ${range(r.map((x) => x.perSecond), 0)} ops/s, ${range(r.map((x) => x.cpuMs), 3)} ms CPU per operation`);
  }
  const wins = results.fast!.filter((f, i) => f.cpuMs < results.plain![i]!.cpuMs).length;
  console.log(`  fast used less CPU per operation than plain in ${wins} of ${ROUNDS} rounds`);
}
