import * as z from 'zod';
import { PageQuery } from '../kit/schemas.ts';

export const ListNotificationsQuery = PageQuery.extend({
  unread: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
});
export type ListNotificationsQuery = z.infer<typeof ListNotificationsQuery>;

export const NotificationParams = z.object({
  id: z.string().regex(/^\d{4}-\d{2}-\d{2}\.[a-z_]+\.[\w-]+$/, 'must be a notification id'),
});
export type NotificationParams = z.infer<typeof NotificationParams>;
