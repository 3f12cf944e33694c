import type { Notification } from '../../api/types.ts';

/** Where a notification leads: the goal list, the import page, the profile's security section, or the activity it is about. */
export function notificationLink(n: Notification): string {
  if (n.kind === 'goal_completed') return '/goals';
  if (n.kind === 'import_completed') return '/data';
  if (n.kind === 'security') return '/profile#security';
  if (n.kind === 'incident') return `/projects/${n.data.projectId}/incidents/${n.data.incidentId}`;
  if (n.kind === 'spotify_reconnect') return '/listening/connect';
  if (n.kind === 'reminder') return `/activities/${n.data.activityId}`;
  return `/activities/${n.subjectId}`;
}
