import * as z from 'zod/mini';
import { PageQuery } from '../kit/schemas.ts';

export const ListNotificationsQuery = z.extend(PageQuery, {
  unread: z.pipe(
    z.optional(z.enum(['true', 'false'])),
    z.transform((v) => v === 'true'),
  ),
});
export type ListNotificationsQuery = z.infer<typeof ListNotificationsQuery>;

export const NotificationParams = z.object({
  id: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}\.[a-z_]+\.[\w-]+$/, 'must be a notification id')),
});
export type NotificationParams = z.infer<typeof NotificationParams>;
