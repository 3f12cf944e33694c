import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { markAttributes, type PendingMark } from '../db/pending.ts';
import { clearMark } from '../db/pending-store.ts';
import { isConditionFailed, setFields, writeIf } from '../db/table.ts';
import { NotFoundError } from '../kit/errors.ts';
import { dynamoGoalReads, toGoal, type GoalReads } from './goal-reads.ts';
import { GOAL_PREFIX, goalKey } from './keys.ts';
import type { Goal } from './model.ts';
import { releaseSlot, takeSlot, prefixSlotKind } from '../db/slots.ts';
import { MAX_GOALS_PER_USER } from './limits.ts';

export type GoalChanges = Partial<Pick<Goal, 'name' | 'description' | 'targetValue' | 'unit' | 'startDate' | 'deadline' | 'links'>>;

/** Goal state the consumer keeps; `announced` says whether `goal.completed` went out. */
export interface StoredGoalProgress {
  currentValue: number;
  completedAt: string | null;
  announced: boolean;
}

/** Goals: their reads (goal-reads.ts) and writes. */
export interface GoalRepository extends GoalReads {
  /**
   * Stores a new goal within the user's cap (409 `limit_reached` beyond it) and returns it; when a
   * goal with its id exists already — a re-run of the same request (kit/ids.ts) — returns that one.
   * With `mark`, the write carries that pending mark (its progress to compute).
   */
  create(goal: Goal, mark?: PendingMark): Promise<Goal>;
  /** Applies changes; with `mark`, the write carries that pending mark. */
  update(userId: string, id: string, changes: GoalChanges, mark?: PendingMark): Promise<Goal>;
  /** Records a pending mark alone (work to redo from the goal's current state). */
  mark(userId: string, id: string, mark: PendingMark): Promise<void>;
  /** Clears the pending mark `markId` once its work is applied (a newer mark stays). */
  clearMark(userId: string, id: string, markId: string): Promise<boolean>;
  /** Deletes the goal and gives back its slot under the cap; false when there was none. */
  remove(userId: string, id: string): Promise<boolean>;
  /** Writes progress if nobody else has since `expectedRev`; false when someone did. */
  saveProgress(userId: string, id: string, progress: StoredGoalProgress, expectedRev: number): Promise<boolean>;
}

async function getConsistent(userId: string, id: string): Promise<Goal | undefined> {
  const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: goalKey(userId, id), ConsistentRead: true }));
  return out.Item ? toGoal(out.Item) : undefined;
}

/** The cap on goals per user (shared/db/slots.ts). */
const goalSlots = prefixSlotKind({
  kind: 'goal',
  cap: MAX_GOALS_PER_USER,
  plural: 'goals',
  prefix: GOAL_PREFIX,
  exists: async (userId, id) => (await getConsistent(userId, id)) !== undefined,
});

export const dynamoGoals: GoalRepository = {
  ...dynamoGoalReads,

  async create(goal, mark) {
    const { userId, id } = goal;
    const key = goalKey(userId, id);
    await takeSlot(userId, goalSlots, id);
    try {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...key, type: 'goal', progressRev: 0, announced: false, ...goal, ...(mark ? markAttributes(key, mark) : {}) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return goal;
    } catch (error) {
      // The same id exists when this re-runs a request whose first run wrote it (kit/ids.ts): its
      // slot stands, and the answer is what that run stored.
      const written = await getConsistent(userId, id);
      if (written) return written;
      await releaseSlot(userId, goalSlots, id);
      throw error;
    }
  },

  async update(userId, id, changes, mark) {
    const key = goalKey(userId, id);
    try {
      const out = await dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          ...setFields({ ...changes, updatedAt: new Date().toISOString(), ...(mark ? markAttributes(key, mark) : {}) }),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toGoal(out.Attributes!);
    } catch (error) {
      if (isConditionFailed(error)) throw new NotFoundError('The goal');
      throw error;
    }
  },

  async mark(userId, id, mark) {
    const key = goalKey(userId, id);
    await writeIf(
      dynamo.send(
        new UpdateCommand({ TableName: tableName, Key: key, ...setFields(markAttributes(key, mark)), ConditionExpression: 'attribute_exists(pk)' }),
      ),
    );
  },

  clearMark(userId, id, markId) {
    return clearMark(goalKey(userId, id), markId);
  },

  async remove(userId, id) {
    const out = await dynamo.send(new DeleteCommand({ TableName: tableName, Key: goalKey(userId, id), ReturnValues: 'ALL_OLD' }));
    await releaseSlot(userId, goalSlots, id);
    return out.Attributes !== undefined;
  },

  async saveProgress(userId, id, progress, expectedRev) {
    return writeIf(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: goalKey(userId, id),
          UpdateExpression: 'SET currentValue = :v, completedAt = :c, announced = :a, progressRev = :next',
          ConditionExpression: 'attribute_exists(pk) AND progressRev = :rev',
          ExpressionAttributeValues: {
            ':v': progress.currentValue,
            ':c': progress.completedAt,
            ':a': progress.announced,
            ':rev': expectedRev,
            ':next': expectedRev + 1,
          },
        }),
      ),
    );
  },
};
