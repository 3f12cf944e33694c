/**
 * Child process that runs the data stand-ins — dynalite (DynamoDB), s3rver (S3) and the local
 * SQS (`sqs-server.ts`, SQLite) — on free loopback ports with their state under the data folder.
 * They run apart from the gateway so that serving the store and running the handlers use both
 * cores instead of sharing one event loop.
 *
 * It answers `{ endpoints }` on its IPC channel once listening, closes the stores cleanly on a
 * `stop` message, and exits on its own when the parent goes away (the channel closes), so no
 * stand-in outlives `npm start`. Ctrl+C reaches the whole process group; this process leaves
 * the stopping to its parent, which closes it in order.
 *
 * s3rver serves nothing without a valid signature: it lets anonymous requests through, does not
 * compute V4 signatures and ignores POST policies, so its app is served behind s3-signatures.ts,
 * which checks each request against the installation's secret access key (presigned URLs, the
 * SDK's requests, and browser POST uploads with their policy's conditions),
 * read from the data folder's secrets (never passed on the command line, which others can see).
 *
 * argv: <JSON of { dataDir, buckets, bucketCors }>
 */
import { mkdirSync } from 'node:fs';
import { createServer, IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import S3rver from 's3rver';
import { fastDynalite } from './dynalite-store.ts';
import { guardConcurrentWrites } from './s3-store-guard.ts';
import { s3ErrorXml, verifyPostPolicy, verifySignature } from './s3-signatures.ts';
import { localS3Credentials } from './secrets.ts';
import { startSqsServer } from './sqs-server.ts';

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

// Table descriptions in memory and synchronous LevelDB reads (dynalite-store.ts): less CPU per call.
const { server: dynamo } = fastDynalite({ path: dynamoDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
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
// A write and a delete under one prefix at once must not end this process (s3-store-guard.ts).
guardConcurrentWrites(s3.store);
await s3.configureBuckets();
// s3rver's Koa app (its documented mount point), behind the signature check. A CORS preflight
// carries no signature (browsers send none); s3rver answers it from the bucket's CORS rules.
const s3App = s3.callback();

const refuse = (res: ServerResponse, status: number, code: string, message: string) => {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(s3ErrorXml(code, message));
};

/** The largest browser POST upload the local S3 takes whole (imports are 10 MB at most). */
const MAX_POST_BYTES = 64 * 1024 * 1024;

/**
 * A browser POST upload (`POST /<bucket>`, a form with a signed policy): s3rver ignores the
 * policy, so the form is read here, its policy checked as S3 would (signature, expiry, every
 * condition, the file's size), and only then handed to s3rver, replayed from memory.
 */
async function postUpload(req: IncomingMessage, res: ServerResponse, bucket: string): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_POST_BYTES) {
      res.setHeader('connection', 'close');
      return refuse(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
  } catch {
    return refuse(res, 400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
  }
  const fields: Record<string, string> = {};
  let fileBytes = 0;
  for (const [name, value] of form) {
    if (name.toLowerCase() === 'file') fileBytes = typeof value === 'string' ? Buffer.byteLength(value) : value.size;
    else if (typeof value === 'string') fields[name.toLowerCase()] = value;
  }
  const verdict = verifyPostPolicy(bucket, fields, fileBytes, s3Credentials);
  if (!verdict.ok) return refuse(res, verdict.status, verdict.code, verdict.message);
  const replay = new IncomingMessage(req.socket);
  replay.method = req.method;
  replay.url = req.url;
  replay.httpVersionMajor = req.httpVersionMajor;
  replay.httpVersionMinor = req.httpVersionMinor;
  replay.httpVersion = req.httpVersion;
  const { 'transfer-encoding': _chunked, ...headers } = req.headers;
  replay.headers = { ...headers, 'content-length': String(body.length) };
  // Read whole, as the parser would mark it; otherwise ending it counts as an abort and closes the socket.
  replay.complete = true;
  replay.push(body);
  replay.push(null);
  await s3App(replay, res);
}

const s3Server = createServer((req, res) => {
  const postBucket = req.method === 'POST' && /^multipart\/form-data/i.test(req.headers['content-type'] ?? '') ? /^\/([^/?]+)\/?(?:\?.*)?$/.exec(req.url ?? '')?.[1] : undefined;
  if (postBucket) {
    postUpload(req, res, decodeURIComponent(postBucket)).catch(() => {
      if (!res.headersSent) refuse(res, 500, 'InternalError', 'The upload could not be read.');
      else res.destroy();
    });
    return;
  }
  if (req.method !== 'OPTIONS') {
    const verdict = verifySignature({ method: req.method ?? 'GET', target: req.url ?? '/', headers: req.headers }, s3Credentials);
    if (!verdict.ok) {
      req.resume();
      return refuse(res, 403, verdict.code, verdict.message);
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

// Queues and their messages (in flight included) in one SQLite file: they survive kill -9.
const sqs = await startSqsServer(join(args.dataDir, 'sqs', 'queues.db'));

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
    sqs: sqs.endpoint,
  },
});
