import { testConnectionRoute } from '../../infra/routes/incidents.ts';
import { awsCloudWatch } from '../../shared/incidents/cloudwatch-aws.ts';
import { connectionDeps } from '../../shared/incidents/connection-deps.ts';
import { testConnection } from '../../shared/incidents/connections.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(testConnectionRoute, async ({ params, user }) =>
  ok(await testConnection({ ...connectionDeps(), cloudwatch: awsCloudWatch }, params.projectId, user.id, params.connectionId)),
);
