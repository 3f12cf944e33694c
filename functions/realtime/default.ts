import { answerClientMessage } from '../../shared/realtime/realtime.ts';
import type { SocketEvent, SocketResult } from '../../shared/realtime/socket-handler.ts';

// The route returns its answer (a two-way route): no management call for a pong. No socketHandler
// (and so no Powertools logger or metrics, 36 KB of a 37 KB bundle): its only work,
// answerClientMessage, cannot throw (a body that is not JSON is answered as an unknown message),
// and it logs nothing else; were it ever to fail, the Lambda runtime logs the error with its request id.
export const handler = (event: SocketEvent): Promise<SocketResult> =>
  Promise.resolve({ statusCode: 200, body: JSON.stringify(answerClientMessage(event.body, new Date())) });
