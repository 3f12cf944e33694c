import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from '../../shared/realtime/protocol.ts';
import type { SocketEvent, SocketResult } from '../../shared/realtime/socket-handler.ts';
import type { SocketRoute } from '../routes/types.ts';
import { newRequestId, splitTarget, type OutgoingHttpResponse } from './api-event.ts';

/** Where the local runtime serves the WebSocket API (the cloud's stage is `/live` on its own host). */
export const LOCAL_SOCKET_PATH = '/ws';

export interface SocketGatewayOptions {
  server: Server;
  routes: readonly SocketRoute[];
  invoke: (route: SocketRoute, event: SocketEvent) => Promise<SocketResult>;
  /** API Gateway's limits: 10 min idle, 2 h in all (shorter in tests). */
  idleMs: number;
  maxMs: number;
  /** The access key id the management client signs with (its signature is not checked locally). */
  accessKeyId: string;
  log?: (line: string) => void;
}

export interface SocketGateway {
  /** Answers `/@connections/{id}` (POST send, GET info, DELETE close), as API Gateway's management API. */
  manage(req: IncomingMessage, path: string, body: Buffer): Promise<OutgoingHttpResponse | undefined>;
  /** Open connections now. */
  readonly size: number;
  /** Closes every connection (each gets its `$disconnect`). */
  close(): Promise<void>;
}

interface Live {
  socket: WebSocket;
  connectedAt: string;
  lastActiveAt: string;
  sourceIp: string;
  userAgent: string;
  idle?: NodeJS.Timeout;
  max?: NodeJS.Timeout;
}

/** API Gateway's connection ids: 12 random bytes in base64, ending in `=`. */
const newConnectionId = () => randomBytes(11).toString('base64').replace(/\//g, '_').replace(/\+/g, '-');

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): OutgoingHttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(JSON.stringify(body)),
});

/** An error as the management API's restJson protocol spells it (the SDK reads x-amzn-errortype). */
const awsError = (statusCode: number, type: string, message: string) =>
  json(statusCode, { message }, { 'x-amzn-errortype': type });

/**
 * The local WebSocket API: the gateway's HTTP server upgrades `GET /ws` with the `ws` package after
 * the `$connect` function accepted it (echoing the subprotocol it returned), hands each text
 * message to `$default` (sending back the answer of a two-way route), calls `$disconnect` whenever
 * a connection ends, and closes connections idle for `idleMs` or open for `maxMs` (code 1001, as
 * API Gateway does). `/@connections/{id}` is the management API the real SDK client talks to.
 */
export function startSocketGateway(options: SocketGatewayOptions): SocketGateway {
  const byKey = new Map(options.routes.map((r) => [r.routeKey, r]));
  const connections = new Map<string, Live>();
  const chosen = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // The subprotocol is the one `$connect` returned (API Gateway passes the function's header on).
    handleProtocols: (_offered, req) => chosen.get(req) ?? false,
  });
  const log = options.log ?? (() => undefined);

  const baseContext = (connectionId: string, routeKey: string, eventType: SocketEvent['requestContext']['eventType']) => ({
    routeKey,
    eventType,
    connectionId,
    requestId: newRequestId(),
    stage: 'local',
    requestTimeEpoch: Date.now(),
  });

  const invoke = async (routeKey: string, event: SocketEvent): Promise<SocketResult | undefined> => {
    const route = byKey.get(routeKey as SocketRoute['routeKey']);
    if (!route) return undefined;
    try {
      return await options.invoke(route, event);
    } catch (error) {
      log(`[ws] ${routeKey} failed: ${(error as Error).message}`);
      return { statusCode: 500 };
    }
  };

  const touch = (connectionId: string) => {
    const live = connections.get(connectionId);
    if (!live) return;
    live.lastActiveAt = new Date().toISOString();
    clearTimeout(live.idle);
    live.idle = setTimeout(() => live.socket.close(1001, 'Going away: idle'), options.idleMs);
  };

  const refuse = (socket: Duplex, status: number) => {
    socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { path } = splitTarget(req.url ?? '/');
    if (path !== LOCAL_SOCKET_PATH) return refuse(socket, 404);
    const connectionId = newConnectionId();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
    const event: SocketEvent = { requestContext: baseContext(connectionId, '$connect', 'CONNECT'), headers, isBase64Encoded: false };
    void (async () => {
      const result = await invoke('$connect', event);
      if (!result || result.statusCode < 200 || result.statusCode > 299) return refuse(socket, result?.statusCode ?? 403);
      const protocol = Object.entries(result.headers ?? {}).find(([k]) => k.toLowerCase() === 'sec-websocket-protocol')?.[1];
      if (protocol) chosen.set(req, protocol);
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, connectionId, req));
    })();
  };

  const accept = (socket: WebSocket, connectionId: string, req: IncomingMessage) => {
    const now = new Date().toISOString();
    const live: Live = {
      socket,
      connectedAt: now,
      lastActiveAt: now,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      userAgent: req.headers['user-agent'] ?? '',
    };
    connections.set(connectionId, live);
    live.max = setTimeout(() => socket.close(1001, 'Going away: connection duration exceeded'), options.maxMs);
    touch(connectionId);
    socket.on('message', (data, isBinary) => {
      touch(connectionId);
      const body = isBinary ? Buffer.from(data as Buffer).toString('base64') : (data as Buffer).toString('utf8');
      // Route selection `$request.body.action`: a declared route key, else `$default`.
      let action: unknown;
      try {
        action = (JSON.parse(body) as { action?: unknown } | null)?.action;
      } catch {
        action = undefined;
      }
      const routeKey = typeof action === 'string' && byKey.has(action as SocketRoute['routeKey']) && !action.startsWith('$') ? action : '$default';
      const route = byKey.get(routeKey as SocketRoute['routeKey']);
      const event: SocketEvent = { requestContext: baseContext(connectionId, routeKey, 'MESSAGE'), body, isBase64Encoded: isBinary };
      void invoke(routeKey, event).then((result) => {
        if (route?.returnsResponse && result?.body !== undefined && socket.readyState === WebSocket.OPEN) socket.send(result.body);
      });
    });
    socket.on('close', () => {
      clearTimeout(live.idle);
      clearTimeout(live.max);
      connections.delete(connectionId);
      void invoke('$disconnect', { requestContext: baseContext(connectionId, '$disconnect', 'DISCONNECT') });
    });
    socket.on('error', () => socket.terminate());
  };

  options.server.on('upgrade', onUpgrade);

  return {
    get size() {
      return connections.size;
    },

    async manage(req, path, body) {
      const m = /^\/(?:@|%40)connections\/([^/]+)$/.exec(path);
      if (!m) return undefined;
      // Only this machine's functions call it, signed with the installation's key (not re-verified here).
      const credential = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
      if (credential !== options.accessKeyId) return awsError(403, 'ForbiddenException', 'Missing or unknown credentials.');
      const connectionId = decodeURIComponent(m[1]!);
      const live = connections.get(connectionId);
      if (!live || live.socket.readyState !== WebSocket.OPEN) return awsError(410, 'GoneException', `Connection ${connectionId} is gone.`);
      switch (req.method) {
        case 'POST':
          if (body.length > MAX_MESSAGE_BYTES) return awsError(413, 'PayloadTooLargeException', 'Message too long.');
          live.socket.send(body.toString('utf8'));
          touch(connectionId);
          return { statusCode: 200, headers: {}, body: Buffer.alloc(0) };
        case 'GET':
          return json(200, {
            connectedAt: live.connectedAt,
            lastActiveAt: live.lastActiveAt,
            identity: { sourceIp: live.sourceIp, userAgent: live.userAgent },
          });
        case 'DELETE':
          live.socket.close(1000);
          return { statusCode: 204, headers: {}, body: Buffer.alloc(0) };
        default:
          return awsError(405, 'BadRequestException', `${req.method} is not supported.`);
      }
    },

    async close() {
      options.server.off('upgrade', onUpgrade);
      const closing = [...connections.values()].map(
        (live) => new Promise<void>((r) => {
          live.socket.once('close', () => r());
          live.socket.close(1001, 'Going away: server stopping');
          setTimeout(() => {
            live.socket.terminate();
            r();
          }, 1000).unref();
        }),
      );
      await Promise.all(closing);
      wss.close();
    },
  };
}
