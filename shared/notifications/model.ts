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

export function notificationId(date: IsoDate, kind: NotificationKind, subjectId: string): string {
  return `${date}.${kind}.${subjectId}`;
}
