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
 * s3rver serves nothing without a valid signature: it lets anonymous requests through and does
 * not compute V4 signatures, so its app is served behind s3-signatures.ts, which checks each
 * request against the installation's secret access key (presigned URLs and the SDK's requests),
 * read from the data folder's secrets (never passed on the command line, which others can see).
 *
 * argv: <JSON of { dataDir, buckets, bucketCors }>
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { buildApp as buildFauxqs } from 'fauxqs';
import { s3ErrorXml, verifySignature } from './s3-signatures.ts';
import { localS3Credentials } from './secrets.ts';

interface Args {
  dataDir: string;
  buckets: string[];
  /** CORSConfiguration XML of every bucket, or none. */
  bucketCors?: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
if (!args.dataDir) throw new Error('usage: stand-ins-process.ts <JSON of { dataDir, buckets, bucketCors }>');
const s3Credentials = localS3Credentials(args.dataDir);

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
  silent: true,
  directory: s3Dir,
  configureBuckets: args.buckets.map((name) => ({ name, configs: args.bucketCors ? [args.bucketCors] : [] })),
});
await s3.configureBuckets();
// s3rver's Koa app (its documented mount point), behind the signature check. A CORS preflight
// carries no signature (browsers send none); s3rver answers it from the bucket's CORS rules.
const s3App = s3.callback();
const s3Server = createServer((req, res) => {
  if (req.method !== 'OPTIONS') {
    const verdict = verifySignature({ method: req.method ?? 'GET', target: req.url ?? '/', headers: req.headers }, s3Credentials);
    if (!verdict.ok) {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(s3ErrorXml(verdict.code, verdict.message));
      return;
    }
  }
  void s3App(req, res);
});
s3Server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve, reject) => {
  s3Server.once('error', reject);
  s3Server.listen(0, '127.0.0.1', () => resolve());
});
const s3Port = (s3Server.address() as { port: number }).port;

// fauxqs's own starter binds every interface; build its app and bind loopback only.
const sqs = buildFauxqs({ logger: false });
const sqsAddress = await sqs.listen({ port: 0, host: '127.0.0.1' });

let closing: Promise<void> | undefined;
const close = () =>
  (closing ??= Promise.allSettled([
    sqs.close(),
    new Promise<void>((resolve) => {
      s3Server.closeAllConnections();
      s3Server.close(() => resolve());
    }),
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
    s3: `http://127.0.0.1:${s3Port}`,
    sqs: sqsAddress,
  },
});
