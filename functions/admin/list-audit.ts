import { listAuditRoute } from '../../infra/routes/operations.ts';
import { dynamoAudit } from '../../shared/audit/audit-repository.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';

export const handler = httpHandler(listAuditRoute, async ({ query: { limit, cursor, ...filter } }) =>
  ok(await dynamoAudit.query(filter, { limit, ...(cursor ? { cursor } : {}) })),
);
