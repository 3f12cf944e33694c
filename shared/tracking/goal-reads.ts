import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { userItemsQuery, userPartition } from '../db/keys.ts';
import { markOf } from '../db/pending.ts';
import { queryAll, queryPage, type Item } from '../db/table.ts';
import type { Page } from '../kit/schemas.ts';
import { GOAL_PREFIX, goalKey } from './keys.ts';
import type { Goal } from './model.ts';

/**
 * The read access patterns of goals, apart from the writes (goal-repository.ts): a function that
 * only reads goals (the MCP tools, the dashboard) bundles none of the slot or mark writes.
 */
export interface GoalReads {
  get(
    userId: string,
    id: string,
    consistent?: boolean,
  ): Promise<(Goal & { progressRev: number; announced: boolean; mark?: string }) | undefined>;
  list(userId: string, page: { limit: number; cursor?: string }): Promise<Page<Goal>>;
  listAll(userId: string): Promise<Goal[]>;
}

const GOAL_FIELDS = [
  'id', 'userId', 'name', 'description', 'targetValue', 'unit', 'startDate', 'deadline', 'links', 'currentValue',
  'completedAt', 'createdAt', 'updatedAt',
] as const;

/** A goal from its stored item. */
export function toGoal(item: Item): Goal {
  return Object.fromEntries(GOAL_FIELDS.map((f) => [f, item[f] ?? null])) as unknown as Goal;
}

export const dynamoGoalReads: GoalReads = {
  async get(userId, id, consistent = false) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: goalKey(userId, id), ConsistentRead: consistent }));
    if (!out.Item) return undefined;
    const mark = markOf(out.Item);
    return {
      ...toGoal(out.Item),
      progressRev: Number(out.Item.progressRev ?? 0),
      announced: out.Item.announced === true,
      ...(mark ? { mark } : {}),
    };
  },

  // Goals of one user, a page at a time
  list(userId, page) {
    return queryPage(
      userItemsQuery(userId, GOAL_PREFIX),
      page,
      { pk: userPartition(userId) },
      ['sk'],
      toGoal,
    );
  },

  // Every goal of one user
  async listAll(userId) {
    const items = await queryAll(userItemsQuery(userId, GOAL_PREFIX));
    return items.map(toGoal);
  },
};
