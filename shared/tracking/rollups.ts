import { pickEvents, type ReceivedEventOf } from '../events/event-spec.ts';
import { trackingEvents } from '../events/tracking.ts';
import type { IsoDate } from '../kit/dates.ts';
import { foldHistory } from './analytics/stats.ts';
import type { TrackingDeps } from './deps.ts';
import { goalsLinkedTo, recomputeGoal } from './goals.ts';
import { EMPTY_STATS, type DaySlot } from './model.ts';

/** Attempts at an optimistic stats write before giving up (the message is then retried). */
const STATS_ATTEMPTS = 5;

type RollupDeps = Pick<TrackingDeps, 'activities' | 'rollups' | 'goals' | 'events' | 'now'>;

/**
 * Folds an activity's whole history into its stats and stores them, guarded by a revision so
 * that two consumers racing on one activity cannot leave stale stats behind: the loser re-reads
 * and folds again. The fold runs up to the last recorded day; readers roll it forward.
 */
export async function recomputeStats(
  deps: Pick<TrackingDeps, 'activities' | 'rollups'>,
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
    // Folded through the last recorded day (never an empty one); no history, no stats yet.
    const stats = dates.length ? foldHistory(activity, history, dates[dates.length - 1]!) : EMPTY_STATS;
    if (await deps.activities.saveStats(userId, activityId, stats, rev)) return;
  }
  throw new Error(`Stats of activity ${activityId} kept changing; will retry`);
}

/**
 * Applies one entry change: the day and month roll-ups (idempotent — a repeated or late
 * delivery of an older change is ignored), the activity's stats, its at-risk flag (cleared by a
 * completion), and the progress of every goal it feeds.
 */
export async function applyEntryChange(
  deps: RollupDeps,
  change: { userId: string; activityId: string; date: IsoDate; slot: DaySlot | null; at: number; byUser?: boolean },
): Promise<void> {
  const { userId, activityId } = change;
  // An activity deleted meanwhile (or with its account) gets no roll-ups back.
  if ((await deps.activities.statsRev(userId, activityId)) === undefined) return;
  await deps.rollups.applySlot(userId, activityId, change.date, change.slot, change.at);
  if (change.slot && change.byUser) await deps.activities.noteLogged(userId, activityId, change.date);
  await recomputeStats(deps, userId, activityId);
  if (change.slot?.status === 'done') {
    const activity = await deps.activities.get(userId, activityId);
    if (activity?.atRisk) await deps.activities.update(userId, activity, { atRisk: false });
  }
  for (const goal of await goalsLinkedTo(deps, userId, activityId)) await recomputeGoal(deps, userId, goal.id);
}

/** The events the entry-rollups consumer handles. */
export const rollupEvents = pickEvents(trackingEvents, ['entry.logged', 'entry.deleted', 'activity.changed', 'goal.changed']);

/** The entry-rollups consumer's work for one bus event. */
export async function handleTrackingEvent(deps: RollupDeps, event: ReceivedEventOf<typeof rollupEvents>): Promise<void> {
  switch (event.type) {
    case 'entry.logged':
    case 'entry.deleted': {
      const d = event.detail;
      const slot = event.type === 'entry.logged' && d.status ? { status: d.status, value: d.value ?? null } : null;
      return applyEntryChange(deps, {
        userId: d.userId,
        activityId: d.activityId,
        date: d.date,
        slot,
        at: d.at,
        byUser: d.source !== 'finalized',
      });
    }
    case 'activity.changed':
      return recomputeStats(deps, event.detail.userId, event.detail.activityId);
    case 'goal.changed':
      return recomputeGoal(deps, event.detail.userId, event.detail.goalId);
  }
}
