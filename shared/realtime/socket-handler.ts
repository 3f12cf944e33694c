import type { Context } from 'aws-lambda';
import { logger } from '../kit/observability.ts';

/** What API Gateway hands a WebSocket route's function (the fields Mosaic reads). */
export interface SocketEvent {
  requestContext: { routeKey: string; connectionId: string; eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT'; requestId?: string };
  /** `$connect` only: the upgrade request's headers. */
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
}

/** A route's answer: on `$connect` a non-2xx refuses the connection; a body on `$default` is sent back. */
export interface SocketResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Header names arrive in any case; API Gateway keeps the client's. */
export function header(event: SocketEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/** Wraps a WebSocket route's function: connection id in every log line, a failure logged and answered 500. */
export function socketHandler(fn: (event: SocketEvent) => Promise<SocketResult>) {
  return async (event: SocketEvent, context: Context): Promise<SocketResult> => {
    logger.addContext(context);
    logger.appendKeys({ connectionId: event.requestContext.connectionId, routeKey: event.requestContext.routeKey });
    try {
      return await fn(event);
    } catch (error) {
      logger.error('WebSocket route failed', error as Error);
      return { statusCode: 500 };
    } finally {
      logger.resetKeys();
    }
  };
}
