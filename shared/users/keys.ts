import { userKey } from '../db/keys.ts';

/**
 * The sort key of a user's profile, declared once. This module imports no client or
 * configuration, so backups can read it anywhere.
 */

/** Sort key of a user's profile: one item, no suffix. */
export const PROFILE_SORT_KEY = 'PROFILE';

// Profile of one user
export const profileKey = (userId: string) => userKey(userId, PROFILE_SORT_KEY);
