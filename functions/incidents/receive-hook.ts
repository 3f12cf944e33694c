import { receiveHookRoute } from '../../infra/routes/incidents.ts';
import { acceptDelivery, verifyDelivery, type VerifiedDelivery } from '../../shared/incidents/hooks.ts';
import { awsIngest } from '../../shared/incidents/ingest-deps.ts';
import { dynamoProjects } from '../../shared/incidents/project-repository.ts';
import { snsTrust } from '../../shared/incidents/sns-trust.ts';
import { accepted, httpHandler } from '../../shared/kit/http-handler.ts';
import { stageSecrets } from '../../shared/secrets/stage-box.ts';

export const handler = httpHandler<typeof receiveHookRoute, VerifiedDelivery>(
  receiveHookRoute,
  async (request) => accepted(
      await acceptDelivery(awsIngest, request.caller, { body: request.rawBody, headers: request.headers, params: request.params, query: {}, sourceIp: request.sourceIp, requestId: request.requestId }),
    ),
  (raw) => verifyDelivery({ projects: dynamoProjects, box: stageSecrets(), sns: snsTrust(), now: () => new Date() }, raw),
);
