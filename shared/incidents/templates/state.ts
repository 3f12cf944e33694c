/**
 * The template miner's persisted state: compact JSON, one object per project, bounded in bytes
 * (see TemplateMinerLimits.maxStateBytes). The parse tree is not stored: it is rebuilt from the
 * templates on restore, since a cluster's place in the tree follows from its template.
 */
import * as z from 'zod/mini';

export const MINER_STATE_VERSION = 1;

const Count = z.number().check(z.int(), z.gte(0));

/** One cluster: `[id, template, size, firstSeen, lastSeen]` (ticks of the miner's message counter). */
export const ClusterRecord = z.tuple([z.string().check(z.minLength(1)), z.string(), Count, Count, Count]);
export type ClusterRecord = z.infer<typeof ClusterRecord>;

export const MinerState = z.object({
  /** Format version. */
  v: z.literal(MINER_STATE_VERSION),
  /** Messages seen (the clock of firstSeen and lastSeen). */
  tick: Count,
  /** Clusters, least recently seen first. */
  clusters: z.array(ClusterRecord),
  /** `[mergedId, intoId]`, oldest first: ids that were merged into another cluster. */
  aliases: z.array(z.tuple([z.string(), z.string()])),
});
export type MinerState = z.infer<typeof MinerState>;
