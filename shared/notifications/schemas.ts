import * as z from 'zod/mini';
import { PageQuery } from '../kit/schemas.ts';
import { NOTIFICATION_ID } from './model.ts';

export const ListNotificationsQuery = z.extend(PageQuery, {
  unread: z.pipe(
    z.optional(z.enum(['true', 'false'])),
    z.transform((v) => v === 'true'),
  ),
});
export type ListNotificationsQuery = z.infer<typeof ListNotificationsQuery>;

export const NotificationParams = z.object({
  id: z.string().check(z.regex(NOTIFICATION_ID, 'must be a notification id')),
});
export type NotificationParams = z.infer<typeof NotificationParams>;
