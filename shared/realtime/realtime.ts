import { createHash, randomBytes } from 'node:crypto';
import {
  CONNECTION_MAX_SECONDS,
  MAX_MESSAGE_BYTES,
  REALTIME_PROTOCOL,
  TICKET_PROTOCOL_PREFIX,
  TICKET_TTL_SECONDS,
  type RealtimeTicket,
  type ServerMessage,
} from './protocol.ts';

/** One open WebSocket of a user. */
export interface Connection {
  connectionId: string;
  userId: string;
  connectedAt: string;
  /** Epoch seconds after which API Gateway has closed it for sure (its 2-hour maximum). */
  expiresAt: number;
}

/** Where tickets and connections are kept (connection-repository.ts; a map in unit tests). */
export interface RealtimeRepository {
  putTicket(digest: string, userId: string, expiresAt: number): Promise<void>;
  /** Deletes the ticket and returns what it held: a second redemption gets nothing. */
  takeTicket(digest: string): Promise<{ userId: string; expiresAt: number } | undefined>;
  putConnection(connection: Connection): Promise<void>;
  /** The user of a connection (by its id alone: `$disconnect` knows nothing else). */
  connectionUser(connectionId: string): Promise<string | undefined>;
  /** The user's connections that have not expired. */
  connectionsOf(userId: string, nowSeconds: number): Promise<Connection[]>;
  deleteConnection(userId: string, connectionId: string): Promise<void>;
}

/** Sends a message to one connection (API Gateway's PostToConnection); `gone` when it is closed. */
export interface ConnectionSender {
  post(connectionId: string, data: string): Promise<'sent' | 'gone'>;
}

export interface RealtimeDeps {
  repo: RealtimeRepository;
  now: () => Date;
}

const digest = (ticket: string) => createHash('sha256').update(ticket).digest('hex');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * Issues a short-lived single-use ticket for the signed-in user. Only its digest is stored, so
 * the table never holds a usable ticket. The client offers it as a subprotocol, never in the URL.
 */
export async function issueTicket(deps: RealtimeDeps, userId: string, url: string): Promise<RealtimeTicket> {
  const ticket = randomBytes(24).toString('base64url');
  const expiresAt = seconds(deps.now()) + TICKET_TTL_SECONDS;
  await deps.repo.putTicket(digest(ticket), userId, expiresAt);
  return {
    ticket,
    url,
    protocols: [REALTIME_PROTOCOL, `${TICKET_PROTOCOL_PREFIX}${ticket}`],
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  };
}

/** The offered subprotocols of a `Sec-WebSocket-Protocol` header (comma-separated). */
export function offeredProtocols(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Why a connection was refused (logged; the client sees only the refusal). */
export type Refusal = 'protocol' | 'no-ticket' | 'unknown-ticket' | 'expired-ticket';

/**
 * `$connect`: redeems the ticket offered in `Sec-WebSocket-Protocol` (once: it is deleted as it
 * is read) and records the connection for the 2-hour maximum. Returns the subprotocol to echo.
 */
export async function openConnection(
  deps: RealtimeDeps,
  connectionId: string,
  protocolHeader: string | undefined,
): Promise<{ ok: true; protocol: string; userId: string } | { ok: false; reason: Refusal }> {
  const offered = offeredProtocols(protocolHeader);
  if (!offered.includes(REALTIME_PROTOCOL)) return { ok: false, reason: 'protocol' };
  const ticket = offered.find((p) => p.startsWith(TICKET_PROTOCOL_PREFIX))?.slice(TICKET_PROTOCOL_PREFIX.length);
  if (!ticket) return { ok: false, reason: 'no-ticket' };
  const held = await deps.repo.takeTicket(digest(ticket));
  if (!held) return { ok: false, reason: 'unknown-ticket' };
  const now = deps.now();
  // The table's TTL deletes late; the expiry is checked here (and dynalite has no TTL at all).
  if (held.expiresAt < seconds(now)) return { ok: false, reason: 'expired-ticket' };
  await deps.repo.putConnection({
    connectionId,
    userId: held.userId,
    connectedAt: now.toISOString(),
    expiresAt: seconds(now) + CONNECTION_MAX_SECONDS,
  });
  return { ok: true, protocol: REALTIME_PROTOCOL, userId: held.userId };
}

/** `$disconnect`: forgets the connection (nothing to do when it was never recorded). */
export async function closeConnection(deps: RealtimeDeps, connectionId: string): Promise<void> {
  const userId = await deps.repo.connectionUser(connectionId);
  if (userId) await deps.repo.deleteConnection(userId, connectionId);
}

/** `$default`: what the server answers a client's message (a ping; anything else is an error). */
export function answerClientMessage(body: string | undefined, now: Date): ServerMessage {
  let type: unknown;
  try {
    type = (JSON.parse(body ?? '') as { type?: unknown } | null)?.type;
  } catch {
    type = undefined;
  }
  if (type === 'ping') return { type: 'pong', at: now.toISOString() };
  return { type: 'error', code: 'unknown_message', message: 'Clients send only {"type":"ping"}; events are pushed.' };
}

/** A bus event as the push consumer receives it. */
export interface PushedEvent {
  id: string;
  time: string;
  type: string;
  detail: { userId: string } & Record<string, unknown>;
}

/**
 * The message for an event: the detail without the user id, or — when that would exceed API
 * Gateway's 128 KB — a `refresh` hint naming only the detail's ids (strings), so the client
 * re-reads the resource over HTTP.
 */
export function messageFor(event: PushedEvent): string {
  const { userId: _own, occurredAt, ...data } = event.detail;
  const at = typeof occurredAt === 'string' ? occurredAt : event.time;
  const full = JSON.stringify({ type: 'event', id: event.id, event: event.type, at, data } satisfies ServerMessage);
  if (Buffer.byteLength(full) < MAX_MESSAGE_BYTES) return full;
  const ids = Object.fromEntries(
    Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length <= 200),
  );
  return JSON.stringify({ type: 'refresh', id: event.id, event: event.type, at, data: ids } satisfies ServerMessage);
}

/**
 * The push consumer's work for one event: sends it to each open connection of its user and
 * forgets every connection that answers Gone. Another user's connections are never read: the
 * query is by the event's own user.
 */
/**
 * The repository for one consumer batch: a user's connections are read once per batch (a burst
 * of notifications to the same people), and a connection found gone leaves the remembered list.
 */
export function batchConnections(repo: RealtimeRepository): RealtimeRepository {
  const seen = new Map<string, Promise<Connection[]>>();
  return {
    ...repo,
    connectionsOf(userId, nowSeconds) {
      let value = seen.get(userId);
      if (!value) seen.set(userId, (value = repo.connectionsOf(userId, nowSeconds)));
      return value;
    },
    async deleteConnection(userId, connectionId) {
      await repo.deleteConnection(userId, connectionId);
      const value = seen.get(userId);
      if (value) seen.set(userId, value.then((list) => list.filter((c) => c.connectionId !== connectionId)));
    },
  };
}

export async function pushEvent(
  deps: RealtimeDeps & { sender: ConnectionSender },
  event: PushedEvent,
): Promise<{ sent: number; gone: number }> {
  const connections = await deps.repo.connectionsOf(event.detail.userId, seconds(deps.now()));
  if (connections.length === 0) return { sent: 0, gone: 0 };
  const data = messageFor(event);
  let sent = 0;
  let gone = 0;
  await Promise.all(
    connections.map(async (c) => {
      if ((await deps.sender.post(c.connectionId, data)) === 'sent') sent++;
      else {
        gone++;
        await deps.repo.deleteConnection(c.userId, c.connectionId);
      }
    }),
  );
  return { sent, gone };
}
