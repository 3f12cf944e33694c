/**
 * The real-time protocol (docs/realtime.md), declared once: the web app, the handlers, the local
 * runtime and the tests import these names and numbers.
 */

/** The subprotocol a client offers and the server echoes (API Gateway requires the echo). */
export const REALTIME_PROTOCOL = 'mosaic.v1';

/** A ticket travels as a second offered subprotocol `ticket.<ticket>` (never in the URL). */
export const TICKET_PROTOCOL_PREFIX = 'ticket.';

/** How long a ticket may wait before it is redeemed (single use). */
export const TICKET_TTL_SECONDS = 60;

/** API Gateway closes a WebSocket after 2 hours whatever happens: connections live as long. */
export const CONNECTION_MAX_SECONDS = 2 * 3600;

/** API Gateway closes a WebSocket idle for 10 minutes; clients ping well within it. */
export const CONNECTION_IDLE_SECONDS = 10 * 60;

/** How often the web app pings (a quarter of the idle limit). */
export const PING_INTERVAL_SECONDS = 150;

/**
 * API Gateway's largest WebSocket message is 128 KB; a message that would not fit is sent as a
 * `refresh` hint instead (the client re-reads the resource over HTTP).
 */
export const MAX_MESSAGE_BYTES = 128 * 1024;

/** What a pushed message says happened; the client decides what to re-read. */
export interface EventMessage {
  type: 'event';
  /** The bus event's id: a client can drop a repeat delivery. */
  id: string;
  /** The domain event type (`entry.logged`, …): see docs/events.md for which a client receives. */
  event: string;
  /** When the event happened (ISO 8601). */
  at: string;
  /** The event's detail, without the user id (the connection is the user's). */
  data: Record<string, unknown>;
}

/** A message too large to push: re-read what it names. */
export interface RefreshMessage {
  type: 'refresh';
  id: string;
  event: string;
  at: string;
  /** The ids of the detail (activityId, goalId, importId, date…), to know what to re-read. */
  data: Record<string, string>;
}

/** The answer to a client's `{"type":"ping"}`. */
export interface PongMessage {
  type: 'pong';
  at: string;
}

/** A client message the server did not understand. */
export interface ErrorMessage {
  type: 'error';
  code: 'unknown_message';
  message: string;
}

export type ServerMessage = EventMessage | RefreshMessage | PongMessage | ErrorMessage;

/** The tickets route's answer (see shared/realtime/responses.ts for its documented schema). */
export interface RealtimeTicket {
  ticket: string;
  /** The WebSocket URL to open. */
  url: string;
  /** The subprotocols to offer, in order: `mosaic.v1` and `ticket.<ticket>`. */
  protocols: string[];
  expiresAt: string;
}
