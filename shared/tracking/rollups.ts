import { pickEvents, type ReceivedEventOf } from '../events/event-spec.ts';
import { domainEvent } from '../events/domain-events.ts';
import { trackingEvents } from '../events/tracking.ts';
import { localDate, type IsoDate } from '../kit/dates.ts';
import { foldHistory } from './analytics/stats.ts';
import type { TrackingDeps } from './deps.ts';
import { goalsLinkedTo, recomputeGoal } from './goals.ts';
import { EMPTY_STATS } from './model.ts';
import { finishActivityDeletion } from './activities.ts';
import { NotFoundError } from '../kit/errors.ts';

/** Attempts at an optimistic stats write before giving up (the message is then retried). */
const STATS_ATTEMPTS = 5;

type RollupDeps = Pick<TrackingDeps, 'activities' | 'entries' | 'rollups' | 'goals' | 'events' | 'profiles' | 'now'>;

/**
 * Folds an activity's whole history into its stats and stores them, guarded by a revision so
 * that two consumers racing on one activity cannot leave stale stats behind: the loser re-reads
 * and folds again. The fold runs up to the user's today (entries planned after it are carried in
 * the stats and count once their day comes: a skip planned for tomorrow must not make today
 * look over); readers roll it forward. Without a profile (an account being deleted) it folds up to
 * the last recorded day.
 */
export async function recomputeStats(
  deps: Pick<TrackingDeps, 'activities' | 'rollups' | 'profiles' | 'now'>,
  userId: string,
  activityId: string,
): Promise<void> {
  for (let attempt = 0; attempt < STATS_ATTEMPTS; attempt++) {
    // The revision is read before the sources, so a write based on stale sources loses the race.
    const rev = await deps.activities.statsRev(userId, activityId);
    if (rev === undefined) return; // the activity is gone
    const [activity, history] = await Promise.all([
      deps.activities.get(userId, activityId),
      deps.rollups.history(userId, activityId),
    ]);
    if (!activity) return;
    const dates = [...history.keys()];
    const profile = await deps.profiles.get(userId);
    const through = profile ? localDate(profile.timezone, deps.now()) : dates[dates.length - 1];
    // No history, no stats yet.
    const stats = dates.length && through ? foldHistory(activity, history, through) : EMPTY_STATS;
    if (await deps.activities.saveStats(userId, activityId, stats, rev)) return;
  }
  throw new Error(`Stats of activity ${activityId} kept changing; will retry`);
}

/**
 * Applies the stored state of one entry (activity, date) — its current entry, or its tombstone —
 * to everything derived from it: the day and month roll-ups (idempotent: a slot keeps the latest
 * change, so a repeated or late delivery changes nothing), the activity's last logged date, its
 * stats, its at-risk flag (cleared by a completion) and the progress of every goal it feeds. Then
 * it settles the pending mark it read with that state (a tombstone goes with it); a write since
 * carries a newer mark, which stays for that write's own delivery or the sweeper.
 *
 * It reads the state instead of trusting the event's payload, so any event about the entry —
 * the original, a duplicate, the sweeper's re-drive of a lost one — converges to the same result.
 */
export async function applyEntryState(deps: RollupDeps, userId: string, activityId: string, date: IsoDate): Promise<void> {
  const record = await deps.entries.record(userId, date, activityId);
  // Nothing stored: a deletion already applied, or the account is gone.
  if (!record) return;
  const settle = () =>
    record.mark ? deps.entries.settle(userId, date, activityId, record.mark, record.entry === null) : Promise.resolve(false);
  // An activity deleted (or being deleted, or gone with its account) gets no roll-ups back.
  const going = async () => {
    const state = await deps.activities.pending(userId, activityId);
    return state === undefined || state.deleting;
  };
  if (await going()) {
    await settle();
    return;
  }
  const slot = record.entry ? { status: record.entry.status, value: record.entry.value } : null;
  await deps.rollups.applySlot(userId, activityId, date, slot, record.at);
  // A deletion that began meanwhile may have removed the months before this write landed: the
  // months it would leave behind go now (the day slots of a missing activity are ignored).
  if (await going()) {
    await deps.rollups.removeActivity(userId, activityId);
    await settle();
    return;
  }
  // Finalize's missed entries are not the user's: only what they logged moves the date.
  if (record.entry && record.entry.statusSource !== 'finalized') await deps.activities.noteLogged(userId, activityId, date);
  await recomputeStats(deps, userId, activityId);
  if (slot?.status === 'done') {
    const activity = await deps.activities.get(userId, activityId);
    if (activity?.atRisk) await deps.activities.update(userId, activity, { atRisk: false }).catch(ignoreNotFound);
  }
  for (const goal of await goalsLinkedTo(deps, userId, activityId)) await recomputeGoal(deps, userId, goal.id);
  await settle();
}

/** An activity deleted while its derived data was being written: nothing left to update. */
function ignoreNotFound(error: unknown): undefined {
  if (error instanceof NotFoundError) return undefined;
  throw error;
}

/** Recomputes an activity's stats after a change of its settings, then settles its pending mark. */
export async function applyActivityChange(deps: RollupDeps, userId: string, activityId: string): Promise<void> {
  const pending = await deps.activities.pending(userId, activityId);
  if (!pending) return;
  await recomputeStats(deps, userId, activityId);
  // A deletion's mark is settled by the deletion alone.
  if (pending.mark && !pending.deleting) await deps.activities.clearMark(userId, activityId, pending.mark);
}

/** Recomputes a goal's progress, then settles its pending mark. */
export async function applyGoalChange(deps: RollupDeps, userId: string, goalId: string): Promise<void> {
  const goal = await deps.goals.get(userId, goalId, true);
  if (!goal) return;
  await recomputeGoal(deps, userId, goalId);
  if (goal.mark) await deps.goals.clearMark(userId, goalId, goal.mark);
}

/**
 * Finishes the deletion of an activity whose deleting request stopped half-way (the sweeper
 * re-drove its `activity.deleted`); a deletion already finished leaves nothing to do.
 */
export async function applyActivityDeletion(deps: RollupDeps, userId: string, activityId: string): Promise<void> {
  const pending = await deps.activities.pending(userId, activityId);
  if (!pending?.deleting) return;
  const activity = await deps.activities.get(userId, activityId);
  if (!activity) return;
  for (const goalId of await finishActivityDeletion(deps, activity)) await applyGoalChange(deps, userId, goalId);
}

/** The events the entry-rollups consumer handles. */
export const rollupEvents = pickEvents(trackingEvents, [
  'entry.logged',
  'entry.deleted',
  'activity.changed',
  'activity.deleted',
  'goal.changed',
]);

/**
 * The entry-rollups consumer's work for one bus event. After an activity's roll-ups and stats are
 * recomputed it publishes `stats.updated`, and after a goal's progress `goal.progressed`, which
 * clients receive (they re-read then, not on a timer).
 */
export async function handleTrackingEvent(deps: RollupDeps, event: ReceivedEventOf<typeof rollupEvents>): Promise<void> {
  switch (event.type) {
    case 'entry.logged':
    case 'entry.deleted':
      await applyEntryState(deps, event.detail.userId, event.detail.activityId, event.detail.date);
      await deps.events.publish([domainEvent('stats.updated', event.detail.userId, { activityId: event.detail.activityId, date: event.detail.date })]);
      return;
    case 'activity.changed':
      await applyActivityChange(deps, event.detail.userId, event.detail.activityId);
      await deps.events.publish([domainEvent('stats.updated', event.detail.userId, { activityId: event.detail.activityId })]);
      return;
    case 'activity.deleted':
      return applyActivityDeletion(deps, event.detail.userId, event.detail.activityId);
    case 'goal.changed':
      // Clients re-read goals on goal.changed too, but that push races this recomputation.
      await applyGoalChange(deps, event.detail.userId, event.detail.goalId);
      await deps.events.publish([domainEvent('goal.progressed', event.detail.userId, { goalId: event.detail.goalId })]);
      return;
  }
}
