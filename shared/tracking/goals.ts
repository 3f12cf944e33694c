import { newMark } from '../db/pending.ts';
import { domainEvent } from '../events/domain-events.ts';
import type { IsoDate } from '../kit/dates.ts';
import { NotFoundError, ValidationError } from '../kit/errors.ts';
import { newId } from '../kit/ids.ts';
import { toStorableNumber } from '../kit/numbers.ts';
import type { Page, PageQuery } from '../kit/schemas.ts';
import { goalCurrentValue, goalProgress, type GoalProgress } from './analytics/goals.ts';
import { userToday, type TrackingDeps, type TrackingReads } from './deps.ts';
import type { Goal, GoalLink, History } from './model.ts';
import type { CreateGoalBody, UpdateGoalBody } from './schemas.ts';

export type GoalView = Omit<Goal, 'userId'> & { progress: GoalProgress };

type GoalDeps = Pick<TrackingDeps, 'goals' | 'activities' | 'profiles' | 'events' | 'now'>;

/** The API's view of a goal: its fields and progress, without the owner or stored bookkeeping (revision, announcement, pending mark). */
export function goalView(goal: Goal, today: IsoDate): GoalView {
  const { userId: _userId, progressRev: _rev, announced: _announced, mark: _mark, ...rest } = goal as Goal & {
    progressRev?: number;
    announced?: boolean;
    mark?: string;
  };
  return { ...rest, progress: goalProgress(goal, today) };
}

async function requireGoal(deps: Pick<TrackingReads, 'goals'>, userId: string, id: string): Promise<Goal> {
  const goal = await deps.goals.get(userId, id);
  if (!goal) throw new NotFoundError('The goal');
  return goal;
}

/** Every linked activity must be the caller's (another user's id is simply not found). */
async function checkLinks(deps: Pick<TrackingDeps, 'activities'>, userId: string, links: GoalLink[]): Promise<void> {
  for (const link of links) {
    if (!(await deps.activities.get(userId, link.activityId))) {
      throw new NotFoundError(`The linked activity ${link.activityId}`);
    }
  }
}

const changed = (userId: string, goalId: string) => domainEvent('goal.changed', userId, { goalId });

/** A deadline is on or after the goal's start (400 on the deadline field otherwise). */
function checkDeadline(startDate: string, deadline: string | null | undefined): void {
  if (deadline && deadline < startDate) {
    throw new ValidationError('Invalid body: deadline: must not be before the start date', [{ field: 'deadline', message: 'must not be before the start date' }]);
  }
}

/**
 * Creates a goal within the user's cap (MAX_GOALS_PER_USER; beyond it 409 `limit_reached`); its
 * progress is computed from existing history by the consumer. A re-run of the same request (same
 * id, kit/ids.ts) answers the goal the first run stored, and announces it again in case the first
 * run died before it did. Every write of a goal carries a pending mark of its `goal.changed`, so
 * its progress follows even if the publish after it never happens.
 */
export async function createGoal(deps: GoalDeps, userId: string, body: CreateGoalBody): Promise<GoalView> {
  const links = body.links ?? [];
  await checkLinks(deps, userId, links);
  const { today } = await userToday(deps, userId);
  const at = deps.now().toISOString();
  const goal: Goal = {
    id: newId(),
    userId,
    name: body.name,
    description: body.description ?? '',
    targetValue: body.targetValue,
    unit: body.unit ?? '',
    startDate: body.startDate ?? today,
    deadline: body.deadline ?? null,
    links,
    currentValue: 0,
    completedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  checkDeadline(goal.startDate, goal.deadline);
  const events = [changed(userId, goal.id)];
  const stored = await deps.goals.create(goal, newMark(events, deps.now()));
  await deps.events.publish(events);
  return goalView(stored, today);
}

export async function listGoals(
  deps: Pick<TrackingReads, 'goals' | 'profiles' | 'now'>,
  userId: string,
  page: PageQuery,
): Promise<Page<GoalView>> {
  const { today } = await userToday(deps, userId);
  const result = await deps.goals.list(userId, page);
  return { ...result, items: result.items.map((g) => goalView(g, today)) };
}

export async function getGoal(deps: Pick<TrackingReads, 'goals' | 'profiles' | 'now'>, userId: string, id: string): Promise<GoalView> {
  const goal = await requireGoal(deps, userId, id);
  const { today } = await userToday(deps, userId);
  return goalView(goal, today);
}

export async function updateGoal(deps: GoalDeps, userId: string, id: string, body: UpdateGoalBody): Promise<GoalView> {
  const current = await requireGoal(deps, userId, id);
  const startDate = body.startDate ?? current.startDate;
  const deadline = body.deadline === undefined ? current.deadline : body.deadline;
  checkDeadline(startDate, deadline);
  const events = [changed(userId, id)];
  const goal = await deps.goals.update(userId, id, body, newMark(events, deps.now()));
  await deps.events.publish(events);
  const { today } = await userToday(deps, userId);
  return goalView(goal, today);
}

/** Replaces the goal's linked activities and their weights. */
export async function setGoalLinks(deps: GoalDeps, userId: string, id: string, links: GoalLink[]): Promise<GoalView> {
  await requireGoal(deps, userId, id);
  await checkLinks(deps, userId, links);
  const events = [changed(userId, id)];
  const goal = await deps.goals.update(userId, id, { links }, newMark(events, deps.now()));
  await deps.events.publish(events);
  const { today } = await userToday(deps, userId);
  return goalView(goal, today);
}

export async function deleteGoal(deps: Pick<TrackingDeps, 'goals'>, userId: string, id: string): Promise<void> {
  if (!(await deps.goals.remove(userId, id))) throw new NotFoundError('The goal');
}

const PROGRESS_ATTEMPTS = 5;

/**
 * Recomputes a goal's current value from its linked activities' histories and, the first time
 * it reaches its target, stamps `completedAt` and publishes `goal.completed` exactly once
 * (`announced` records that it went out; a crash between the two retries the announcement).
 * Completion is history: a goal stays completed even if later edits lower its value.
 */
export async function recomputeGoal(
  deps: Pick<TrackingDeps, 'goals' | 'rollups' | 'events' | 'now'>,
  userId: string,
  goalId: string,
): Promise<void> {
  for (let attempt = 0; attempt < PROGRESS_ATTEMPTS; attempt++) {
    const goal = await deps.goals.get(userId, goalId, true);
    if (!goal) return;
    const histories = new Map<string, History>();
    for (const link of goal.links) histories.set(link.activityId, await deps.rollups.history(userId, link.activityId));
    const value = goalCurrentValue(goal, histories);
    const completedAt = goal.completedAt ?? (value >= goal.targetValue ? deps.now().toISOString() : null);
    const progress = { currentValue: toStorableNumber(value), completedAt, announced: goal.announced };
    if (!(await deps.goals.saveProgress(userId, goalId, progress, goal.progressRev))) continue;
    if (completedAt && !goal.announced) {
      await deps.events.publish([
        domainEvent('goal.completed', userId, { goalId, name: goal.name, targetValue: goal.targetValue, currentValue: value }),
      ]);
      await deps.goals.saveProgress(userId, goalId, { ...progress, announced: true }, goal.progressRev + 1);
    }
    return;
  }
  throw new Error(`Progress of goal ${goalId} kept changing; will retry`);
}

/** Goals that count the given activity. */
export async function goalsLinkedTo(deps: Pick<TrackingDeps, 'goals'>, userId: string, activityId: string): Promise<Goal[]> {
  return (await deps.goals.listAll(userId)).filter((g) => g.links.some((l) => l.activityId === activityId));
}
