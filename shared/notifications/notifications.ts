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

/**
 * A page of the user's notifications, newest first. Keys order them by day (their id starts with
 * it), and within a day by kind and subject, which is what keeps them one per subject a day; so
 * each page is put in time order here. A day's notifications split across two pages are each in
 * order within their page (a page holds 50 by default; a day rarely brings more).
 */
export async function listNotifications(
  notifications: NotificationRepository,
  userId: string,
  query: { limit: number; cursor?: string; unread?: boolean },
): Promise<Page<Notification>> {
  const page = await notifications.list(userId, query, query.unread === true);
  return { ...page, items: [...page.items].sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt)) };
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
