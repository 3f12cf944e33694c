import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { MARK, markAttributes, markEvents, markOf, type PendingEvent, type PendingMark } from '../db/pending.ts';
import { clearMark } from '../db/pending-store.ts';
import { isConditionFailed, setFields, writeIf } from '../db/table.ts';
import { ConflictError, NotFoundError } from '../kit/errors.ts';
import type { IsoDate } from '../kit/dates.ts';
import { dynamoActivityReads, toActivity, type ActivityReads } from './activity-reads.ts';
import { ACTIVITY_PREFIX, activityKey, activityNameKey } from './keys.ts';
import type { Activity, ActivityStats } from './model.ts';
import { normalizeName } from './names.ts';
import { releaseSlot, takeSlot, prefixSlotKind } from '../db/slots.ts';
import { MAX_ACTIVITIES_PER_USER } from './limits.ts';

/** Fields a caller may change on an activity (stats are the consumer's). */
export type ActivityChanges = Partial<
  Pick<
    Activity,
    | 'name'
    | 'description'
    | 'category'
    | 'unit'
    | 'goal'
    | 'direction'
    | 'cadence'
    | 'difficulty'
    | 'priority'
    | 'color'
    | 'icon'
    | 'position'
    | 'status'
    | 'pauses'
    | 'atRisk'
    | 'lastLoggedDate'
    | 'deactivatedAt'
    | 'startDate'
    | 'reminders'
  >
>;

/** Activities: their reads (activity-reads.ts) and writes. */
export interface ActivityRepository extends ActivityReads {
  /**
   * Stores a new activity within the user's cap (409 `limit_reached` beyond it) and returns it;
   * 409 when the user already has one of that name (any case). When an activity with its id
   * exists already — a re-run of the same request (kit/ids.ts) — returns that one instead.
   */
  create(activity: Activity): Promise<Activity>;
  /**
   * Applies changes; a rename moves the name guard (409 when the new name is taken). With `mark`,
   * the write carries that pending mark (work the change must cause). An activity being deleted
   * is not found.
   */
  update(userId: string, current: Activity, changes: ActivityChanges, mark?: PendingMark): Promise<Activity>;
  /**
   * Records, on an archived activity, that it is being deleted, with the pending mark that
   * re-drives the deletion to its end should this request not finish it. False when it is gone
   * or not archived.
   */
  markDeleting(userId: string, id: string, mark: PendingMark): Promise<boolean>;
  /** The activity's pending mark and whether it is being deleted (consistent read); undefined when gone. */
  pending(userId: string, id: string): Promise<{ mark?: string; deleting: boolean; events: PendingEvent[] } | undefined>;
  /** Clears the pending mark `markId` once its work is applied (a newer mark stays). */
  clearMark(userId: string, id: string, markId: string): Promise<boolean>;
  /** Deletes the activity item, its name guard and its slot under the cap. */
  remove(activity: Activity): Promise<void>;
  /** Writes stats if nobody else has since `expectedRev`; false when someone did (re-read and retry). */
  saveStats(userId: string, id: string, stats: ActivityStats, expectedRev: number): Promise<boolean>;
  /** The stats revision to pass to saveStats. */
  statsRev(userId: string, id: string): Promise<number | undefined>;
  /** Moves lastLoggedDate forward to `date` (never back). */
  noteLogged(userId: string, id: string, date: IsoDate): Promise<void>;
}


/** Set on an activity whose deletion has begun (its pending mark re-drives the rest). */
const DELETING = 'deleting';

/** A `setFields` result with a few more named values and `#status` (a reserved word). */
function withValues(set: ReturnType<typeof setFields>, values: Record<string, unknown>) {
  return {
    ...set,
    ExpressionAttributeNames: { ...set.ExpressionAttributeNames, '#status': 'status' },
    ExpressionAttributeValues: { ...set.ExpressionAttributeValues, ...values },
  };
}

async function claimName(userId: string, name: string, activityId: string): Promise<void> {
  const written = await writeIf(
    dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...activityNameKey(userId, name), type: 'activity-name', activityId },
        ConditionExpression: 'attribute_not_exists(pk) OR activityId = :id',
        ExpressionAttributeValues: { ':id': activityId },
      }),
    ),
  );
  if (!written) throw new ConflictError(`You already have an activity named "${name}".`, { field: 'name' });
}

async function releaseName(userId: string, name: string, activityId: string): Promise<void> {
  await writeIf(
    dynamo.send(
      new DeleteCommand({
        TableName: tableName,
        Key: activityNameKey(userId, name),
        ConditionExpression: 'activityId = :id',
        ExpressionAttributeValues: { ':id': activityId },
      }),
    ),
  );
}

async function getConsistent(userId: string, id: string): Promise<Activity | undefined> {
  const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: activityKey(userId, id), ConsistentRead: true }));
  return out.Item ? toActivity(out.Item) : undefined;
}

/** The cap on activities per user (shared/db/slots.ts). */
const activitySlots = prefixSlotKind({
  kind: 'activity',
  cap: MAX_ACTIVITIES_PER_USER,
  plural: 'activities',
  prefix: ACTIVITY_PREFIX,
  exists: async (userId, id) => (await getConsistent(userId, id)) !== undefined,
});

export const dynamoActivities: ActivityRepository = {
  ...dynamoActivityReads,

  async create(activity) {
    const { userId, id } = activity;
    await takeSlot(userId, activitySlots, id);
    let named = false;
    try {
      await claimName(userId, activity.name, id);
      named = true;
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...activityKey(userId, id), type: 'activity', statsRev: 0, ...activity },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return activity;
    } catch (error) {
      // The same id exists when this re-runs a request whose first run wrote it (kit/ids.ts): its
      // slot and name stand, and the answer is what that run stored.
      const written = await getConsistent(userId, id);
      if (written) {
        if (named && normalizeName(written.name) !== normalizeName(activity.name)) await releaseName(userId, activity.name, id);
        return written;
      }
      if (named) await releaseName(userId, activity.name, id);
      await releaseSlot(userId, activitySlots, id);
      throw error;
    }
  },

  async update(userId, current, changes, mark) {
    const renamed = changes.name !== undefined && normalizeName(changes.name) !== normalizeName(current.name);
    if (renamed) await claimName(userId, changes.name!, current.id);
    const key = activityKey(userId, current.id);
    let out;
    try {
      out = await dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          ...setFields({ ...changes, updatedAt: new Date().toISOString(), ...(mark ? markAttributes(key, mark) : {}) }),
          // A deletion under way owns the mark: no change may replace it.
          ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(${DELETING})`,
          ReturnValues: 'ALL_NEW',
        }),
      );
    } catch (error) {
      if (renamed) await releaseName(userId, changes.name!, current.id);
      if (isConditionFailed(error)) throw new NotFoundError('The activity');
      throw error;
    }
    if (renamed) await releaseName(userId, current.name, current.id);
    return toActivity(out.Attributes!);
  },

  async markDeleting(userId, id, mark) {
    const key = activityKey(userId, id);
    return writeIf(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          ...withValues(setFields({ [DELETING]: true, ...markAttributes(key, mark) }), { ':archived': 'archived' }),
          ConditionExpression: 'attribute_exists(pk) AND #status = :archived',
        }),
      ),
    );
  },

  async pending(userId, id) {
    const out = await dynamo.send(
      new GetCommand({
        TableName: tableName,
        Key: activityKey(userId, id),
        // pk too: an item without a mark still comes back (it exists)
        ProjectionExpression: 'pk, #id, #events, #deleting',
        ExpressionAttributeNames: { '#id': MARK.id, '#events': MARK.events, '#deleting': DELETING },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const mark = markOf(out.Item);
    return { ...(mark ? { mark } : {}), deleting: out.Item[DELETING] === true, events: markEvents(out.Item) };
  },

  clearMark(userId, id, markId) {
    return clearMark(activityKey(userId, id), markId);
  },

  async remove(activity) {
    await dynamo.send(new DeleteCommand({ TableName: tableName, Key: activityKey(activity.userId, activity.id) }));
    await releaseName(activity.userId, activity.name, activity.id);
    await releaseSlot(activity.userId, activitySlots, activity.id);
  },

  async saveStats(userId, id, stats, expectedRev) {
    return writeIf(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: activityKey(userId, id),
          UpdateExpression: 'SET stats = :stats, statsRev = :next',
          ConditionExpression: 'attribute_exists(pk) AND (statsRev = :rev OR attribute_not_exists(statsRev))',
          ExpressionAttributeValues: { ':stats': stats, ':rev': expectedRev, ':next': expectedRev + 1 },
        }),
      ),
    );
  },

  async noteLogged(userId, id, date) {
    await writeIf(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: activityKey(userId, id),
          UpdateExpression: 'SET lastLoggedDate = :d',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastLoggedDate) OR lastLoggedDate = :null OR lastLoggedDate < :d)',
          ExpressionAttributeValues: { ':d': date, ':null': null },
        }),
      ),
    );
  },

  async statsRev(userId, id) {
    const out = await dynamo.send(
      new GetCommand({
        TableName: tableName,
        Key: activityKey(userId, id),
        ProjectionExpression: 'statsRev',
        ConsistentRead: true,
      }),
    );
    return out.Item ? Number(out.Item.statsRev ?? 0) : undefined;
  },
};
