import { createRealtimeTicketRoute } from '../../infra/routes/realtime.ts';
import { config } from '../../shared/config.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';
import { dynamoRealtime } from '../../shared/realtime/connection-repository.ts';
import { issueTicket } from '../../shared/realtime/realtime.ts';

export const handler = httpHandler(createRealtimeTicketRoute, async ({ user }) =>
  created(await issueTicket({ repo: dynamoRealtime, now: () => new Date() }, user.id, config.REALTIME_URL!)),
);
