/**
 * `npm run bench:queues`: what the local SQS (infra/local/sqs-server.ts, SQLite in the data
 * folder) costs. Starts it on a temporary file and drives it with the AWS SDK, as the runtime
 * does: send → receive → delete, one message at a time and in batches of 10; then the store alone
 * (no HTTP, no SDK). Prints messages per second beside the targets.
 *
 * BENCH_MESSAGES (default 2000) sets how many messages each row moves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startSqsServer } from '../infra/local/sqs-server.ts';
import { QueueStore } from '../infra/local/sqs-store.ts';

const N = Number(process.env.BENCH_MESSAGES ?? 2000);
/** The busiest the local runtime gets: a burst of entry writes, about 100 events a second. */
const TARGET_BATCHED = 300;
const TARGET_STORE_MS = 1;

// An event as the bus delivers it: a few hundred bytes of JSON.
const body = (i: number) => JSON.stringify({ version: '0', id: `e-${i}`, 'detail-type': 'entry.logged', source: 'mosaic', detail: { pad: 'x'.repeat(300), i } });

const dir = mkdtempSync(join(tmpdir(), 'mosaic-bench-queues-'));
const server = await startSqsServer(join(dir, 'queues.db'));
const sqs = new SQSClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'bench' }))).QueueUrl!;

async function oneAtATime(count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body(i) }));
    const [m] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1 }))).Messages!;
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m!.ReceiptHandle! }));
  }
  return performance.now() - started;
}

async function batched(count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i += 10) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 10 }, (_, j) => ({ Id: String(j), MessageBody: body(i + j) })) }));
    const messages = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }))).Messages!;
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: messages.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle! })) }));
  }
  return performance.now() - started;
}

function storeAlone(count: number): number {
  const store = new QueueStore(join(dir, 'store.db'));
  store.createQueue('bench');
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    store.send('bench', [{ body: body(i) }]);
    store.deleteMessage('bench', store.receive('bench', 1).messages[0]!.ReceiptHandle);
  }
  const ms = performance.now() - started;
  store.close();
  return ms;
}

await oneAtATime(200);
await batched(200);
const single = await oneAtATime(N);
const batch = await batched(N);
const store = storeAlone(N);
const rate = (ms: number) => Math.round((N / ms) * 1000);

console.log(`Local SQS (SQLite, WAL), ${N} messages per row, each sent, received and deleted:`);
console.log(`  one at a time, through the SDK: ${rate(single)} messages/s (${(single / N).toFixed(2)} ms each, three calls)`);
console.log(`  batches of 10, through the SDK:  ${rate(batch)} messages/s — target ≥ ${TARGET_BATCHED}: ${rate(batch) >= TARGET_BATCHED ? 'met' : 'NOT met'}`);
console.log(`  the store alone (no HTTP):       ${(store / N).toFixed(3)} ms per message — target ≤ ${TARGET_STORE_MS}: ${store / N <= TARGET_STORE_MS ? 'met' : 'NOT met'}`);

sqs.destroy();
await server.close();
rmSync(dir, { recursive: true, force: true });
