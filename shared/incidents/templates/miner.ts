/**
 * A Drain-style log-template miner (He et al., ICWS 2017): masked tokens are routed through a
 * fixed-depth tree (token count, then the leading tokens) to a few candidate clusters; the most
 * similar one above a threshold absorbs the message and its template turns differing tokens into
 * `<*>`; otherwise a new cluster starts. Online, pure, and bounded: the least recently seen
 * clusters are evicted past a cap, and the state round-trips through `toJSON()`/`restore()`.
 */
import { maskMessage, WILDCARD } from './mask.ts';

/** How the miner matches. One configuration serves every source (see docs/incidents.md). */
export interface TemplateMinerConfig {
  /** Leading tokens used as tree levels below the token-count level. */
  depth: number;
  /** Share of a template's tokens a message must match to join its cluster (0–1). */
  similarity: number;
  /** Children per tree node before further distinct tokens share the `<*>` child. */
  maxChildren: number;
  /** Clusters kept; past it the least recently seen is evicted. */
  maxClusters: number;
  /** Tokens kept of a message (the rest is dropped), bounding work and state size. */
  maxTokens: number;
  /** Characters kept of a token. */
  maxTokenLength: number;
  /** Count a template's `<*>` as a match when scoring similarity. */
  wildcardMatches: boolean;
}

export const DEFAULT_MINER_CONFIG: TemplateMinerConfig = {
  depth: 2,
  similarity: 0.5,
  maxChildren: 100,
  maxClusters: 1000,
  maxTokens: 64,
  maxTokenLength: 64,
  wildcardMatches: false,
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
  /** `created`: a new cluster; `generalized`: the template gained a `<*>`; `matched`: unchanged. */
  change: 'created' | 'generalized' | 'matched';
}

interface Cluster {
  id: string;
  tokens: string[];
  size: number;
  /** Tick of the last message (the miner's message counter), for LRU eviction. */
  lastSeen: number;
  leaf: Leaf;
}

interface Leaf {
  clusters: Cluster[];
}

interface Node {
  children: Map<string, Node | Leaf>;
}

export class TemplateMiner {
  readonly config: TemplateMinerConfig;
  private readonly root = new Map<number, Node | Leaf>();
  /** Clusters by id, in least-recently-seen-first order (re-inserted on each hit). */
  private readonly byId = new Map<string, Cluster>();
  private tick = 0;

  constructor(config: Partial<TemplateMinerConfig> = {}) {
    this.config = { ...DEFAULT_MINER_CONFIG, ...config };
  }

  /** Masks a message and tokenizes it as the miner does. */
  tokens(message: string): string[] {
    const tokens = maskMessage(message, this.config.maxTokens);
    const max = this.config.maxTokenLength;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.length > max) tokens[i] = t.slice(0, max);
    }
    return tokens;
  }

  /** Adds one message: joins the most similar cluster or starts a new one. */
  add(message: string): MatchResult {
    const tokens = this.tokens(message);
    this.tick++;
    const found = this.best(tokens);
    if (found) {
      const cluster = found;
      cluster.size++;
      cluster.lastSeen = this.tick;
      this.byId.delete(cluster.id);
      this.byId.set(cluster.id, cluster);
      let changed = false;
      const t = cluster.tokens;
      for (let i = 0; i < t.length; i++) {
        if (t[i] !== tokens[i] && t[i] !== WILDCARD) {
          t[i] = WILDCARD;
          changed = true;
        }
      }
      if (changed) this.rehome(cluster);
      return { clusterId: cluster.id, template: t.join(' '), change: changed ? 'generalized' : 'matched' };
    }
    const cluster = this.create(tokens, 1, this.tick, undefined);
    this.evict();
    return { clusterId: cluster.id, template: tokens.join(' '), change: 'created' };
  }

  /** The cluster a message would join, without changing anything; undefined if none. */
  match(message: string): TemplateCluster | undefined {
    const found = this.best(this.tokens(message));
    return found ? view(found) : undefined;
  }

  /** A cluster by id (undefined once evicted). */
  get(id: string): TemplateCluster | undefined {
    const cluster = this.byId.get(id);
    return cluster ? view(cluster) : undefined;
  }

  /** Every cluster, least recently seen first. */
  clusters(): TemplateCluster[] {
    return [...this.byId.values()].map(view);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The most similar cluster at or above the threshold among the candidates the tree yields. */
  private best(tokens: string[]): Cluster | undefined {
    const top = this.root.get(tokens.length);
    if (!top) return undefined;
    let best: Cluster | undefined;
    let bestSim = -1;
    let bestWild = Infinity;
    const visit = (node: Node | Leaf, level: number): void => {
      if ('clusters' in node) {
        for (const cluster of node.clusters) {
          const [sim, wild] = this.similarity(cluster.tokens, tokens);
          if (sim > bestSim || (sim === bestSim && wild < bestWild)) {
            best = cluster;
            bestSim = sim;
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
    return bestSim >= this.config.similarity ? best : undefined;
  }

  /** Share of positions where the template equals the message, and the template's wildcards. */
  private similarity(template: string[], tokens: string[]): [number, number] {
    let same = 0;
    let wild = 0;
    for (let i = 0; i < template.length; i++) {
      const t = template[i]!;
      if (t === WILDCARD) {
        wild++;
        if (this.config.wildcardMatches) same++;
      } else if (t === tokens[i]) same++;
    }
    return [template.length === 0 ? 1 : same / template.length, wild];
  }

  private create(tokens: string[], size: number, lastSeen: number, id: string | undefined): Cluster {
    const cluster: Cluster = { id: id ?? this.newId(tokens), tokens, size, lastSeen, leaf: { clusters: [] } };
    cluster.leaf = this.leafFor(tokens);
    cluster.leaf.clusters.push(cluster);
    this.byId.set(cluster.id, cluster);
    return cluster;
  }

  /** Moves a cluster whose leading tokens became wildcards to the leaf its template now routes to. */
  private rehome(cluster: Cluster): void {
    const leaf = this.leafFor(cluster.tokens);
    if (leaf === cluster.leaf) return;
    removeFrom(cluster.leaf.clusters, cluster);
    cluster.leaf = leaf;
    leaf.clusters.push(cluster);
  }

  /** The leaf for a token list, made on the way: token count, then up to `depth` leading tokens. */
  private leafFor(tokens: string[]): Leaf {
    const depth = Math.min(this.config.depth, tokens.length);
    let node = this.root.get(tokens.length);
    if (!node) {
      node = depth === 0 ? { clusters: [] } : { children: new Map() };
      this.root.set(tokens.length, node);
    }
    for (let level = 0; level < depth; level++) {
      const inner = node as Node;
      let key = treeKey(tokens[level]!);
      if (!inner.children.has(key) && inner.children.size >= this.config.maxChildren) key = WILDCARD;
      let next = inner.children.get(key);
      if (!next) {
        next = level === depth - 1 ? { clusters: [] } : { children: new Map() };
        inner.children.set(key, next);
      }
      node = next;
    }
    return node as Leaf;
  }

  private newId(tokens: string[]): string {
    const base = hashId(tokens.join(' '));
    let id = base;
    for (let k = 2; this.byId.has(id); k++) id = `${base}-${k}`;
    return id;
  }

  private evict(): void {
    while (this.byId.size > this.config.maxClusters) {
      const oldest = this.byId.values().next().value as Cluster;
      this.byId.delete(oldest.id);
      removeFrom(oldest.leaf.clusters, oldest);
    }
  }
}

function view(cluster: Cluster): TemplateCluster {
  return { id: cluster.id, template: cluster.tokens.join(' '), size: cluster.size };
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
