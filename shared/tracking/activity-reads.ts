import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { queryAll, queryPage, type Item } from '../db/table.ts';
import { userItemsQuery, userPartition } from '../db/keys.ts';
import type { Page } from '../kit/schemas.ts';
import { DEFAULT_ACTIVITY_COLOR } from './appearance.ts';
import { ACTIVITY_PREFIX, activityKey } from './keys.ts';
import { EMPTY_STATS, type Activity } from './model.ts';

/**
 * The read access patterns of activities, apart from the writes (activity-repository.ts): a
 * function that only reads activities (the MCP tools, the today view) bundles none of the name
 * guard, slot or pending-mark code behind the writes.
 */
export interface ActivityReads {
  get(userId: string, id: string): Promise<Activity | undefined>;
  list(userId: string, page: { limit: number; cursor?: string }, status?: Activity['status']): Promise<Page<Activity>>;
  /** Every activity of a user (bounded by MAX_ACTIVITIES_PER_USER). */
  listAll(userId: string): Promise<Activity[]>;
}

const ACTIVITY_FIELDS = [
  'id', 'userId', 'name', 'description', 'category', 'unit', 'goal', 'direction', 'cadence', 'difficulty',
  'priority', 'color', 'icon', 'position', 'status', 'pauses', 'atRisk', 'lastLoggedDate', 'startDate', 'createdAt', 'updatedAt', 'deactivatedAt',
  'stats', 'reminders',
] as const;

/** An activity from its stored item (defaults for fields older items lack). */
export function toActivity(item: Item): Activity {
  const a = Object.fromEntries(ACTIVITY_FIELDS.map((f) => [f, item[f]])) as unknown as Activity;
  a.pauses ??= [];
  a.stats ??= EMPTY_STATS;
  a.atRisk ??= false;
  a.lastLoggedDate ??= null;
  // Activities stored before colours and the user's order: the default colour, creation order.
  a.color ??= DEFAULT_ACTIVITY_COLOR;
  a.icon ??= null;
  a.position ??= Date.parse(a.createdAt);
  a.reminders ??= [];
  return a;
}

export const dynamoActivityReads: ActivityReads = {
  async get(userId, id) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: activityKey(userId, id) }));
    return out.Item ? toActivity(out.Item) : undefined;
  },

  // Activities of one user, a page at a time (optionally of one status)
  list(userId, page, status) {
    const query = userItemsQuery(userId, ACTIVITY_PREFIX);
    return queryPage(
      {
        ...query,
        ...(status ? { FilterExpression: '#status = :status' } : {}),
        ExpressionAttributeNames: status ? { '#status': 'status' } : undefined,
        ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...(status ? { ':status': status } : {}) },
      },
      page,
      { pk: userPartition(userId) },
      ['sk'],
      toActivity,
    );
  },

  // Every activity of one user
  async listAll(userId) {
    const items = await queryAll(userItemsQuery(userId, ACTIVITY_PREFIX));
    return items.map(toActivity);
  },
};
