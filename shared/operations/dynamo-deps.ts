import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoAudit } from '../audit/audit-repository.ts';
import { audit } from '../audit/audit-writer.ts';
import { cognitoIdentity } from '../auth/cognito-identity.ts';
import { dynamoSessions } from '../auth/session-repository.ts';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { userItemsQuery } from '../db/keys.ts';
import type { EventPublisher } from '../events/domain-events.ts';
import { dynamoProfiles } from '../users/profile-repository.ts';
import { AREA_COUNTS } from './areas.ts';
import type { AdminUserDeps } from './users.ts';

// How many of a user's items have a sort-key prefix (Select COUNT: keys only, no items returned)
async function countItems(userId: string, prefix: string): Promise<number> {
  let total = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamo.send(new QueryCommand({ TableName: tableName, ...userItemsQuery(userId, prefix), Select: 'COUNT', ExclusiveStartKey: start }));
    total += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return total;
}

/** Counts per area of the registry (areas.ts). */
export async function areaCounts(userId: string): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  await Promise.all(
    AREA_COUNTS.map(async ({ area, counts }) => {
      const entries = await Promise.all(Object.entries(counts).map(async ([name, prefix]) => [name, await countItems(userId, prefix)] as const));
      out[area] = Object.fromEntries(entries);
    }),
  );
  return out;
}

/** For admin routes that publish nothing: their bundles carry no EventBridge client. */
const publishesNothing: EventPublisher = {
  publish: () => Promise.reject(new Error('This function declares no published events.')),
};

/** The admin user routes' dependencies (delete-user adds the bus publisher). */
export const adminUsers: AdminUserDeps = {
  identity: cognitoIdentity,
  profiles: dynamoProfiles,
  sessions: dynamoSessions,
  events: publishesNothing,
  audit: (input) => audit(input),
  counts: areaCounts,
  history: async (userId, limit) => (await dynamoAudit.query({ target: userId }, { limit })).items,
  now: () => new Date(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};
