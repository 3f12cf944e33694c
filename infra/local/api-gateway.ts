import { timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { basename, extname, join, normalize, resolve } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CORS_POLICY, allowedOrigin, corsHeaders } from '../../shared/kit/cors.ts';
import { createRouter } from '../../shared/contract/route-matching.ts';
import { FILES_PATH } from '../../shared/contract/buckets.ts';
import { API_HEADERS, FILE_HEADERS, SECURITY_HEADERS } from '../security-headers.ts';
import type { HttpRoute } from '../routes/types.ts';
import { fromHttpApiResult, newRequestId, splitTarget, toHttpApiEvent, type OutgoingHttpResponse } from './api-event.ts';
import { CallerQueueFullError, callerOf, createFairQueue, type CallerLimits } from './fair-queue.ts';

/** API Gateway HTTP API's payload limit. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

export type HttpInvoker = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** A route of the table (it carries its name). */
export type NamedRoute = HttpRoute;

/** The header a caller of `/_local/*` sends the runtime's per-start secret in. */
export const LOCAL_SECRET_HEADER = 'x-mosaic-local-secret';

export interface GatewayOptions {
  routes: NamedRoute[];
  invoke: (route: NamedRoute, event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  fallback: NamedRoute;
  /** Comma-separated origins CORS allows (exact matches). */
  corsOrigins: string;
  /** Folder of the built web app, served at `/` with index.html as the SPA fallback. */
  webRoot: string;
  /**
   * Local-only endpoints under `/_local/`: answered only to a loopback caller that was not
   * forwarded by a proxy and sends the per-start `localSecret` in `x-mosaic-local-secret`;
   * anyone else gets 404.
   */
  local?: (req: IncomingMessage, path: string, body: Buffer) => Promise<OutgoingHttpResponse | undefined>;
  localSecret: string;
  /**
   * `GET /metrics` in Prometheus text format, for a scraper on this machine (loopback, not
   * relayed by a proxy; no secret, as scrapers are configured with a URL).
   */
  metrics?: () => Promise<string>;
  /**
   * The local S3 and each bucket's name there: `/_files/<bucket>/<key>?<presigned query>` is
   * passed to it as `/<bucket name>/<key>?…` with its own Host, which is what the presigned URL
   * was signed for, so browsers reach files on the app's own origin (as behind CloudFront).
   */
  files?: { endpoint: string; buckets: Readonly<Record<string, string>> };
  /**
   * Behind a reverse proxy on the same machine every request arrives from loopback: take the
   * client address from the last `X-Forwarded-For` entry (the one the proxy added) instead.
   */
  trustProxy?: boolean;
  onRequest?: (line: { method: string; path: string; status: number; ms: number }) => void;
  /** The camera worker's port: `/camera/…` is passed to it (as the load balancer does in the cloud). */
  cameraWorkerPort?: number;
  /** Per-caller bounds on running and waiting function invocations (fair-queue.ts). */
  callerLimits?: CallerLimits;
  /** The WebSocket API's management endpoint (`/@connections/{id}`), answered before routing. */
  connections?: (req: IncomingMessage, path: string, body: Buffer) => Promise<OutgoingHttpResponse | undefined>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/** Files a browser must revalidate on every load: the page, and the service worker that caches it. */
const NO_CACHE = new Set(['index.html', 'sw.js', 'sw-push.js', 'manifest.webmanifest', 'config.json']);

/** An answer of the gateway itself, in the project's one error shape. */
function gatewayError(
  status: number,
  code: string,
  message: string,
  extra: { details?: unknown; headers?: Record<string, string> } = {},
): OutgoingHttpResponse {
  const details = extra.details === undefined ? {} : { details: extra.details };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json', ...extra.headers },
    body: Buffer.from(JSON.stringify({ error: { code, message, ...details, requestId: newRequestId() } })),
  };
}

const EMPTY = Buffer.alloc(0);

/** The request body, or `too-large` past API Gateway's limit. Requests without one are not read. */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> | Buffer {
  const declared = req.headers['content-length'];
  if (declared === undefined && req.headers['transfer-encoding'] === undefined) return EMPTY;
  if (Number(declared ?? 0) > GATEWAY_MAX_BODY_BYTES) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > GATEWAY_MAX_BODY_BYTES) {
        req.off('data', onData);
        req.resume();
        resolve('too-large');
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function send(res: ServerResponse, response: OutgoingHttpResponse, extraHeaders?: Record<string, string>) {
  const headers: Record<string, string | string[] | number> = { ...response.headers, ...extraHeaders };
  const { body } = response;
  // A known length, so keep-alive clients get a plain body rather than chunked encoding.
  headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  res.writeHead(response.statusCode, headers);
  // A small body as a string (bytes as latin1, byte for byte the same), as a bare server answers:
  // Node joins it to the head in one chunk instead of queueing the body as a buffer of its own.
  if (typeof body === 'string') res.end(body, 'utf8');
  else if (body.length <= SMALL_BODY_BYTES) res.end(body.toString('latin1'), 'latin1');
  else res.end(body);
}

const SMALL_BODY_BYTES = 16 * 1024;

function isLoopback(address: string | undefined): boolean {
  return !!address && (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'));
}

function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A `/_local/` caller: on this machine, not relayed by a proxy, holding this start's secret. */
export function isLocalOperator(req: IncomingMessage, secret: string): boolean {
  const relayed = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  return isLoopback(req.socket.remoteAddress) && !relayed && sameSecret(req.headers[LOCAL_SECRET_HEADER], secret);
}

/** The client's address: the socket's, or behind a trusted proxy the one the proxy appended. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const socket = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  if (!trustProxy || !isLoopback(req.socket.remoteAddress)) return socket;
  const forwarded = req.headers['x-forwarded-for'];
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
  return last ? last.replace(/^::ffff:/, '') : socket;
}

/** Hop-by-hop headers, which a proxy does not pass on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/**
 * The local API Gateway: serves the route table on one port, turning each request into a real
 * HTTP API (payload 2.0) event for the route's handler; unmatched requests go to the fallback
 * route, as `$default` does in the cloud. Preflights are answered from the CORS policy, as the
 * HTTP API's CORS configuration does. `/_files/…` is the local S3 (as CloudFront's files
 * behaviours are), `/_local/…` the operator's endpoints, and everything else is the web app,
 * sent with the security headers of infra/security-headers.ts.
 *
 * It listens first (answering 503 until `serve` is called) so that the runtime knows its port,
 * hence its own origin, before the handlers load their configuration.
 */
export async function openGateway(port: number, host: string): Promise<{ server: Server; port: number; serve(options: GatewayOptions): void }> {
  let handler = (_req: IncomingMessage, res: ServerResponse) => {
    send(res, gatewayError(503, 'service_unavailable', 'Mosaic is starting.'), { 'retry-after': '1' });
  };
  const server = createServer((req, res) => handler(req, res));
  // Keep-alive clients (browsers, load generators) reuse connections across pauses.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  return {
    server,
    port: (server.address() as { port: number }).port,
    serve(options) {
      const handle = gatewayHandler(options);
      handler = (req, res) => void handle(req, res, Date.now());
    },
  };
}

function gatewayHandler(options: GatewayOptions) {
  const router = createRouter(options.routes);
  const webRoot = resolve(options.webRoot);
  const lanes = createFairQueue(options.callerLimits);
  const routeKeys = new Map(options.routes.map((r) => [r, `${r.method} ${r.path}`]));

  const serveStatic = (res: ServerResponse, path: string, head: boolean): boolean => {
    let file = normalize(join(webRoot, decodeURIComponent(path)));
    if (!file.startsWith(webRoot)) return false;
    if (!existsSync(file) || statSync(file).isDirectory()) {
      // As CloudFront's SPA_ROUTES: only a path without a file extension is a page of the app; a
      // missing file is not found (a service worker's importScripts must fail, not get HTML).
      if (extname(path) !== '') return false;
      file = join(webRoot, 'index.html');
    }
    if (!existsSync(file)) return false;
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    const cache = NO_CACHE.has(basename(file)) ? 'no-cache' : 'public, max-age=3600';
    res.writeHead(200, { 'content-type': type, 'cache-control': cache, ...SECURITY_HEADERS });
    if (head) res.end();
    else createReadStream(file).pipe(res);
    return true;
  };

  /** `/_files/<bucket>/<rest>` → the local S3's `/<bucket name>/<rest>`, streamed both ways. */
  const serveFile = (req: IncomingMessage, res: ServerResponse, target: string): number | undefined => {
    const m = /^\/_files\/([a-z0-9-]+)(?=[/?]|$)/.exec(target);
    const bucket = m && options.files ? options.files.buckets[m[1]!] : undefined;
    if (!m || !bucket || !options.files) return undefined;
    const upstream = new URL(options.files.endpoint);
    const rest = target.slice(m[0].length);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    headers.host = upstream.host;
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: `/${bucket}${rest.startsWith('/') || rest === '' ? rest : `/${rest}`}`, headers },
      (answer) => {
        const out: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
        res.writeHead(answer.statusCode ?? 502, { ...out, ...FILE_HEADERS });
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) send(res, gatewayError(502, 'bad_gateway', 'The file store did not answer.'));
      else res.destroy();
    });
    req.pipe(forward);
    return 0;
  };

  /** `/camera/…` → the camera worker, streamed (an MJPEG stream lasts as long as it is watched). */
  const serveCamera = (req: IncomingMessage, res: ServerResponse, target: string, done: (status: number) => void) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    const forward = httpRequest({ host: '127.0.0.1', port: options.cameraWorkerPort, method: req.method, path: target, headers }, (answer) => {
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
      res.writeHead(answer.statusCode ?? 502, out);
      // Logged when the answer starts: a stream's request ends only when its viewer leaves.
      done(answer.statusCode ?? 502);
      answer.pipe(res);
    });
    forward.on('error', () => {
      if (!res.headersSent) {
        send(res, gatewayError(502, 'bad_gateway', 'The camera worker did not answer.'));
        done(502);
      } else res.destroy();
    });
    // The viewer left: end the request to the worker, which then drops the viewer.
    res.once('close', () => forward.destroy());
    req.pipe(forward);
  };

  return async (req: IncomingMessage, res: ServerResponse, started: number): Promise<void> => {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const { path } = splitTarget(target);
    const done = (status: number) => options.onRequest?.({ method, path, status, ms: Date.now() - started });
    try {
      if (path.startsWith('/camera/') && options.cameraWorkerPort) return serveCamera(req, res, target, done);
      if (path.startsWith(`${FILES_PATH}/`)) {
        if (serveFile(req, res, target) !== undefined) {
          res.once('finish', () => done(res.statusCode));
          return;
        }
      }
      // CORS preflight, answered by the gateway itself.
      if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
        const origin = allowedOrigin(options.corsOrigins, req.headers.origin);
        res.writeHead(204, {
          ...(origin ? { 'access-control-allow-origin': origin, vary: 'origin' } : {}),
          'access-control-allow-methods': CORS_POLICY.allowMethods.join(', '),
          'access-control-allow-headers': CORS_POLICY.allowHeaders.join(', '),
          'access-control-max-age': String(CORS_POLICY.maxAgeSeconds),
        });
        res.end();
        return done(204);
      }
      const read = readBody(req);
      const body = Buffer.isBuffer(read) ? read : await read;
      if (body === 'too-large') {
        send(res, gatewayError(413, 'payload_too_large', `The request body is larger than ${GATEWAY_MAX_BODY_BYTES} bytes.`), {
          connection: 'close',
        });
        return done(413);
      }
      if (options.connections && /^\/(@|%40)connections\//.test(path)) {
        const out = (await options.connections(req, path, body)) ?? gatewayError(404, 'not_found', `${method} ${path} was not found.`);
        send(res, out);
        return done(out.statusCode);
      }
      if (path === '/metrics' && method === 'GET' && options.metrics) {
        const relayed = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
        const out: OutgoingHttpResponse =
          isLoopback(req.socket.remoteAddress) && !relayed
            ? { statusCode: 200, headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }, body: Buffer.from(await options.metrics()) }
            : gatewayError(404, 'not_found', `${method} ${path} was not found.`);
        send(res, out);
        return done(out.statusCode);
      }
      if (path.startsWith('/_local/')) {
        const response = isLocalOperator(req, options.localSecret) ? await options.local?.(req, path, body) : undefined;
        const out = response ?? gatewayError(404, 'not_found', `${method} ${path} was not found.`);
        send(res, out);
        return done(out.statusCode);
      }
      const isApi = path === '/v1' || path.startsWith('/v1/');
      if (!isApi && (method === 'GET' || method === 'HEAD') && serveStatic(res, path, method === 'HEAD')) {
        return done(200);
      }
      const match = router(method, path);
      const route = match.kind === 'found' ? match.route : options.fallback;
      const sourceIp = clientAddress(req, options.trustProxy ?? false);
      const event = toHttpApiEvent(
        { method, url: target, headers: req.rawHeaders, body, sourceIp, host: req.headers.host ?? 'localhost' },
        match.kind === 'found' ? routeKeys.get(route)! : '$default',
        match.kind === 'found' ? match.params : undefined,
        new Date(started),
      );
      let result: OutgoingHttpResponse;
      try {
        result = fromHttpApiResult(await lanes.run(callerOf(req.headers.authorization, sourceIp), () => options.invoke(route, event)));
      } catch (error) {
        if (!(error instanceof CallerQueueFullError)) throw error;
        const retryAfter = String(error.retryAfterSeconds);
        result = gatewayError(429, 'too_many_requests', error.message, {
          details: { retryAfterSeconds: error.retryAfterSeconds },
          headers: { 'retry-after': retryAfter, ...corsHeaders(options.corsOrigins, req.headers.origin) },
        });
      }
      send(res, result, { ...API_HEADERS, 'apigw-requestid': event.requestContext.requestId });
      done(result.statusCode);
    } catch (error) {
      const status = (error as Error).name === 'LambdaTimeoutError' ? 503 : 500;
      const headers = corsHeaders(options.corsOrigins, req.headers.origin);
      send(res, gatewayError(status, status === 503 ? 'service_unavailable' : 'internal', (error as Error).message, { headers }));
      done(status);
    }
  };
}
