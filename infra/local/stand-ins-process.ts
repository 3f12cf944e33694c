/**
 * Child process that runs the data stand-ins — dynalite (DynamoDB), s3rver (S3) and fauxqs
 * (SQS) — on free loopback ports with their state under the data folder. They run apart from the
 * gateway so that serving the store and running the handlers use both cores instead of sharing
 * one event loop.
 *
 * It answers `{ endpoints }` on its IPC channel once listening, closes the stores cleanly on a
 * `stop` message, and exits on its own when the parent goes away (the channel closes), so no
 * stand-in outlives `npm start`. Ctrl+C reaches the whole process group; this process leaves
 * the stopping to its parent, which closes it in order.
 *
 * argv: <JSON of { dataDir, buckets, bucketCors }>
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { buildApp as buildFauxqs } from 'fauxqs';

interface Args {
  dataDir: string;
  buckets: string[];
  bucketCors: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
if (!args.dataDir) throw new Error('usage: stand-ins-process.ts <JSON of { dataDir, buckets, bucketCors }>');

const dynamoDir = join(args.dataDir, 'dynamodb');
const s3Dir = join(args.dataDir, 's3');
for (const dir of [dynamoDir, s3Dir]) mkdirSync(dir, { recursive: true });

const dynamo = dynalite({ path: dynamoDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
await new Promise<void>((resolve, reject) => {
  dynamo.once('error', reject);
  dynamo.listen(0, '127.0.0.1', () => resolve());
});
// Keep-alive connections from the SDK clients are reused for many requests; Node's default
// 5 s keep-alive timeout would close idle ones between bursts and cost reconnects.
dynamo.keepAliveTimeout = 60_000;
const dynamoPort = (dynamo.address() as { port: number }).port;

const s3 = new S3rver({
  port: 0,
  address: '127.0.0.1',
  silent: true,
  directory: s3Dir,
  configureBuckets: args.buckets.map((name) => ({ name, configs: [args.bucketCors] })),
});
const s3Address = await s3.run();

// fauxqs's own starter binds every interface; build its app and bind loopback only.
const sqs = buildFauxqs({ logger: false });
const sqsAddress = await sqs.listen({ port: 0, host: '127.0.0.1' });

let closing: Promise<void> | undefined;
const close = () =>
  (closing ??= Promise.allSettled([
    sqs.close(),
    s3.close(),
    new Promise<void>((resolve) => {
      dynamo.closeAllConnections?.();
      dynamo.close(() => resolve());
    }),
  ]).then(() => undefined));

process.on('SIGINT', () => undefined);
process.on('message', (message: { stop?: boolean }) => {
  if (message.stop) void close().then(() => process.exit(0));
});
process.on('disconnect', () => void close().then(() => process.exit(0)));

process.send?.({
  endpoints: {
    dynamodb: `http://127.0.0.1:${dynamoPort}`,
    s3: `http://127.0.0.1:${s3Address.port}`,
    sqs: sqsAddress,
  },
});
