import { TABLE_KEYS } from './table-design.ts';

/**
 * Keys every repository builds on, declared once. Each area declares its sort-key prefixes
 * (`ACT#`, `ENTRY#`, …) and item keys in its own `keys.ts`, which, like this module, loads no
 * client or configuration: backups and the operator's counts import the same prefixes.
 */

/** The partition of everything one user owns: tenant isolation is this key, not a filter. */
export function userPartition(userId: string): string {
  return `USER#${userId}`;
}

/** The primary key of one item of a user's partition. */
export function userKey(userId: string, sortKey: string): { pk: string; sk: string } {
  return { pk: userPartition(userId), sk: sortKey };
}

/** Key condition of one partition's items whose sort key begins with `prefix`. */
export function itemsQuery(partition: string, prefix: string) {
  return {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
  };
}

/** Key condition of a user's items whose sort key begins with `prefix` (`ACT#`, `GOAL#`, …). */
export function userItemsQuery(userId: string, prefix: string) {
  return itemsQuery(userPartition(userId), prefix);
}

/** Sort-key prefix of a user's slots items, one per kind of capped item (shared/db/slots.ts). */
export const SLOTS_PREFIX = 'SLOTS#';

// The slots of one kind of capped item of one user
export const slotsKey = (userId: string, kind: string) => userKey(userId, `${SLOTS_PREFIX}${kind}`);

/** The secondary index: its name and key attributes. */
export const GSI1 = TABLE_KEYS.indexes.gsi1;

/** The sparse index of pending marks (see shared/db/pending.ts). */
export const GSI2 = TABLE_KEYS.indexes.gsi2;
