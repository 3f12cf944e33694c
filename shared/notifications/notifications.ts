import type { IsoDate } from '../kit/dates.ts';
import { NotFoundError } from '../kit/errors.ts';
import type { Page } from '../kit/schemas.ts';
import { notificationId, type Notification, type NotificationKind } from './model.ts';
import type { NotificationRepository } from './notification-repository.ts';

/** Builds a notification; its id makes it unique per subject, kind and day. */
export function notification(
  kind: NotificationKind,
  date: IsoDate,
  subjectId: string,
  title: string,
  body: string,
  data: Record<string, unknown>,
  now: Date,
): Notification {
  return {
    id: notificationId(date, kind, subjectId),
    kind,
    date,
    subjectId,
    title,
    body,
    data,
    createdAt: now.toISOString(),
    readAt: null,
  };
}

export function listNotifications(
  notifications: NotificationRepository,
  userId: string,
  query: { limit: number; cursor?: string; unread?: boolean },
): Promise<Page<Notification>> {
  return notifications.list(userId, query, query.unread === true);
}

/** Marks one notification read (idempotent); another user's id is not found. */
export async function markNotificationRead(
  notifications: NotificationRepository,
  userId: string,
  id: string,
  now: Date,
): Promise<Notification> {
  const marked = await notifications.markRead(userId, id, now.toISOString());
  if (!marked) throw new NotFoundError('The notification');
  return marked;
}

/** Marks every unread notification read; returns how many were. */
export async function markAllNotificationsRead(
  notifications: NotificationRepository,
  userId: string,
  now: Date,
): Promise<{ marked: number }> {
  let marked = 0;
  // Each pass reads the first page of what is still unread, so marking never skips a page.
  for (;;) {
    const page = await notifications.list(userId, { limit: 100 }, true);
    if (page.items.length === 0) return { marked };
    for (const n of page.items) await notifications.markRead(userId, n.id, now.toISOString());
    marked += page.items.length;
  }
}
