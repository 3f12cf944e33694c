import type { ReminderRepository } from '../reminders/reminder-repository.ts';
import { syncActivityReminders } from '../reminders/sync.ts';
import { newMark } from '../db/pending.ts';
import { domainEvent } from '../events/domain-events.ts';
import { addDays, type IsoDate } from '../kit/dates.ts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../kit/errors.ts';
import { newId } from '../kit/ids.ts';
import type { Page } from '../kit/schemas.ts';
import { pageInMemory } from '../kit/paging.ts';
import { advanceStats } from './analytics/stats.ts';
import { idOf, userToday, type KnownUser, type TrackingDeps, type TrackingReads } from './deps.ts';
import { isPaused } from './cadence.ts';
import { EMPTY_STATS, type Activity, type DateRange } from './model.ts';
import { DEFAULT_ACTIVITY_COLOR } from './appearance.ts';
import { placeActivity } from './ordering.ts';
import type { ActivityChanges } from './activity-repository.ts';
import type { CreateActivityBody, ListActivitiesQuery, MoveActivityBody, UpdateActivityBody } from './schemas.ts';

/** An activity as the API shows it: its stats rolled forward to the user's today. */
export type ActivityView = Omit<Activity, 'userId'>;

/** Archived; paused while `date` is inside a pause; active otherwise. */
export function statusOn(activity: Activity, date: IsoDate): Activity['status'] {
  if (activity.status === 'archived') return 'archived';
  return isPaused(activity, date) ? 'paused' : 'active';
}

/** The view of an activity on `today` (stats advanced over the days since they were computed). */
export function activityView(activity: Activity, today: IsoDate): ActivityView {
  const { userId: _userId, ...rest } = activity;
  return { ...rest, status: statusOn(activity, today), stats: advanceStats(activity, activity.stats, today) };
}

export async function requireActivity(
  deps: Pick<TrackingReads, 'activities'>,
  userId: string,
  id: string,
): Promise<Activity> {
  const activity = await deps.activities.get(userId, id);
  // Another user's id looks exactly like a missing one: the key holds the caller's id.
  if (!activity) throw new NotFoundError('The activity');
  return activity;
}

/** Settings a new activity may be given; the rest take the defaults of a new habit. */
export type NewActivityFields = Partial<
  Omit<Activity, 'id' | 'userId' | 'createdAt' | 'updatedAt' | 'stats' | 'atRisk' | 'lastLoggedDate'>
> & {
  name: string;
  startDate: IsoDate;
};

/**
 * A new activity: daily, positive, medium difficulty and priority, no goal value, active —
 * unless `fields` say otherwise. An archived one without a deactivation time is deactivated now.
 */
export function buildActivity(userId: string, fields: NewActivityFields, now: Date): Activity {
  const at = now.toISOString();
  const archived = fields.status === 'archived';
  return {
    id: newId(),
    userId,
    name: fields.name,
    description: fields.description ?? '',
    category: fields.category ?? '',
    unit: fields.unit ?? '',
    goal: fields.goal ?? null,
    direction: fields.direction ?? 'positive',
    cadence: fields.cadence ?? { type: 'daily' },
    difficulty: fields.difficulty ?? 'medium',
    priority: fields.priority ?? 'medium',
    color: fields.color ?? DEFAULT_ACTIVITY_COLOR,
    icon: fields.icon ?? null,
    // New ones go last: creation time is above every renumbered position (ordering.ts).
    position: fields.position ?? now.getTime(),
    // Paused is not stored: pause ranges say when (docs/decisions.md).
    status: archived ? 'archived' : 'active',
    pauses: fields.pauses ?? [],
    atRisk: false,
    lastLoggedDate: null,
    startDate: fields.startDate,
    reminders: fields.reminders ?? [],
    createdAt: at,
    updatedAt: at,
    deactivatedAt: fields.deactivatedAt ?? (archived ? at : null),
    stats: EMPTY_STATS,
  };
}

/** The reminder slots (shared/reminders) that creating or updating an activity keeps in line with its `reminders`. */
type ReminderSync = { reminders?: ReminderRepository };

/**
 * Creates an activity with the defaults a new habit gets (daily, positive, medium), within the
 * user's cap (MAX_ACTIVITIES_PER_USER; beyond it 409 `limit_reached`). A re-run of the same request
 * (same id, kit/ids.ts) answers the activity the first run stored.
 */
export async function createActivity(
  deps: Pick<TrackingDeps, 'activities' | 'profiles' | 'now'> & ReminderSync,
  userId: string,
  body: CreateActivityBody,
): Promise<ActivityView> {
  const { today, timezone } = await userToday(deps, userId);
  const stored = await deps.activities.create(buildActivity(userId, { ...body, startDate: today }, deps.now()));
  if (deps.reminders && stored.reminders.length) await syncActivityReminders(deps.reminders, stored, timezone, deps.now());
  return activityView(stored, today);
}

/**
 * A page of activities. With a status filter the (bounded) list is filtered in memory, because
 * "paused" depends on today's date and is not stored.
 */
export async function listActivities(
  deps: Pick<TrackingReads, 'activities' | 'profiles' | 'now'>,
  user: string | KnownUser,
  query: ListActivitiesQuery,
): Promise<Page<ActivityView>> {
  const userId = idOf(user);
  const { today } = await userToday(deps, user);
  if (query.status === 'all') {
    const page = await deps.activities.list(userId, query);
    return { ...page, items: page.items.map((a) => activityView(a, today)) };
  }
  const views = (await deps.activities.listAll(userId))
    .map((a) => activityView({ ...a, userId }, today))
    .filter((a) => a.status === query.status);
  return pageInMemory(views, (a) => a.id, query);
}

export async function getActivity(
  deps: Pick<TrackingReads, 'activities' | 'profiles' | 'now'>,
  user: string | KnownUser,
  id: string,
): Promise<ActivityView> {
  const activity = await requireActivity(deps, idOf(user), id);
  const { today } = await userToday(deps, user);
  return activityView(activity, today);
}

/** Fields whose change alters how history folds into stats. */
const STATS_FIELDS = ['cadence', 'startDate', 'pauses', 'status', 'deactivatedAt'] as const;

/**
 * Applies changes to an activity. History follows the id, so a rename or a new category keeps
 * every entry attached; a change that alters how history folds publishes `activity.changed`
 * for the stats to be recomputed, and records it as the write's pending mark.
 */
export async function updateActivity(
  deps: Pick<TrackingDeps, 'activities' | 'profiles' | 'events' | 'now'> & ReminderSync,
  userId: string,
  id: string,
  changes: UpdateActivityBody | ActivityChanges,
): Promise<ActivityView> {
  const current = await requireActivity(deps, userId, id);
  const refolds = STATS_FIELDS.some((f) => f in changes && JSON.stringify(current[f]) !== JSON.stringify((changes as ActivityChanges)[f]));
  const events = refolds ? [domainEvent('activity.changed', userId, { activityId: id })] : [];
  const updated = await deps.activities.update(userId, current, changes, events.length ? newMark(events, deps.now()) : undefined);
  if (events.length) await deps.events.publish(events);
  const { today, timezone } = await userToday(deps, userId);
  if (deps.reminders && 'reminders' in changes) await syncActivityReminders(deps.reminders, updated, timezone, deps.now());
  return activityView(updated, today);
}

/**
 * Moves an activity right before or after another one in the user's order (ordering.ts). As a
 * rule one write, of its own position; nothing when it is there already, so a repeat changes
 * nothing. Either id not the user's is not found (404).
 */
export async function moveActivity(
  deps: Pick<TrackingDeps, 'activities' | 'profiles' | 'now'>,
  userId: string,
  id: string,
  placement: MoveActivityBody,
): Promise<ActivityView> {
  const all = await deps.activities.listAll(userId);
  const targetId = placement.before ?? placement.after;
  if (!all.some((a) => a.id === id)) throw new NotFoundError('The activity');
  if (!all.some((a) => a.id === targetId)) throw new NotFoundError('The activity to place it next to');
  if (targetId === id) throw new ValidationError('An activity cannot be placed next to itself.', [{ field: placement.before ? 'before' : 'after', message: 'must name another activity' }]);
  const writes = placeActivity(all, id, placement.before !== undefined ? { before: placement.before } : { after: targetId! });
  const byId = new Map(all.map((a) => [a.id, a]));
  let moved = byId.get(id)!;
  for (const w of writes) {
    const written = await deps.activities.update(userId, byId.get(w.id)!, { position: w.position });
    if (w.id === id) moved = written;
  }
  const { today } = await userToday(deps, userId);
  return activityView(moved, today);
}

function overlaps(a: DateRange, b: DateRange): boolean {
  const end = (r: DateRange) => r.to ?? '9999-12-31';
  return a.from <= end(b) && b.from <= end(a);
}

/**
 * Pauses an activity over a date range (open-ended without `to`): paused days are neither due
 * nor missed, and freeze its streak and strength. Ranges may not overlap (409); the same range
 * again changes nothing, so a re-run of a request whose first run added it answers as that did.
 */
export async function addPause(
  deps: Pick<TrackingDeps, 'activities' | 'profiles' | 'events' | 'now'>,
  userId: string,
  id: string,
  pause: DateRange,
): Promise<ActivityView> {
  const activity = await requireActivity(deps, userId, id);
  if (activity.pauses.some((p) => p.from === pause.from && p.to === pause.to)) {
    return activityView(activity, (await userToday(deps, userId)).today);
  }
  const clash = activity.pauses.find((p) => overlaps(p, pause));
  if (clash) throw new DomainError(409, 'pause_overlaps', 'This pause overlaps another one.', { pause: clash });
  const pauses = [...activity.pauses, pause].sort((a, b) => (a.from < b.from ? -1 : 1));
  return updateActivity(deps, userId, id, { pauses });
}

/** Removes the pause that starts on `from` (404 when there is none). */
export async function removePause(
  deps: Pick<TrackingDeps, 'activities' | 'profiles' | 'events' | 'now'>,
  userId: string,
  id: string,
  from: IsoDate,
): Promise<ActivityView> {
  const activity = await requireActivity(deps, userId, id);
  if (!activity.pauses.some((p) => p.from === from)) throw new NotFoundError(`A pause starting on ${from}`);
  return updateActivity(deps, userId, id, { pauses: activity.pauses.filter((p) => p.from !== from) });
}

/**
 * Ends the pause the activity is in today: it stops yesterday (or disappears, if it began
 * today), so today is due again. 409 when the activity is not paused today.
 */
export async function resumeActivity(
  deps: Pick<TrackingDeps, 'activities' | 'profiles' | 'events' | 'now'>,
  userId: string,
  id: string,
): Promise<ActivityView> {
  const activity = await requireActivity(deps, userId, id);
  const { today } = await userToday(deps, userId);
  const current = activity.pauses.find((p) => p.from <= today && (p.to === undefined || p.to >= today));
  if (!current) throw new DomainError(409, 'not_paused', 'The activity is not paused today.');
  const pauses = activity.pauses
    .map((p) => (p === current ? (p.from < today ? { from: p.from, to: addDays(today, -1) } : undefined) : p))
    .filter((p): p is DateRange => p !== undefined);
  return updateActivity(deps, userId, id, { pauses });
}

/** Archives an activity: it stops being due; its history stays. */
export function deactivateActivity(
  deps: Pick<TrackingDeps, 'activities' | 'profiles' | 'events' | 'now'>,
  userId: string,
  id: string,
): Promise<ActivityView> {
  return updateActivity(deps, userId, id, { status: 'archived', deactivatedAt: deps.now().toISOString() });
}

/** Makes an archived or paused activity active again. */
export function activateActivity(
  deps: Pick<TrackingDeps, 'activities' | 'profiles' | 'events' | 'now'>,
  userId: string,
  id: string,
): Promise<ActivityView> {
  return updateActivity(deps, userId, id, { status: 'active', deactivatedAt: null });
}

/**
 * Deletes an activity with all of its history. Only an archived (deactivated) activity may be
 * deleted — a deliberate two-step, as in seed 001 — otherwise 409. The activity is first marked
 * as being deleted, with a pending mark of `activity.deleted`: should this request stop half-way,
 * the sweeper re-drives the event and the entry-rollups consumer finishes the deletion.
 */
export async function deleteActivity(
  deps: Pick<TrackingDeps, 'activities' | 'entries' | 'rollups' | 'goals' | 'events' | 'now'>,
  userId: string,
  id: string,
): Promise<void> {
  const activity = await requireActivity(deps, userId, id);
  if (activity.status !== 'archived') {
    throw new ConflictError('Archive the activity before deleting it (deleting removes its entries too).', { status: activity.status });
  }
  const deleted = domainEvent('activity.deleted', userId, { activityId: id });
  if (!(await deps.activities.markDeleting(userId, id, newMark([deleted], deps.now())))) throw new NotFoundError('The activity');
  const unlinked = await finishActivityDeletion(deps, activity);
  await deps.events.publish([deleted, ...unlinked.map((goalId) => domainEvent('goal.changed', userId, { goalId }))]);
}

/**
 * The rest of an activity's deletion, once it is marked as being deleted; safe to repeat. Goals it
 * fed lose the link (each write with a pending mark of `goal.changed`, so their progress is
 * recomputed), then its entries and month roll-ups go, and the activity item — with its mark —
 * last. Its slots in the day roll-ups are left: every reader ignores activities that do not
 * exist. Returns the goals it unlinked.
 */
export async function finishActivityDeletion(
  deps: Pick<TrackingDeps, 'activities' | 'entries' | 'rollups' | 'goals' | 'now'>,
  activity: Activity,
): Promise<string[]> {
  const { userId, id } = activity;
  const unlinked: string[] = [];
  for (const goal of await deps.goals.listAll(userId)) {
    if (!goal.links.some((l) => l.activityId === id)) continue;
    const changed = domainEvent('goal.changed', userId, { goalId: goal.id });
    await deps.goals.update(userId, goal.id, { links: goal.links.filter((l) => l.activityId !== id) }, newMark([changed], deps.now()));
    unlinked.push(goal.id);
  }
  await deps.entries.removeAllOfActivity(userId, id);
  await deps.rollups.removeActivity(userId, id);
  await deps.activities.remove(activity);
  return unlinked;
}
