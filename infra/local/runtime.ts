import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { BatchWriteItemCommand, DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { withoutCallLogging } from '../../shared/aws/lean-client.ts';
import { BUCKET_NAMES, bucketEnvName, type BucketName } from '../../shared/contract/buckets.ts';
import { TABLE_KEYS } from '../../shared/db/table-design.ts';
import { USER_PAGES_QUEUE, type UserPageMessage } from '../../shared/jobs/user-jobs.ts';
import { localMetricsSource, pruneTelemetry } from '../../shared/operations/local-telemetry-source.ts';
import { prometheusText } from '../../shared/operations/telemetry.ts';
import { names } from '../naming.ts';
import { routeKeys } from '../routes/compose.ts';
import { consumers, fallbackRoute, routeList, schedules, socketRoutes } from '../routes/index.ts';
import { isPerUser } from '../routes/types.ts';
import { openGateway, type NamedRoute } from './api-gateway.ts';
import { startCameraWorker } from './camera-worker-process.ts';
import { startEventBus } from './event-bus.ts';
import { startConsumerThread } from './consumer-thread.ts';
import { CALLER_LIMITS, type CallerLimits } from './fair-queue.ts';
import { invokerOnFirstUse } from './load-handler.ts';
import { ensureQueues, ensureTable, ensureUserPool } from './provision.ts';
import { IN_USE_FILE } from './table-migration.ts';
import { startScheduler } from './scheduler.ts';
import { startLocalSns } from './sns-local.ts';
import { startSelfWatch } from './self-watch.ts';
import { ensureLocalSecrets, localS3Credentials } from './secrets.ts';
import { startSpotifySandbox } from './spotify-sandbox.ts';
import { startStandIns, type StandInEndpoints } from './stand-ins.ts';
import { LOCAL_SOCKET_PATH, startSocketGateway } from './websocket-gateway.ts';
import { CONNECTION_IDLE_SECONDS, CONNECTION_MAX_SECONDS } from '../../shared/realtime/protocol.ts';
import type { SocketEvent, SocketResult } from '../../shared/realtime/socket-handler.ts';

export const LOCAL_STAGE = 'local';
/** Days the local runtime keeps function logs and metrics (MOSAIC_LOG_RETENTION_DAYS). */
const LOCAL_TELEMETRY_DAYS = Number(process.env.MOSAIC_LOG_RETENTION_DAYS ?? 14);
const REGION = 'us-east-1';

/** The address the gateway listens on unless told otherwise: this machine only. */
export const DEFAULT_BIND_ADDRESS = '127.0.0.1';

/** The runtime's URL for a bind address: localhost for loopback and every-interface binds, else the address. */
export function runtimeUrl(host: string, port: number): string {
  if (['127.0.0.1', 'localhost', '0.0.0.0', '::'].includes(host)) return `http://localhost:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}


export interface LocalRuntimeOptions {
  /** App port; 0 picks a free one. */
  port: number;
  /** Address the gateway listens on (default 127.0.0.1: this machine only). */
  host?: string;
  /** Web origins besides the runtime's own that CORS allows (API and buckets). */
  corsOrigins?: string[];
  /** Take client addresses from X-Forwarded-For of loopback requests (behind a reverse proxy). */
  trustProxy?: boolean;
  dataDir: string;
  /** Project root (handler paths in the route table are relative to it). */
  root: string;
  /** First retry delay of a failed queue message (doubles per receive). */
  retryBaseMs?: number;
  /** Per-caller bounds on running and waiting API requests (default CALLER_LIMITS). */
  callerLimits?: CallerLimits;
  /** Caps every API function's timeout (seconds): lets tests of timeouts time out for sure. */
  httpTimeoutCapSeconds?: number;
  /** WebSocket limits (default API Gateway's: 10 min idle, 2 h in all); shorter in tests. */
  socketIdleSeconds?: number;
  socketMaxSeconds?: number;
  log?: (line: string) => void;
}

export interface LocalRuntime {
  url: string;
  port: number;
  /** This start's secret for `/_local/*` (header x-mosaic-local-secret); runtime.json holds it. */
  localSecret: string;
  endpoints: StandInEndpoints & { eventBridge: string; spotify?: string };
  resources: { tableName: string; userPoolId: string; clientId: string; buckets: Record<BucketName, string>; queues: Record<string, { url: string; deadLetterUrl: string }> };
  /** Fires a schedule now (what its timer would do), returning the job's result. */
  runSchedule(name: string): Promise<unknown>;
  /**
   * Settles, saying what, if a stand-in process ends on its own: every request would then fail,
   * so `npm start` stops with an error (a service manager restarts it, docs/home-server.md).
   */
  lost: Promise<string>;
  stop(): Promise<void>;
}

/**
 * The variables the CDK app sets on every function, with the local resources, plus the
 * stand-ins' endpoints and the local token issuer. Handlers parse them when they load.
 */
export function functionEnvironment(runtime: {
  endpoints: LocalRuntime['endpoints'];
  resources: LocalRuntime['resources'];
  issuerDomain: string;
  /** The data folder (local secrets live in it). */
  dataDir: string;
  /** Every origin CORS allows (the runtime's own and the extra ones). */
  corsOrigins: string[];
  /** The runtime's own URL (the WebSocket API and its management endpoint live on it). */
  url: string;
}): Record<string, string> {
  const { endpoints, resources } = runtime;
  const n = names(LOCAL_STAGE);
  // The local S3 checks signatures with the installation's secret; the other stand-ins take any.
  const credentials = localS3Credentials(runtime.dataDir);
  return {
    STAGE: LOCAL_STAGE,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognito,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventBridge,
    TABLE_NAME: resources.tableName,
    ...Object.fromEntries(BUCKET_NAMES.map((b) => [bucketEnvName(b), resources.buckets[b]])),
    // One process runs every function: each may reach every job queue.
    QUEUE_URLS: JSON.stringify(Object.fromEntries(Object.entries(resources.queues).map(([name, q]) => [name, q.url]))),
    DEAD_LETTER_URLS: JSON.stringify(Object.fromEntries(Object.entries(resources.queues).map(([name, q]) => [name, q.deadLetterUrl]))),
    // The fallback's route keys (inlined at bundle time in the cloud).
    MOSAIC_ROUTE_KEYS: JSON.stringify(routeKeys({ routes: routeList })),
    EVENT_BUS_NAME: n.bus,
    USER_POOL_ID: resources.userPoolId,
    USER_POOL_CLIENT_ID: resources.clientId,
    CORS_ORIGINS: runtime.corsOrigins.join(','),
    REALTIME_URL: `${runtime.url.replace(/^http/, 'ws')}${LOCAL_SOCKET_PATH}`,
    // The management client appends `/@connections/{id}` (the runtime answers it).
    REALTIME_ENDPOINT: runtime.url,
    // The camera worker is served on the runtime's own port (/camera/…), as behind the load balancer.
    CAMERA_STREAM_URL: runtime.corsOrigins[0] ?? '',
    LOCAL_SECRETS_DIR: ensureLocalSecrets(runtime.dataDir),
    LOCAL_JWT_ISSUER: `${runtime.issuerDomain}/${resources.userPoolId}`,
    LOCAL_JWKS_URL: `${endpoints.cognito}/${resources.userPoolId}/.well-known/jwks.json`,
    // Function logs (JSON lines) and EMF metrics go to files in the data folder, as CloudWatch
    // keeps them in the cloud: the admin logs and metrics viewers read them, and a restart loses
    // nothing (shared/kit/local-telemetry.ts). Errors are also echoed to the runtime's stderr.
    MOSAIC_TELEMETRY_DIR: join(runtime.dataDir, 'telemetry'),
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'false',
    // Tests shorten the silence after which an import counts as stalled (default 5 minutes).
    ...(process.env.MOSAIC_IMPORT_STALL_SECONDS ? { IMPORT_STALL_SECONDS: process.env.MOSAIC_IMPORT_STALL_SECONDS } : {}),
  };
}

/**
 * Starts the whole product on one machine: the stand-ins, the resources the CDK app would create
 * (from the same table design, route table and names), then the gateway, bus, queue pollers and
 * schedules around the same handler functions the Lambdas run. Only endpoints differ from the
 * cloud: handlers find the stand-ins through `AWS_ENDPOINT_URL_*`.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  // Owner-only: it holds every user's data, the installation's secrets and the local user pool,
  // whose stand-in keeps passwords as given (docs/home-server.md). Made so again at every start,
  // so a folder copied or created by hand with wider rights does not stay readable.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const n = names(LOCAL_STAGE);
  const telemetryDir = join(dataDir, 'telemetry');
  const buckets = Object.fromEntries(BUCKET_NAMES.map((b) => [b, n.localBucket(b)])) as Record<BucketName, string>;

  const extraOrigins = options.corsOrigins ?? [];
  const standIns = await startStandIns(dataDir, Object.values(buckets), extraOrigins);
  // Left behind by a run that did not close the table (kill -9, power cut): rebuild its indexes.
  const inUse = join(dataDir, IN_USE_FILE);
  const unclean = existsSync(inUse);
  let opened = false;
  // A stand-in that died did not close the table: the mark stays, and the next start rebuilds.
  let standInLost = false;
  void standIns.lost.then(() => (standInLost = true));
  // Removed last, once the stand-ins have closed the table (stops run in reverse).
  const stops: Array<() => Promise<void> | void> = [() => void (opened && !standInLost && rmSync(inUse, { force: true })), () => standIns.stop()];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    const { endpoints } = standIns;
    const clientConfig = { region: REGION, credentials: localS3Credentials(dataDir) };
    const dynamo = new DynamoDBClient({ ...clientConfig, endpoint: endpoints.dynamodb });
    // The bus fans every event out through it: without the SDK's per-call logging, as the functions' clients.
    const sqs = withoutCallLogging(new SQSClient({ ...clientConfig, endpoint: endpoints.sqs }));
    const cognito = new CognitoIdentityProviderClient({ ...clientConfig, endpoint: endpoints.cognito });

    await ensureTable(dynamo, n.table, {
      dataDir,
      log,
      rebuild: unclean ? 'the last run did not stop cleanly (a kill can leave an index and its items apart)' : undefined,
    });
    writeFileSync(inUse, `${process.pid}\n`);
    opened = true;
    const queues = await ensureQueues(sqs, consumers, n.queue, n.deadLetterQueue);
    const pool = await ensureUserPool(cognito, n.userPool, n.userPoolClient);

    const bus = await startEventBus({
      busName: n.bus,
      region: REGION,
      consumers,
      queueUrls: Object.fromEntries(Object.entries(queues).map(([k, q]) => [k, q.url])),
      sqs,
    });
    stops.push(() => bus.stop());

    // The gateway listens now, so that its port — hence the runtime's own origin, which CORS
    // allows — is known before the handlers read their configuration; it answers 503 until ready.
    const gateway = await openGateway(options.port, options.host ?? DEFAULT_BIND_ADDRESS);
    stops.push(() => new Promise<void>((r) => {
      gateway.server.closeAllConnections();
      gateway.server.close(() => r());
    }));
    const url = runtimeUrl(options.host ?? DEFAULT_BIND_ADDRESS, gateway.port);
    const corsOrigins = [...new Set([url, `http://localhost:${gateway.port}`, `http://127.0.0.1:${gateway.port}`, ...extraOrigins])];
    // Spotify, when no Spotify app is configured (always so offline): the sandbox.
    const spotify = await startSpotifySandbox(dataDir);
    stops.push(() => spotify.close());

    Object.assign(
      process.env,
      functionEnvironment({
        endpoints: { ...endpoints, eventBridge: bus.endpoint },
        resources: { tableName: n.table, userPoolId: pool.userPoolId, clientId: pool.clientId, buckets, queues },
        issuerDomain: standIns.issuerDomain,
        dataDir,
        corsOrigins,
        url,
      }),
      { SPOTIFY_SANDBOX_URL: spotify.url },
    );

    // SNS deliveries to hooks: signed with this installation's own CA, trusted only locally.
    const sns = await startLocalSns(process.env.LOCAL_SECRETS_DIR!);
    stops.push(() => sns.stop());
    // The camera worker (the Fargate container's module) as a child process, on the same configuration.
    const cameraWorker = await startCameraWorker(options.root, process.env, log);
    stops.push(() => cameraWorker.stop());

    // Handlers are made only now (their config is parsed at module load, from the environment set
    // above) and each module is imported on its route's first request, as a Lambda initialises.
    const routes: NamedRoute[] = [...routeList];
    const fallback: NamedRoute = fallbackRoute;
    const socketInvokers = new Map<string, (event: SocketEvent) => Promise<SocketResult>>();
    for (const route of socketRoutes) {
      const fn = { name: n.function(route.name), timeoutSeconds: route.timeoutSeconds, memoryMb: route.memoryMb };
      socketInvokers.set(route.name, invokerOnFirstUse(options.root, route.handler, fn));
    }

    // Everything an invocation needs but the event is looked up and built once, here.
    const httpInvokers = new Map<NamedRoute, (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>>();
    for (const route of [...routes, fallback]) {
      const timeoutSeconds = Math.min(route.timeoutSeconds, options.httpTimeoutCapSeconds ?? Infinity);
      const fn = { name: n.function(route.name), timeoutSeconds, memoryMb: route.memoryMb };
      httpInvokers.set(route, invokerOnFirstUse(options.root, route.handler, fn));
    }
    const invokeHttp = (route: NamedRoute, event: APIGatewayProxyEventV2) => httpInvokers.get(route)!(event);

    // Queue consumers and scheduled functions run in their own thread (consumer-thread.ts), as
    // each is its own Lambda in the cloud: their work does not hold up the gateway's event loop.
    const consumerThread = await startConsumerThread(
      {
        root: options.root,
        stage: LOCAL_STAGE,
        region: REGION,
        sqsEndpoint: endpoints.sqs,
        queueUrls: Object.fromEntries(Object.entries(queues).map(([name, q]) => [name, q.url])),
        retryBaseMs: options.retryBaseMs ?? 1000,
      },
      log,
    );
    stops.push(() => consumerThread.stop());

    const runSchedule = async (name: string, scheduledTime = new Date()) => {
      const def = schedules[name];
      if (!def) throw new Error(`No schedule named ${name}`);
      if (isPerUser(def)) {
        // As EventBridge Scheduler does: one message to the per-user fan-out.
        const message: UserPageMessage = { job: def.perUser, scheduledTime: scheduledTime.toISOString() };
        await sqs.send(new SendMessageCommand({ QueueUrl: queues[USER_PAGES_QUEUE]!.url, MessageBody: JSON.stringify(message) }));
        return { queued: message };
      }
      return consumerThread.runSchedule(name, scheduledTime);
    };
    const scheduler = startScheduler(schedules, (name, at) => {
      runSchedule(name, at).then(
        (summary) => log(`[schedule] ${name}: ${JSON.stringify(summary)}`),
        (error: Error) => log(`[schedule] ${name} failed: ${error.message}`),
      );
    });
    stops.push(() => scheduler.stop());

    // Local log retention: day files older than LOCAL_TELEMETRY_DAYS go at start.
    pruneTelemetry(telemetryDir, LOCAL_TELEMETRY_DAYS);

    // dynalite has no TTL: sweep expired items, as DynamoDB's TTL process would (eventually).
    const sweep = setInterval(() => void sweepExpired(dynamo, n.table).catch(() => undefined), 10 * 60_000);
    sweep.unref();
    stops.push(() => clearInterval(sweep));

    const sockets = startSocketGateway({
      server: gateway.server,
      routes: socketRoutes,
      invoke: (route, event) => socketInvokers.get(route.name)!(event),
      idleMs: (options.socketIdleSeconds ?? CONNECTION_IDLE_SECONDS) * 1000,
      maxMs: (options.socketMaxSeconds ?? CONNECTION_MAX_SECONDS) * 1000,
      accessKeyId: localS3Credentials(dataDir).accessKeyId,
      log,
    });
    // Runs before the gateway closes (stops run in reverse): each connection's $disconnect still reaches the table.
    stops.push(() => sockets.close());

    // Set once the system project exists (the gateway answers before that).
    const watcher: { current?: ReturnType<typeof startSelfWatch> } = {};
    const webRoot = ['web/dist', 'web/public'].map((d) => join(options.root, d)).find((d) => existsSync(join(d, 'index.html')));
    const localSecret = randomBytes(24).toString('base64url');
    gateway.serve({
      routes,
      fallback,
      invoke: invokeHttp,
      callerLimits: options.callerLimits ?? CALLER_LIMITS,
      corsOrigins: corsOrigins.join(','),
      localSecret,
      trustProxy: options.trustProxy,
      files: { endpoint: endpoints.s3, buckets },
      cameraWorkerPort: cameraWorker.port,
      webRoot: webRoot ?? join(options.root, 'web/public'),
      connections: (req, path, body) => sockets.manage(req, path, body),
      onRequest: ({ method, path, status, ms }) => {
        log(`[api] ${method} ${path} → ${status} (${ms} ms)`);
        watcher.current?.answered(status);
      },
      metrics: async () => {
        const to = new Date();
        const from = new Date(to.getTime() - LOCAL_TELEMETRY_DAYS * 86_400_000);
        return prometheusText(await localMetricsSource(telemetryDir).query({ from, to, periodSeconds: 86_400 }));
      },
      local: async (req, path, body) => {
        const m = /^\/_local\/schedules\/([\w-]+)$/.exec(path);
        // Running a job changes data: POST only, and only a schedule of the table.
        if (m && req.method === 'POST' && schedules[m[1]!]) {
          // A body may name the scheduled time (a test running a schedule "as of" a later minute).
          const asked = body?.length ? (JSON.parse(body.toString('utf8')) as { scheduledTime?: string }).scheduledTime : undefined;
          const at = asked === undefined ? undefined : new Date(asked);
          if (at && Number.isNaN(at.getTime())) return { statusCode: 400, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"error":"scheduledTime is not a date"}') };
          const summary = await runSchedule(m[1]!, at);
          return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(summary ?? {})) };
        }
        if (path === '/_local/sns/envelope' && req.method === 'POST') {
          // A signed SNS envelope (tests and the self-watch alarms post it to a hook).
          const input = JSON.parse(body.toString('utf8') || '{}') as { type?: 'Notification' | 'SubscriptionConfirmation'; message: string; subject?: string; topicArn: string };
          return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(sns.envelope(input))) };
        }
        if (path === '/_local/sns/confirmed') {
          return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(Object.fromEntries(sns.confirmed))) };
        }
        if (path === '/_local/camera') {
          // The worker's running streams (ffmpeg pids, viewers): what the camera tests watch.
          const answer = await fetch(`http://127.0.0.1:${cameraWorker.port}/_status`);
          return { statusCode: answer.status, headers: { 'content-type': 'application/json' }, body: Buffer.from(await answer.arrayBuffer()) };
        }
        if (path === '/_local/queues') {
          // One snapshot of every queue (the stand-in reads them in one statement), in SQS's attribute names.
          const all = (await (await fetch(`${endpoints.sqs}/_local/depths`)).json()) as Record<string, { visible: number; inFlight: number }>;
          const attrs = (url: string) => {
            const d = all[url.slice(url.lastIndexOf('/') + 1)] ?? { visible: 0, inFlight: 0 };
            return { ApproximateNumberOfMessages: String(d.visible), ApproximateNumberOfMessagesNotVisible: String(d.inFlight) };
          };
          const depths = Object.fromEntries(Object.entries(queues).map(([name, q]) => [name, { queue: attrs(q.url), deadLetter: attrs(q.deadLetterUrl) }]));
          return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(depths)) };
        }
        return undefined;
      },
    });

    // Mosaic watches itself: its system project and the alarms, delivered as SNS would.
    const system = (await runSchedule('system-project')) as { hookId: string };
    const watch = startSelfWatch({
      hookUrl: `http://127.0.0.1:${gateway.port}/v1/hooks/${system.hookId}`,
      sns,
      sqs,
      deadLetterQueues: Object.fromEntries(Object.entries(queues).map(([name, q]) => [name, q.deadLetterUrl])),
      stage: LOCAL_STAGE,
      log,
    });
    watcher.current = watch;
    stops.push(() => watch.stop());

    return {
      url,
      port: gateway.port,
      localSecret,
      endpoints: { ...endpoints, eventBridge: bus.endpoint, spotify: spotify.url },
      resources: { tableName: n.table, userPoolId: pool.userPoolId, clientId: pool.clientId, buckets, queues },
      runSchedule: (name) => runSchedule(name),
      lost: standIns.lost,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function sweepExpired(dynamo: DynamoDBClient, table: string): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await dynamo.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: '#ttl < :now',
        ExpressionAttributeNames: { '#ttl': TABLE_KEYS.ttl },
        ExpressionAttributeValues: { ':now': { N: String(now) } },
        ProjectionExpression: 'pk, sk',
        ExclusiveStartKey: start,
      }),
    );
    const keys = out.Items ?? [];
    for (let i = 0; i < keys.length; i += 25) {
      await dynamo.send(
        new BatchWriteItemCommand({
          RequestItems: { [table]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) },
        }),
      );
    }
    start = out.LastEvaluatedKey;
  } while (start);
}
