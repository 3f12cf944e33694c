import type { IsoDate } from '../kit/dates.ts';
import { foldHistory } from './analytics/stats.ts';
import type { TrackingDeps } from './deps.ts';
import { EMPTY_STATS, type DaySlot } from './model.ts';

/** Attempts at an optimistic stats write before giving up (the message is then retried). */
const STATS_ATTEMPTS = 5;

/**
 * Applies one entry change to the roll-ups (idempotent: repeated or late deliveries of an older
 * change are ignored), then recomputes the activity's stats.
 */
export async function applyEntryChange(
  deps: Pick<TrackingDeps, 'activities' | 'rollups'>,
  change: { userId: string; activityId: string; date: IsoDate; slot: DaySlot | null; at: number },
): Promise<void> {
  // An activity deleted meanwhile (or with its account) gets no roll-ups back.
  if ((await deps.activities.statsRev(change.userId, change.activityId)) === undefined) return;
  await deps.rollups.applySlot(change.userId, change.activityId, change.date, change.slot, change.at);
  await recomputeStats(deps, change.userId, change.activityId);
}

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
