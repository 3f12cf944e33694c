import type { IsoDate } from '../kit/dates.ts';

export type NotificationKind = 'nudge' | 'at_risk' | 'goal_completed' | 'import_completed' | 'security' | 'incident' | 'spotify_reconnect' | 'reminder';

/** An in-app notification. Its id is `<date>.<kind>.<subject>`: one per subject, kind and day. */
export interface Notification {
  id: string;
  kind: NotificationKind;
  date: IsoDate;
  /** The activity, goal or import it is about. */
  subjectId: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/**
 * A notification id's shape: `<date>.<kind>.<subject>`, the subject an id of the kind's own (an
 * incident's change is `<incident id>.<change>`, so it may hold dots). Paths and the response
 * schema both read it from here.
 */
export const NOTIFICATION_ID = /^\d{4}-\d{2}-\d{2}\.[a-z_]+\.[\w-]+(?:\.[\w-]+)*$/;

export function notificationId(date: IsoDate, kind: NotificationKind, subjectId: string): string {
  return `${date}.${kind}.${subjectId}`;
}
