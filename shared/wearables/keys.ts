import { userKey } from '../db/keys.ts';

/**
 * The sort keys of a user's wearable items, declared once. This module imports no client or
 * configuration, so backups can read it anywhere.
 */

/** Sort-key prefix of a user's wearable records. */
export const WEARABLE_RECORD_PREFIX = 'WREC#';

// One wearable record of a user, by its de-duplication key (device record id, else content hash)
export const recordKey = (userId: string, dedupeKey: string) => userKey(userId, `${WEARABLE_RECORD_PREFIX}${dedupeKey}`);

/** Sort-key prefix of a user's batch receipts. */
export const WEARABLE_BATCH_PREFIX = 'WBATCH#';

// One batch received, newest last (the Devices page); TTL 90 days
export const batchKey = (userId: string, at: string, batchId: string) => userKey(userId, `${WEARABLE_BATCH_PREFIX}${at}#${batchId}`);

/** Sort-key prefix of what is known of a user's sources. */
export const WEARABLE_SOURCE_PREFIX = 'WSOURCE#';

// What is known of one source: last batch, records stored
export const sourceKey = (userId: string, source: string) => userKey(userId, `${WEARABLE_SOURCE_PREFIX}${source}`);

/** Sort-key prefix of a user's mapping rules. */
export const WEARABLE_RULE_PREFIX = 'WRULE#';

// One mapping rule of a user
export const ruleKey = (userId: string, id: string) => userKey(userId, `${WEARABLE_RULE_PREFIX}${id}`);
