/**
 * Preloaded into the local runtime by `npm run bench:incidents` (`NODE_OPTIONS=--import …`): counts
 * every outgoing HTTP call by what it is (DynamoDB `X-Amz-Target`, SQS action, S3 method) and
 * writes the counts and the CPU time of its thread to `$MOSAIC_CALL_COUNTS/<pid>-<thread>.json`
 * twice a second (Node preloads it in every worker thread too, each with its own module state),
 * so the benchmark can report calls and CPU ms per delivery for each thread of the runtime and the stand-ins.
 */
import http from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

const dir = process.env.MOSAIC_CALL_COUNTS;
if (dir) {
  const counts: Record<string, number> = {};
  const label = (options: http.RequestOptions): string => {
    const headers = (options.headers ?? {}) as Record<string, string | string[] | undefined>;
    const target = headers['x-amz-target'] ?? headers['X-Amz-Target'];
    if (typeof target === 'string') return target.replace(/^DynamoDB_\d+\./, 'dynamodb.').replace(/^AmazonSQS\./, 'sqs.').replace(/^AWSEvents\./, 'events.');
    return `${options.method ?? 'GET'} ${options.port ?? ''}`;
  };
  const original = http.request;
  http.request = function request(this: unknown, ...args: unknown[]) {
    const first = args[0];
    if (first && typeof first === 'object' && !(first instanceof URL)) {
      const name = label(first);
      counts[name] = (counts[name] ?? 0) + 1;
    } else {
      counts.other = (counts.other ?? 0) + 1;
    }
    return (original as (...a: unknown[]) => http.ClientRequest).apply(this, args);
  };
  syncBuiltinESMExports();
  const file = join(dir, `${process.pid}-${threadId}.json`);
  const write = () => {
    const cpu = process.threadCpuUsage();
    // Written aside, then renamed: the benchmark never reads a half-written file.
    writeFileSync(`${file}.tmp`, JSON.stringify({ pid: process.pid, thread: threadId, argv: process.argv.slice(1).join(' '), cpuMs: (cpu.user + cpu.system) / 1000, counts }));
    renameSync(`${file}.tmp`, file);
  };
  setInterval(write, 500).unref();
  process.on('exit', write);
}
