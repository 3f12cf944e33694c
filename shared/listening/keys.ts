import { userKey, userPartition } from '../db/keys.ts';
import type { Dimension } from './rollups.ts';

/**
 * DynamoDB keys of the listening area, declared once. This module imports no client or
 * configuration, so backups can read it anywhere.
 * - plays: partition `USER#<id>#PLAYS#<YYYY-MM>` (one per user and UTC month, so a million-play
 *   import spreads over many partitions), sort key `P#<endedAt, 13 digits>#<hash>`;
 * - in the user's partition: `LDAY#<date>`, `LMON#<month>`, `LALL` (roll-ups), `LENT#<dimension>#<key>`
 *   (all-time entity counters; a track's and an album's key starts with its artist's), `LCONN`
 *   (the Spotify connection), `LWRITER` (the writer lease), `LRUN#…` (job runs).
 */

/** The partition of one user's plays of one UTC month. */
export function playPartition(userId: string, month: string): string {
  return `${userPartition(userId)}#PLAYS#${month}`;
}

/** Sort-key prefix of the plays in a month's partition. */
export const PLAY_PREFIX = 'P#';

/** Sort-key prefix of a user's day roll-ups of listening. */
export const LISTENING_DAY_PREFIX = 'LDAY#';

// One day's listening roll-up of one user
export const listeningDayKey = (userId: string, date: string) => userKey(userId, `${LISTENING_DAY_PREFIX}${date}`);

/** Sort-key prefix of a user's month roll-ups of listening. */
export const LISTENING_MONTH_PREFIX = 'LMON#';

// One month's listening roll-up of one user
export const listeningMonthKey = (userId: string, month: string) => userKey(userId, `${LISTENING_MONTH_PREFIX}${month}`);

/** Sort key of a user's all-time listening roll-up: one item, no suffix. */
export const LISTENING_ALL_SORT_KEY = 'LALL';

// The all-time listening roll-up of one user
export const listeningAllKey = (userId: string) => userKey(userId, LISTENING_ALL_SORT_KEY);

/** Sort-key prefix of a user's all-time entity counters (artists, tracks, albums, …). */
export const LISTENING_ENTITY_PREFIX = 'LENT#';

// The all-time counter of one entity of one dimension of one user
export const listeningEntityKey = (userId: string, dimension: Dimension, key: string) => userKey(userId, `${LISTENING_ENTITY_PREFIX}${dimension}#${key}`);
