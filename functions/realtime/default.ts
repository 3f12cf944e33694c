import { answerClientMessage } from '../../shared/realtime/realtime.ts';
import { socketHandler } from '../../shared/realtime/socket-handler.ts';

// The route returns its answer (a two-way route): no management call for a pong.
export const handler = socketHandler(async (event) => ({
  statusCode: 200,
  body: JSON.stringify(answerClientMessage(event.body, new Date())),
}));
