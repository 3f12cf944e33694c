import { userKey } from '../db/keys.ts';

/**
 * The sort keys of a user's notifications, declared once. This module imports no client or
 * configuration, so backups and the operator's counts can read it anywhere.
 */

/** Sort-key prefix of a user's notifications. */
export const NOTIFICATION_PREFIX = 'NOTE#';

// One notification of one user; ids start with the date, so the sort key orders them by day
export const notificationKey = (userId: string, id: string) => userKey(userId, `${NOTIFICATION_PREFIX}${id}`);
