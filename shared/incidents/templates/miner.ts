/**
 * A Drain-style log-template miner (after He et al., "Drain: An Online Log Parsing Approach with
 * Fixed Depth Tree", ICWS 2017), online, pure and bounded.
 *
 * A message is masked (mask.ts), then routed through a fixed-depth tree (its token count, then its
 * leading tokens) to the few clusters whose template it could fit. If it fits one (every constant
 * token equal), it joins it. If not, it is compared with every cluster of its token count: those
 * at least `similarity` alike (sharing a word) are its siblings, and a position where they differ
 * becomes a variable once `minDistinct` distinct values have been seen there, or when it only ever
 * held values; siblings that differ only at variable positions merge with the message into one
 * cluster with `<*>` there, absorbing any cluster the new template subsumes. Otherwise the message
 * starts a cluster. So "VM Started" and "VM Stopped" stay apart while "Invalid user <*>" gathers
 * every user name: a word is a variable when the data shows it varies, not because it differs once.
 *
 * Ids are stable: a cluster's id is a hash of its first template, kept for its whole life; a
 * merge keeps the oldest member's id and records the others as aliases (see `resolve`). The least
 * recently seen clusters are evicted past the limits, and the state round-trips through `toJSON()`
 * and `TemplateMiner.restore()` to an identical miner.
 */
import {
  TEMPLATE_MINER_CONFIG,
  TEMPLATE_MINER_LIMITS,
  type TemplateMinerConfig,
  type TemplateMinerLimits,
} from './config.ts';
import { maskMessage, WILDCARD } from './mask.ts';
import { MINER_STATE_VERSION, MinerState } from './state.ts';

/** A cluster of messages sharing one template. */
export interface TemplateCluster {
  /** Stable id: a hash of the cluster's first template, kept for its whole life. */
  id: string;
  /** The template: tokens joined by one space, `<*>` where messages differ. */
  template: string;
  /** Messages seen. */
  size: number;
}

/** What `add()` did with a message. */
export interface MatchResult {
  /** The message's cluster. */
  clusterId: string;
  /** The cluster's template, as it stands after this message. */
  template: string;
  /**
   * `matched`: the message fit an existing template; `created`: it started a cluster; `merged`:
   * clusters merged into `clusterId` (their ids, now aliases of it, are in `mergedIds`) and its
   * template gained wildcards.
   */
  change: 'matched' | 'created' | 'merged';
  mergedIds?: string[];
  /** Clusters evicted to stay within the limits, as they last stood. */
  evicted?: TemplateCluster[];
}

interface Cluster {
  id: string;
  tokens: string[];
  size: number;
  /** Ticks (the miner's message counter) of the first and the last message. */
  firstSeen: number;
  lastSeen: number;
  /** The tree leaf holding it. */
  leaf: Cluster[];
  /** Upper bound of its record's size in the serialized state. */
  bytes: number;
}

interface Node {
  children: Map<string, Node | Cluster[]>;
}

/** Bytes of the state around the records, and of a record around its two strings (numbers included). */
const STATE_OVERHEAD = 64;
const RECORD_OVERHEAD = 64;
const ALIAS_OVERHEAD = 8;

export class TemplateMiner {
  readonly config: TemplateMinerConfig = TEMPLATE_MINER_CONFIG;
  readonly limits: TemplateMinerLimits;
  private readonly root = new Map<number, Node | Cluster[]>();
  /** Clusters of each token count, for the sibling search. */
  private readonly byLength = new Map<number, Set<Cluster>>();
  /** Clusters by id, least recently seen first (a hit re-inserts). */
  private readonly byId = new Map<string, Cluster>();
  /** Ids merged into another cluster → the id they were merged into, oldest first. */
  private readonly aliases = new Map<string, string>();
  private tick = 0;
  private bytes = STATE_OVERHEAD;
  private structure = 0;

  /** @param limits lower bounds than the defaults (the matching configuration is fixed) */
  constructor(limits: Partial<TemplateMinerLimits> = {}) {
    this.limits = { ...TEMPLATE_MINER_LIMITS, ...limits };
  }

  /**
   * A miner from a saved state (`toJSON()`), behaving exactly as the one that saved it.
   * @throws Error when the state is not a valid miner state
   */
  static restore(state: unknown, limits: Partial<TemplateMinerLimits> = {}): TemplateMiner {
    const parsed = MinerState.safeParse(state);
    if (!parsed.success) throw new Error(`Not a template miner state: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const miner = new TemplateMiner(limits);
    miner.tick = parsed.data.tick;
    for (const [id, template, size, firstSeen, lastSeen] of parsed.data.clusters) {
      if (miner.byId.has(id)) continue;
      miner.create(id, template === '' ? [] : template.split(' '), size, firstSeen, lastSeen);
    }
    for (const [from, to] of parsed.data.aliases) miner.alias(from, to);
    miner.evict();
    miner.structure = 0;
    return miner;
  }

  /** The compact, bounded state: clusters least recently seen first, then aliases. */
  toJSON(): MinerState {
    return {
      v: MINER_STATE_VERSION,
      tick: this.tick,
      clusters: [...this.byId.values()].map((c) => [c.id, c.tokens.join(' '), c.size, c.firstSeen, c.lastSeen]),
      aliases: [...this.aliases],
    };
  }

  /**
   * Counts the changes to templates, clusters and aliases (not mere matches): a caller saves the
   * state when this moved since its last save. Restoring starts it at 0.
   */
  get revision(): number {
    return this.structure;
  }

  /** Messages seen. */
  get messages(): number {
    return this.tick;
  }

  /** Clusters held. */
  get size(): number {
    return this.byId.size;
  }

  /** Upper bound of the serialized state's size in bytes (UTF-8 JSON of `toJSON()`). */
  get stateBytes(): number {
    return this.bytes;
  }

  /** Masks and tokenizes a message as the miner does. */
  tokens(message: string): string[] {
    const text = message.length > this.config.maxMessageLength ? message.slice(0, this.config.maxMessageLength) : message;
    const tokens = maskMessage(text, this.config.maxTokens);
    const max = this.config.maxTokenLength;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.length > max) tokens[i] = tokens[i]!.slice(0, max);
    }
    return tokens;
  }

  /** The tree path a message takes: its token count, then up to `depth` leading keys. */
  route(message: string): string[] {
    const tokens = this.tokens(message);
    return [String(tokens.length), ...tokens.slice(0, this.config.depth).map(treeKey)];
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
    // Siblings that show variables, and the clusters the resulting template subsumes (a
    // "user webmaster" cluster once "user <*>" exists), merge; else the message starts a cluster.
    const template = tokens.slice();
    const members: Cluster[] = [];
    const siblings = this.siblings(tokens);
    if (siblings) {
      for (const p of siblings.positions) template[p] = WILDCARD;
      for (const s of siblings.clusters) {
        members.push(s);
        for (let i = 0; i < template.length; i++) if (s.tokens[i] === WILDCARD) template[i] = WILDCARD;
      }
    }
    for (const cluster of this.byLength.get(tokens.length) ?? []) {
      if (!members.includes(cluster) && fits(template, cluster.tokens) >= 0) members.push(cluster);
    }
    let result: MatchResult;
    if (members.length) {
      const merged = this.merge(members, template);
      result = { clusterId: merged.cluster.id, template: template.join(' '), change: 'merged', mergedIds: merged.absorbed };
    } else {
      const cluster = this.create(this.newId(tokens), tokens, 1, this.tick, this.tick);
      result = { clusterId: cluster.id, template: tokens.join(' '), change: 'created' };
    }
    this.structure++;
    const evicted = this.evict();
    if (evicted.length) result.evicted = evicted;
    return result;
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

  /** The id a cluster id now answers to: itself, or the cluster it was (transitively) merged into. */
  resolve(id: string): string {
    let current = id;
    for (let hops = 0; hops <= this.aliases.size; hops++) {
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

  /** The most specific cluster whose template the tokens fit (the oldest among equals). */
  private fitting(tokens: string[]): Cluster | undefined {
    const top = this.root.get(tokens.length);
    if (!top) return undefined;
    let best: Cluster | undefined;
    let bestWild = Infinity;
    const visit = (node: Node | Cluster[], level: number): void => {
      if (Array.isArray(node)) {
        for (const cluster of node) {
          const wild = fits(cluster.tokens, tokens);
          if (wild >= 0 && (wild < bestWild || (wild === bestWild && cluster.firstSeen < best!.firstSeen))) {
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
   * The siblings of a message that fits no template, and the positions that are variables among
   * them: clusters of its token count at least `similarity` alike, that differ from it only at
   * positions showing `minDistinct` distinct values, or only ever values.
   */
  private siblings(tokens: string[]): { clusters: Cluster[]; positions: number[] } | undefined {
    const sameLength = this.byLength.get(tokens.length);
    if (!sameLength) return undefined;
    const candidates: Array<{ cluster: Cluster; positions: number[] }> = [];
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
    if (!candidates.length) return undefined;
    const variable = new Map<number, boolean>();
    for (const [p, seen] of values) {
      let onlyValues = true;
      for (const v of seen) if (!v.includes(WILDCARD) || v.includes('=')) onlyValues = false;
      variable.set(p, onlyValues || seen.size >= this.config.minDistinct);
    }
    const clusters: Cluster[] = [];
    const positions = new Set<number>();
    for (const c of candidates) {
      if (!c.positions.every((p) => variable.get(p))) continue;
      clusters.push(c.cluster);
      for (const p of c.positions) positions.add(p);
    }
    return clusters.length ? { clusters, positions: [...positions] } : undefined;
  }

  /** Merges clusters and the message into the oldest cluster, under their shared template. */
  private merge(members: Cluster[], template: string[]): { cluster: Cluster; absorbed: string[] } {
    let keep = members[0]!;
    for (const m of members) if (m.firstSeen < keep.firstSeen) keep = m;
    let size = 1;
    const absorbed: string[] = [];
    for (const m of members) {
      size += m.size;
      if (m === keep) continue;
      this.remove(m);
      this.alias(m.id, keep.id);
      absorbed.push(m.id);
    }
    this.retemplate(keep, template);
    this.touch(keep, size - keep.size);
    return { cluster: keep, absorbed };
  }

  /** Counts messages into a cluster and makes it the most recently seen. */
  private touch(cluster: Cluster, added: number): void {
    cluster.size += added;
    cluster.lastSeen = this.tick;
    this.byId.delete(cluster.id);
    this.byId.set(cluster.id, cluster);
  }

  private create(id: string, tokens: string[], size: number, firstSeen: number, lastSeen: number): Cluster {
    const cluster: Cluster = { id, tokens, size, firstSeen, lastSeen, leaf: this.leafFor(tokens), bytes: 0 };
    cluster.leaf.push(cluster);
    cluster.bytes = recordBytes(cluster);
    this.bytes += cluster.bytes;
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
    this.bytes -= cluster.bytes;
  }

  /** Gives a cluster a new template (same token count) and moves it to the leaf that now routes to it. */
  private retemplate(cluster: Cluster, tokens: string[]): void {
    cluster.tokens = tokens;
    this.bytes -= cluster.bytes;
    cluster.bytes = recordBytes(cluster);
    this.bytes += cluster.bytes;
    const leaf = this.leafFor(tokens);
    if (leaf === cluster.leaf) return;
    removeFrom(cluster.leaf, cluster);
    cluster.leaf = leaf;
    leaf.push(cluster);
  }

  private alias(from: string, to: string): void {
    const old = this.aliases.get(from);
    if (old !== undefined) this.bytes -= aliasBytes(from, old);
    this.aliases.delete(from);
    this.aliases.set(from, to);
    this.bytes += aliasBytes(from, to);
    while (this.aliases.size > this.limits.maxAliases) {
      const [oldest, into] = this.aliases.entries().next().value as [string, string];
      this.aliases.delete(oldest);
      this.bytes -= aliasBytes(oldest, into);
    }
  }

  /** Evicts the least recently seen clusters while over a limit; the most recent one always stays. */
  private evict(): TemplateCluster[] {
    const evicted: TemplateCluster[] = [];
    while (this.byId.size > 1 && (this.byId.size > this.limits.maxClusters || this.bytes > this.limits.maxStateBytes)) {
      const oldest = this.byId.values().next().value as Cluster;
      this.remove(oldest);
      evicted.push(view(oldest));
      this.structure++;
    }
    return evicted;
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
}

function view(cluster: Cluster): TemplateCluster {
  return { id: cluster.id, template: cluster.tokens.join(' '), size: cluster.size };
}

/**
 * The number of wildcards a template uses to fit the tokens, or -1 when they do not fit: every
 * constant must be equal, and a template of wildcards only fits messages of values only.
 */
function fits(template: string[], tokens: string[]): number {
  let wild = 0;
  let anchored = false;
  let words = false;
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    if (t === WILDCARD) {
      wild++;
      if (!words && !tokens[i]!.includes(WILDCARD)) words = true;
    } else if (t !== tokens[i]) return -1;
    else if (!anchored && !t.includes(WILDCARD)) anchored = true;
  }
  return anchored || !words ? wild : -1;
}

/**
 * Where a template differs from a message, if they are alike: they share at least one word, and
 * `similarity` of the informative positions agree (a template `<*>` agrees with anything; a token
 * holding a value, equal on both sides, tells nothing about the event and counts on neither side).
 */
function differences(template: string[], tokens: string[], similarity: number): number[] | undefined {
  let informative = 0;
  let agree = 0;
  let sharedWords = 0;
  const positions: number[] = [];
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    const m = tokens[i]!;
    if (t === m) {
      if (!m.includes(WILDCARD)) {
        informative++;
        agree++;
        sharedWords++;
      }
    } else if (t === WILDCARD) {
      informative++;
      agree++;
    } else {
      informative++;
      positions.push(i);
    }
  }
  if (positions.length === 0 || sharedWords === 0) return undefined;
  return agree >= similarity * informative ? positions : undefined;
}

/** The tree key of a token: tokens holding a value all share the `<*>` branch. */
function treeKey(token: string): string {
  return token.includes(WILDCARD) ? WILDCARD : token;
}

function removeFrom<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

function recordBytes(cluster: Cluster): number {
  let bytes = RECORD_OVERHEAD + jsonBytes(cluster.id) + cluster.tokens.length;
  for (const t of cluster.tokens) bytes += jsonBytes(t);
  return bytes;
}

function aliasBytes(from: string, to: string): number {
  return ALIAS_OVERHEAD + jsonBytes(from) + jsonBytes(to);
}

/** Upper bound of a string's size as a JSON string in UTF-8 (quotes included). */
function jsonBytes(text: string): number {
  let bytes = 2;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20) bytes += 6;
    else if (code === 0x22 || code === 0x5c) bytes += 2;
    else if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdfff) bytes += 6; // a lone half is escaped as \udxxx
    else bytes += 3;
  }
  return bytes;
}

/** cyrb53: a fast 53-bit string hash, printed base 36 after a `t` (about 12 characters). */
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
