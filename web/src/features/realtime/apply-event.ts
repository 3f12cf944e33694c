import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { ServerMessage } from '../../../../shared/realtime/protocol.ts';
import { deviceKeys } from '../devices/queries.ts';
import { listeningKeys } from '../listening/api.ts';
import { notificationKeys } from '../notifications/queries.ts';
import { trackingKeys } from '../tracking/queries.ts';
import { counted } from '../../lib/format.ts';

type Pushed = Extract<ServerMessage, { type: 'event' | 'refresh' }>;

/** A toast for the events a user should notice now (goal reached, activity at risk, new plays). */
export interface LiveToast {
  message: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * What a pushed event changes in the query cache: the queries it makes stale are read again (only
 * those on screen are fetched; the others when next shown). Returns a toast when the user should
 * hear of it at once. A `refresh` hint (the event was too large to push) is handled the same way:
 * the event's ids say what to re-read.
 */
export function applyLiveEvent(client: QueryClient, message: Pushed): LiveToast | undefined {
  const d = message.data as Record<string, unknown>;
  const activityId = str(d.activityId);
  const goalId = str(d.goalId);
  const stale: QueryKey[] = [];
  const activity = activityId ? [trackingKeys.activity(activityId), trackingKeys.activityStats(activityId)] : [];
  let toast: LiveToast | undefined;
  switch (message.event) {
    case 'entry.logged':
    case 'entry.deleted':
      stale.push(['tracking', 'today'], ['tracking', 'entries'], ...activity);
      break;
    case 'stats.updated':
      // Streaks, strength, goal progress and the dashboard's roll-ups have landed.
      stale.push(...activity, trackingKeys.activities(), trackingKeys.dashboard(), trackingKeys.goals(), ['tracking', 'today']);
      break;
    case 'activity.changed':
    case 'activity.deleted':
      stale.push(trackingKeys.activities(), trackingKeys.dashboard(), ['tracking', 'today'], ...activity);
      break;
    case 'goal.changed':
    case 'goal.progressed':
      stale.push(trackingKeys.goals(), trackingKeys.dashboard());
      break;
    case 'goal.completed':
      stale.push(trackingKeys.goals(), trackingKeys.dashboard(), notificationKeys.all);
      toast = { message: `Goal reached: ${str(d.name) ?? 'a goal'} 🎉` };
      break;
    case 'activity.at_risk':
      stale.push(trackingKeys.activities(), ['tracking', 'today'], notificationKeys.all);
      toast = { message: `${str(d.name) ?? 'An activity'} is at risk: a small step today keeps it alive.` };
      break;
    case 'nudge.sent':
      stale.push(notificationKeys.all);
      break;
    case 'reminder.due':
      stale.push(notificationKeys.all);
      toast = { message: `Reminder: ${str(d.name) ?? 'an activity'}` };
      break;
    case 'import.progress': {
      // Progress only: kept for the page showing the import, nothing to read again.
      const importId = str(d.importId);
      if (importId) {
        const { phase, rowsRead, rowsApplied, total } = d as { phase: 'checking' | 'writing'; rowsRead: number; rowsApplied: number; total?: number };
        client.setQueryData(deviceKeys.progress(importId), { phase, rowsRead, rowsApplied, total });
        stale.push(trackingKeys.importJob(importId));
      }
      break;
    }
    case 'import.completed':
      stale.push(trackingKeys.all, notificationKeys.all, deviceKeys.all);
      break;
    case 'wearable.ingested':
      // New records: the sources' counts and the rules' previews change; entries follow as their own events.
      stale.push(deviceKeys.all);
      break;
    case 'listening.synced': {
      // A collector run or an export import finished: history, connection and runs all changed.
      stale.push(listeningKeys.all);
      const added = typeof d.playsAdded === 'number' ? d.playsAdded : 0;
      if (added > 0) toast = { message: `Spotify: ${counted(added, 'new play')}` };
      break;
    }
    default:
      // An event this version of the app does not know (a newer server): re-read what may hold it.
      stale.push(trackingKeys.all);
  }
  if (goalId) stale.push(trackingKeys.goal(goalId));
  for (const queryKey of stale) void client.invalidateQueries({ queryKey });
  return toast;
}
