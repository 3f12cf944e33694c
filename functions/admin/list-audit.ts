import { listAuditRoute } from '../../infra/routes/operations.ts';
import { dynamoAudit } from '../../shared/audit/audit-repository.ts';
import { auditTrailPage } from '../../shared/audit/audit-trail.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

export const handler = httpHandler(listAuditRoute, async ({ query: { limit, cursor, ...filter } }) =>
  ok(await auditTrailPage({ audit: dynamoAudit, profiles: dynamoProfiles }, filter, { limit, ...(cursor ? { cursor } : {}) })),
);
