import { userKey } from '../db/keys.ts';

/**
 * The sort keys of a user's activities and goals, declared once. This module imports no client or
 * configuration, so backups, the operator's counts and the benchmarks can read it anywhere.
 */

/** Sort-key prefix of a user's activities. */
export const ACTIVITY_PREFIX = 'ACT#';

// One activity of one user
export const activityKey = (userId: string, id: string) => userKey(userId, `${ACTIVITY_PREFIX}${id}`);

/** Sort-key prefix of a user's goals. */
export const GOAL_PREFIX = 'GOAL#';

// One goal of one user
export const goalKey = (userId: string, id: string) => userKey(userId, `${GOAL_PREFIX}${id}`);
