import { adminListeningSyncRoute } from '../../infra/routes/listening.ts';
import { sendMessages } from '../../shared/aws/sqs.ts';
import { queueUrl } from '../../shared/config.ts';
import { accepted, httpHandler } from '../../shared/kit/http-handler.ts';
import { triggerSync } from '../../shared/listening/spotify/admin.ts';
import { dynamoConnections } from '../../shared/listening/spotify/connection-repository.ts';

export const handler = httpHandler(adminListeningSyncRoute, async ({ params }) =>
  accepted(await triggerSync({ connections: dynamoConnections, enqueue: (m) => sendMessages(queueUrl(m.job), [m]), now: () => new Date() }, params.userId)),
);
