import { userKey } from '../db/keys.ts';
import type { IsoDate } from '../kit/dates.ts';
import { normalizeName } from './names.ts';

/**
 * The sort keys of a user's tracking items, declared once. This module imports no client or
 * configuration, so backups, the operator's counts and the benchmarks can read it anywhere.
 */

/** Sort-key prefix of a user's activities. */
export const ACTIVITY_PREFIX = 'ACT#';

// One activity of one user
export const activityKey = (userId: string, id: string) => userKey(userId, `${ACTIVITY_PREFIX}${id}`);

/** Sort-key prefix of the names a user's activities hold (one activity per name). */
export const ACTIVITY_NAME_PREFIX = 'ACTNAME#';

// The guard that makes an activity name unique per user (no transactions: see docs/data-model.md)
export const activityNameKey = (userId: string, name: string) => userKey(userId, `${ACTIVITY_NAME_PREFIX}${normalizeName(name)}`);

/** Sort-key prefix of a user's goals. */
export const GOAL_PREFIX = 'GOAL#';

// One goal of one user
export const goalKey = (userId: string, id: string) => userKey(userId, `${GOAL_PREFIX}${id}`);

/** Sort-key prefix of a user's entries (`ENTRY#<date>#<activityId>`, so a date's entries sort together). */
export const ENTRY_PREFIX = 'ENTRY#';

// One entry of one user: one activity on one date
export const entryKey = (userId: string, date: IsoDate, activityId: string) => userKey(userId, `${ENTRY_PREFIX}${date}#${activityId}`);

/** Sort-key prefix of a user's day roll-ups (`DAY#<date>`). */
export const DAY_PREFIX = 'DAY#';

// The day roll-up of one user on one date
export const dayRollupKey = (userId: string, date: IsoDate) => userKey(userId, `${DAY_PREFIX}${date}`);

/** Sort-key prefix of the activities' month roll-ups (`AMONTH#<activityId>#<YYYY-MM>`). */
export const ACTIVITY_MONTH_PREFIX = 'AMONTH#';

// One activity's slots in one month
export const activityMonthKey = (userId: string, activityId: string, month: string) => userKey(userId, `${ACTIVITY_MONTH_PREFIX}${activityId}#${month}`);

/** Sort-key prefix of a user's tracking import jobs (`IMPORT#<id>`). */
export const IMPORT_PREFIX = 'IMPORT#';
