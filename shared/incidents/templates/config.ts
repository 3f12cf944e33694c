/**
 * The template miner's one configuration, for every source and every project. Nothing here is
 * chosen per source or per dataset; why each value is what it is: docs/incidents.md.
 */

/** How the miner matches messages. */
export interface TemplateMinerConfig {
  /** Leading tokens used as tree levels below the token-count level. */
  readonly depth: number;
  /** Share of a message's informative tokens a cluster must share to count as its sibling. */
  readonly similarity: number;
  /** Distinct values seen at a position (among siblings) that make the position a variable. */
  readonly minDistinct: number;
  /** Children of a tree node before further distinct tokens share its `<*>` child. */
  readonly maxChildren: number;
  /** Characters of a message looked at; the rest is dropped (bounds work). */
  readonly maxMessageLength: number;
  /** Tokens kept of a message; the rest is dropped (bounds work and state). */
  readonly maxTokens: number;
  /** Characters kept of a token. */
  readonly maxTokenLength: number;
}

export const TEMPLATE_MINER_CONFIG: TemplateMinerConfig = Object.freeze({
  depth: 2,
  similarity: 0.7,
  minDistinct: 5,
  maxChildren: 100,
  maxMessageLength: 16_384,
  maxTokens: 64,
  maxTokenLength: 64,
});

/** How much the miner keeps. Bounds, not matching rules: a caller may lower them (tests do). */
export interface TemplateMinerLimits {
  /** Clusters kept; past it the least recently seen are evicted. */
  readonly maxClusters: number;
  /** Aliases kept (ids merged into another cluster); the oldest are dropped first. */
  readonly maxAliases: number;
  /**
   * The serialized state's size bound in bytes (UTF-8 JSON): the least recently seen clusters are
   * evicted past it, so a project's state always fits one DynamoDB item (400 KB) with room to spare.
   */
  readonly maxStateBytes: number;
}

export const TEMPLATE_MINER_LIMITS: TemplateMinerLimits = Object.freeze({
  maxClusters: 1000,
  maxAliases: 500,
  maxStateBytes: 300_000,
});
