/**
 * The single table's design, declared once: the CDK data stack and the local runtime create the
 * table from this, and repositories build keys with these attribute names.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Time-to-live attribute (epoch seconds). */
  ttl: 'expiresAt',
  indexes: {
    /** Secondary access paths: entries of one activity; users by creation. */
    gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /**
     * Sparse: only items carrying a pending mark (work their last write must still cause) are in
     * it, by shard and by the time the mark is due to be re-driven (shared/db/pending.ts).
     */
    gsi2: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  },
} as const;
