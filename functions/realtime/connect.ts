import { dynamoRealtime } from '../../shared/realtime/connection-repository.ts';
import { openConnection } from '../../shared/realtime/realtime.ts';
import { header, socketHandler } from '../../shared/realtime/socket-handler.ts';
import { logger } from '../../shared/kit/observability.ts';

export const handler = socketHandler(async (event) => {
  const deps = { repo: dynamoRealtime, now: () => new Date() };
  const result = await openConnection(deps, event.requestContext.connectionId, header(event, 'sec-websocket-protocol'));
  if (!result.ok) {
    logger.warn('WebSocket refused', { reason: result.reason });
    return { statusCode: 401 };
  }
  return { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': result.protocol } };
});
