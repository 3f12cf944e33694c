/**
 * A Drain-style log-template miner (He et al., ICWS 2017), online, pure and bounded.
 *
 * Masked tokens are routed through a fixed-depth tree (token count, then the leading tokens) to
 * the few clusters whose template they could fit. A message that fits a template joins it. One
 * that does not is compared with the clusters of its length: those at least `similarity` alike
 * that differ from it at the same positions are siblings, and once `minDistinct` distinct values
 * have been seen at those positions, the positions are variables: the siblings and the message
 * merge into one cluster with `<*>` there. Below that count the message starts its own cluster,
 * so "VM Started" and "VM Stopped" stay apart while "Invalid user <*>" gathers every user name.
 *
 * Clusters keep a stable id (a hash of their first template; a merge keeps the oldest member's id
 * and records the others as aliases). The least recently seen clusters are evicted past a cap, and
 * the state round-trips through `toJSON()` and `TemplateMiner.restore()`.
 */
import { maskMessage, WILDCARD } from './mask.ts';

/** How the miner matches. One configuration serves every source (see docs/incidents.md). */
export interface TemplateMinerConfig {
  /** Leading tokens used as tree levels below the token-count level. */
  depth: number;
  /** Share of a message's informative tokens a cluster must share to be its sibling (0–1). */
  similarity: number;
  /** Distinct values at the same positions that make those positions variables. */
  minDistinct: number;
  /** Children per tree node before further distinct tokens share the `<*>` child. */
  maxChildren: number;
  /** Clusters kept; past it the least recently seen is evicted. */
  maxClusters: number;
  /** Aliases (ids merged into another cluster) kept; the oldest are dropped first. */
  maxAliases: number;
  /** Tokens kept of a message (the rest is dropped), bounding work and state size. */
  maxTokens: number;
  /** Characters kept of a token. */
  maxTokenLength: number;
}

export const DEFAULT_MINER_CONFIG: TemplateMinerConfig = {
  depth: 2,
  similarity: 0.6,
  minDistinct: 5,
  maxChildren: 100,
  maxClusters: 1000,
  maxAliases: 1000,
  maxTokens: 64,
  maxTokenLength: 64,
};

/** A cluster of messages sharing one template. */
export interface TemplateCluster {
  /** Stable id: derived from the cluster's first template, kept for its whole life. */
  id: string;
  /** The template: tokens joined by one space, `<*>` where messages differ. */
  template: string;
  /** Messages seen. */
  size: number;
}

/** What `add()` did with a message. */
export interface MatchResult {
  clusterId: string;
  template: string;
  /**
   * `created`: a new cluster; `merged`: siblings merged into this cluster (their ids are now
   * aliases of it, listed in `mergedIds`); `matched`: the message fit an existing template.
   */
  change: 'created' | 'merged' | 'matched';
  mergedIds?: string[];
}

interface Cluster {
  id: string;
  tokens: string[];
  size: number;
  /** Ticks (the miner's message counter) of the first and the last message. */
  firstSeen: number;
  lastSeen: number;
  leaf: Cluster[];
}

interface Node {
  children: Map<string, Node | Cluster[]>;
}

export class TemplateMiner {
  readonly config: TemplateMinerConfig;
  private readonly root = new Map<number, Node | Cluster[]>();
  /** Clusters of each token count, for the sibling search. */
  private readonly byLength = new Map<number, Set<Cluster>>();
  /** Clusters by id, least recently seen first (a hit re-inserts). */
  private readonly byId = new Map<string, Cluster>();
  /** Ids merged into another cluster → the id they were merged into, oldest first. */
  private readonly aliases = new Map<string, string>();
  private tick = 0;

  constructor(config: Partial<TemplateMinerConfig> = {}) {
    this.config = { ...DEFAULT_MINER_CONFIG, ...config };
  }

  /** Masks and tokenizes a message as the miner does. */
  tokens(message: string): string[] {
    const tokens = maskMessage(message, this.config.maxTokens);
    const max = this.config.maxTokenLength;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.length > max) tokens[i] = tokens[i]!.slice(0, max);
    }
    return tokens;
  }

  /** Adds one message: joins the template it fits, merges with its siblings, or starts a cluster. */
  add(message: string): MatchResult {
    const tokens = this.tokens(message);
    this.tick++;
    const fit = this.fitting(tokens);
    if (fit) {
      this.touch(fit, 1);
      return { clusterId: fit.id, template: fit.tokens.join(' '), change: 'matched' };
    }
    // Siblings that make some positions variables, and clusters the new template subsumes (a
    // "user webmaster" cluster once "user <*>" exists), all merge; else a cluster starts.
    const template = tokens.slice();
    const members: Cluster[] = [];
    const siblings = this.siblings(tokens);
    if (siblings) {
      members.push(...siblings.clusters);
      for (const p of siblings.positions) template[p] = WILDCARD;
    }
    for (const cluster of this.byLength.get(tokens.length) ?? []) {
      if (!members.includes(cluster) && fits(template, cluster.tokens) >= 0) members.push(cluster);
    }
    if (members.length) {
      const merged = this.merge(members, template);
      return {
        clusterId: merged.cluster.id,
        template: merged.cluster.tokens.join(' '),
        change: 'merged',
        mergedIds: merged.absorbed,
      };
    }
    const cluster = this.create(this.newId(tokens), tokens, 1, this.tick, this.tick);
    this.evict();
    return { clusterId: cluster.id, template: tokens.join(' '), change: 'created' };
  }

  /** The cluster a message fits, without changing anything; undefined if none. */
  match(message: string): TemplateCluster | undefined {
    const found = this.fitting(this.tokens(message));
    return found ? view(found) : undefined;
  }

  /** A cluster by id, following merges; undefined once evicted. */
  get(id: string): TemplateCluster | undefined {
    const cluster = this.byId.get(this.resolve(id));
    return cluster ? view(cluster) : undefined;
  }

  /** The id a cluster id now answers to: itself, or the cluster it was merged into. */
  resolve(id: string): string {
    let current = id;
    for (let hops = 0; hops < 64; hops++) {
      const next = this.aliases.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  /** Every cluster, least recently seen first. */
  clusters(): TemplateCluster[] {
    return [...this.byId.values()].map(view);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The most specific cluster whose template the tokens fit (every constant equal). */
  private fitting(tokens: string[]): Cluster | undefined {
    const top = this.root.get(tokens.length);
    if (!top) return undefined;
    let best: Cluster | undefined;
    let bestWild = Infinity;
    const visit = (node: Node | Cluster[], level: number): void => {
      if (Array.isArray(node)) {
        for (const cluster of node) {
          const wild = fits(cluster.tokens, tokens);
          if (wild >= 0 && wild < bestWild) {
            best = cluster;
            bestWild = wild;
          }
        }
        return;
      }
      const key = treeKey(tokens[level]!);
      const exact = node.children.get(key);
      if (exact) visit(exact, level + 1);
      if (key !== WILDCARD) {
        const wild = node.children.get(WILDCARD);
        if (wild) visit(wild, level + 1);
      }
    };
    visit(top, 0);
    return best;
  }

  /**
   * The siblings of a message that fits no template: clusters of its length at least `similarity`
   * alike that differ from it at the same positions, when with the message they show
   * `minDistinct` distinct values there.
   */
  private siblings(tokens: string[]): { clusters: Cluster[]; positions: number[] } | undefined {
    const sameLength = this.byLength.get(tokens.length);
    if (!sameLength) return undefined;
    const candidates: Array<{ cluster: Cluster; positions: number[] }> = [];
    // The distinct values seen at each position where a candidate differs from the message.
    const values = new Map<number, Set<string>>();
    for (const cluster of sameLength) {
      const positions = differences(cluster.tokens, tokens, this.config.similarity);
      if (!positions) continue;
      candidates.push({ cluster, positions });
      for (const p of positions) {
        let seen = values.get(p);
        if (!seen) {
          seen = new Set([tokens[p]!]);
          values.set(p, seen);
        }
        seen.add(cluster.tokens[p]!);
      }
    }
    // A position is a variable once it shows enough distinct values, or when it only ever holds
    // values (tokens with a masked part) that merely differ in shape, as `LOCAL(<*>)` and `<*>`.
    const variable = (p: number) => {
      const seen = values.get(p)!;
      if (seen.size >= this.config.minDistinct) return true;
      for (const v of seen) if (!v.includes(WILDCARD)) return false;
      return true;
    };
    const clusters: Cluster[] = [];
    const merged = new Set<number>();
    for (const c of candidates) {
      if (!c.positions.every(variable)) continue;
      clusters.push(c.cluster);
      for (const p of c.positions) merged.add(p);
    }
    return clusters.length ? { clusters, positions: [...merged] } : undefined;
  }

  /** Merges clusters and a message (given as the template they share) into the oldest cluster. */
  private merge(siblings: Cluster[], template: string[]): { cluster: Cluster; absorbed: string[] } {
    for (const s of siblings) {
      for (let i = 0; i < template.length; i++) if (s.tokens[i] === WILDCARD) template[i] = WILDCARD;
    }
    let keep = siblings[0]!;
    for (const s of siblings) if (s.firstSeen < keep.firstSeen) keep = s;
    let size = 1;
    const absorbed: string[] = [];
    for (const s of siblings) {
      size += s.size;
      if (s === keep) continue;
      this.remove(s);
      this.alias(s.id, keep.id);
      absorbed.push(s.id);
    }
    keep.tokens = template;
    this.rehome(keep);
    this.touch(keep, size - keep.size);
    return { cluster: keep, absorbed };
  }

  private touch(cluster: Cluster, added: number): void {
    cluster.size += added;
    cluster.lastSeen = this.tick;
    this.byId.delete(cluster.id);
    this.byId.set(cluster.id, cluster);
  }

  private create(id: string, tokens: string[], size: number, firstSeen: number, lastSeen: number): Cluster {
    const cluster: Cluster = { id, tokens, size, firstSeen, lastSeen, leaf: [] };
    cluster.leaf = this.leafFor(tokens);
    cluster.leaf.push(cluster);
    this.byId.set(id, cluster);
    let sameLength = this.byLength.get(tokens.length);
    if (!sameLength) {
      sameLength = new Set();
      this.byLength.set(tokens.length, sameLength);
    }
    sameLength.add(cluster);
    return cluster;
  }

  private remove(cluster: Cluster): void {
    this.byId.delete(cluster.id);
    removeFrom(cluster.leaf, cluster);
    this.byLength.get(cluster.tokens.length)?.delete(cluster);
  }

  private alias(from: string, to: string): void {
    this.aliases.delete(from);
    this.aliases.set(from, to);
    while (this.aliases.size > this.config.maxAliases) {
      this.aliases.delete(this.aliases.keys().next().value as string);
    }
  }

  /** Moves a cluster whose leading tokens became wildcards to the leaf its template routes to. */
  private rehome(cluster: Cluster): void {
    const leaf = this.leafFor(cluster.tokens);
    if (leaf === cluster.leaf) return;
    removeFrom(cluster.leaf, cluster);
    cluster.leaf = leaf;
    leaf.push(cluster);
  }

  /** The leaf for a token list, made on the way: token count, then up to `depth` leading tokens. */
  private leafFor(tokens: string[]): Cluster[] {
    const depth = Math.min(this.config.depth, tokens.length);
    let node = this.root.get(tokens.length);
    if (!node) {
      node = depth === 0 ? [] : { children: new Map() };
      this.root.set(tokens.length, node);
    }
    for (let level = 0; level < depth; level++) {
      const inner = node as Node;
      let key = treeKey(tokens[level]!);
      if (!inner.children.has(key) && inner.children.size >= this.config.maxChildren) key = WILDCARD;
      let next = inner.children.get(key);
      if (!next) {
        next = level === depth - 1 ? [] : { children: new Map() };
        inner.children.set(key, next);
      }
      node = next;
    }
    return node as Cluster[];
  }

  private newId(tokens: string[]): string {
    const base = hashId(tokens.join(' '));
    let id = base;
    for (let k = 2; this.byId.has(id) || this.aliases.has(id); k++) id = `${base}-${k}`;
    return id;
  }

  private evict(): void {
    while (this.byId.size > this.config.maxClusters) {
      this.remove(this.byId.values().next().value as Cluster);
    }
  }
}

function view(cluster: Cluster): TemplateCluster {
  return { id: cluster.id, template: cluster.tokens.join(' '), size: cluster.size };
}

/** The number of wildcards a template uses to fit the tokens, or -1 when they do not fit. */
function fits(template: string[], tokens: string[]): number {
  let wild = 0;
  let anchored = false;
  let informative = false;
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    if (t === WILDCARD) {
      wild++;
      if (!informative && !tokens[i]!.includes(WILDCARD)) informative = true;
    } else if (t !== tokens[i]) return -1;
    else if (!anchored && !t.includes(WILDCARD)) anchored = true;
  }
  // A template of wildcards only fits messages of values only, not words.
  return anchored || !informative ? wild : -1;
}

/**
 * Where a template differs from a message (a constant against another token), if they are at
 * least `similarity` alike over the message's informative tokens (a token that is wholly or partly
 * masked and equal on both sides tells nothing about the event, so it counts on neither side).
 */
function differences(template: string[], tokens: string[], similarity: number): number[] | undefined {
  let informative = 0;
  let same = 0;
  let equalWords = 0;
  const positions: number[] = [];
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    const m = tokens[i]!;
    if (t === m) {
      if (!m.includes(WILDCARD)) {
        informative++;
        same++;
        equalWords++;
      }
    } else if (t === WILDCARD) {
      informative++;
      same++;
    } else {
      informative++;
      positions.push(i);
    }
  }
  // Alike only on the strength of at least one word they share, not of wildcards alone.
  if (positions.length === 0 || equalWords === 0) return undefined;
  return same >= similarity * informative ? positions : undefined;
}

/** The tree key of a token: tokens holding a variable all share the `<*>` branch. */
function treeKey(token: string): string {
  return token.includes(WILDCARD) ? WILDCARD : token;
}

function removeFrom<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

/** cyrb53: a fast 53-bit string hash, printed base 36 (about 11 characters). */
function hashId(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 't' + (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
