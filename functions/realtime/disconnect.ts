import { dynamoRealtime } from '../../shared/realtime/connection-repository.ts';
import { closeConnection } from '../../shared/realtime/realtime.ts';
import { socketHandler } from '../../shared/realtime/socket-handler.ts';

export const handler = socketHandler(async (event) => {
  await closeConnection({ repo: dynamoRealtime, now: () => new Date() }, event.requestContext.connectionId);
  return { statusCode: 200 };
});
