/**
 * dynalite with three per-call costs taken out of its store: table descriptions kept in memory
 * (`cacheTableDescriptions`), reads answered by LevelDB's synchronous read (`readSynchronously`)
 * and one turn's writes combined into one LevelDB batch (`combineWrites`).
 *
 * dynalite reads a table's description from LevelDB before every operation (`getTable` in
 * `dynalite/db/index.js`): a native round trip and a JSON decode per call, about a sixth of its CPU
 * under `bench:incidents`. This wraps the one place those descriptions live, the store's `tableDb`
 * (which `getTable`, CreateTable, UpdateTable and DeleteTable all go through), so that a read is
 * answered from memory after the first. Every write to it — CreateTable, UpdateTable, DeleteTable
 * and their delayed status changes — forgets the table's copy, before and after the write, and a
 * read that began before a write never stores what it read: no operation sees a description older
 * than LevelDB's. Each read gets its own copy (callers such as UpdateTable change what they get).
 *
 * dynalite does not expose its store, so its `db.create` is wrapped for the duration of the one
 * `dynalite()` call that makes it (nothing under node_modules is edited).
 */
import { createRequire } from 'node:module';
import dynalite from 'dynalite';

type Callback = (err: Error | null, value?: unknown) => void;

/** The part of dynalite's prefixed LevelDB wrapper that holds table descriptions. */
export interface TableDb {
  get(key: string, callback?: Callback): unknown;
  put(key: string, value: unknown, callback?: Callback): unknown;
  del(key: string, callback?: Callback): unknown;
  batch(operations: Array<{ key: string }>, callback?: Callback): unknown;
}

/** How many table-description reads reached LevelDB and how many memory answered (for tests). */
export interface TableCacheStats {
  misses: number;
  hits: number;
}

/**
 * Makes `tableDb` answer reads of table descriptions from memory, forgetting a table's copy on
 * every write to it. Returns the counts of reads served each way.
 */
export function cacheTableDescriptions(tableDb: TableDb): TableCacheStats {
  const stats: TableCacheStats = { misses: 0, hits: 0 };
  const copies = new Map<string, string>();
  // Per table, bumped as each write starts and ends: a read that saw it change keeps no copy.
  const generation = new Map<string, number>();
  const writing = new Map<string, number>();
  const bump = (key: string) => generation.set(key, (generation.get(key) ?? 0) + 1);
  const writeStarts = (key: string) => {
    copies.delete(key);
    bump(key);
    writing.set(key, (writing.get(key) ?? 0) + 1);
  };
  const writeEnds = (key: string) => {
    copies.delete(key);
    bump(key);
    const left = (writing.get(key) ?? 1) - 1;
    if (left) writing.set(key, left);
    else writing.delete(key);
  };
  /** Runs a write with its key forgotten around it, keeping its callback or promise style. */
  const write = (keys: string[], run: (callback?: Callback) => unknown, callback?: Callback): unknown => {
    for (const key of keys) writeStarts(key);
    const done = () => keys.forEach(writeEnds);
    if (typeof callback === 'function') {
      return run((err, value) => {
        done();
        callback(err, value);
      });
    }
    return Promise.resolve(run()).finally(done);
  };

  const get = tableDb.get.bind(tableDb);
  const put = tableDb.put.bind(tableDb);
  const del = tableDb.del.bind(tableDb);
  const batch = tableDb.batch.bind(tableDb);
  tableDb.get = (key, callback) => {
    const copy = copies.get(key);
    if (copy !== undefined) {
      stats.hits++;
      const value: unknown = JSON.parse(copy);
      if (typeof callback !== 'function') return Promise.resolve(value);
      process.nextTick(callback, null, value);
      return undefined;
    }
    stats.misses++;
    const seen = generation.get(key) ?? 0;
    const keep = (value: unknown) => {
      if (value !== undefined && !writing.has(key) && (generation.get(key) ?? 0) === seen) copies.set(key, JSON.stringify(value));
    };
    if (typeof callback !== 'function') {
      return Promise.resolve(get(key)).then((value) => {
        keep(value);
        return value;
      });
    }
    return get(key, (err: Error | null, value?: unknown) => {
      if (!err) keep(value);
      callback(err, value);
    });
  };
  tableDb.put = (key, value, callback) => write([key], (cb) => put(key, value, cb), callback);
  tableDb.del = (key, callback) => write([key], (cb) => del(key, cb), callback);
  tableDb.batch = (operations, callback) => write([...new Set(operations.map((op) => op.key))], (cb) => batch(operations, cb), callback);
  return stats;
}

/** dynalite's LevelDB database, as its store wraps it (callback style, JSON values). */
export interface LevelDb {
  status: string;
  supports: { getSync?: boolean };
  get(key: string, callback?: Callback): unknown;
  getSync(key: string): unknown;
}

type WriteOp = { type: 'put'; key: string; value: unknown } | { type: 'del'; key: string };

/** dynalite's LevelDB database's writes (callback style). */
export interface LevelDbWrites {
  status: string;
  put(key: string, value: unknown, callback?: Callback): unknown;
  del(key: string, callback?: Callback): unknown;
  batch(operations: WriteOp[], callback?: Callback): unknown;
}

/**
 * Combines the single writes dynalite makes in one go (an item and its index entries, which it
 * issues together) into one LevelDB batch, in the order they were made: one thread-pool round
 * trip instead of one per write. The batch leaves on the next tick, so no write waits for a later
 * turn of the event loop (waiting a turn to gather more requests' writes cost more CPU than it
 * saved, measured with `npm run bench:dynalite`). Each write's callback still comes only once its
 * batch is written (a batch is atomic, so no write lands without the others), and a failed batch
 * fails each of its writes. Writes with no callback, or while the database is not open, go the
 * original way.
 */
export function combineWrites(db: LevelDbWrites): void {
  const put = db.put.bind(db);
  const del = db.del.bind(db);
  const batch = db.batch.bind(db);
  let pending: Array<{ op: WriteOp; callback: Callback }> | undefined;
  const flush = () => {
    const writes = pending!;
    pending = undefined;
    batch(writes.map((w) => w.op), (err) => {
      for (const w of writes) w.callback(err ?? null);
    });
  };
  const queue = (op: WriteOp, callback: Callback) => {
    if (!pending) {
      pending = [];
      process.nextTick(flush);
    }
    pending.push({ op, callback });
    return undefined;
  };
  db.put = (key, value, callback) => (typeof callback === 'function' && db.status === 'open' ? queue({ type: 'put', key, value }, callback) : put(key, value, callback));
  db.del = (key, callback) => (typeof callback === 'function' && db.status === 'open' ? queue({ type: 'del', key }, callback) : del(key, callback));
}

/**
 * Answers dynalite's reads (`get`) with LevelDB's synchronous read, still calling back on a later
 * turn of the event loop as before. An asynchronous read is a round trip through libuv's thread
 * pool (a queued work item, a thread woken, a completion back on the loop) for what LevelDB
 * answers from its memtable or block cache in about a microsecond; on this 2-core machine the
 * hand-offs cost ~15 µs of CPU a read even idle, and far more under load. What a read sees is the
 * same: every write dynalite was told is done is visible to both. Anything unusual (a closed
 * database, a read with a callback missing) goes the original way.
 */
export function readSynchronously(db: LevelDb): void {
  if (!db.supports.getSync) return;
  const get = db.get.bind(db);
  db.get = (key, callback) => {
    if (typeof callback !== 'function' || db.status !== 'open') return get(key, callback);
    let value: unknown;
    try {
      value = db.getSync(key);
    } catch {
      return get(key, callback);
    }
    setImmediate(callback, null, value);
    return undefined;
  };
}

type DynaliteOptions = NonNullable<Parameters<typeof dynalite>[0]>;

/**
 * Makes a dynalite server (not yet listening) whose store keeps table descriptions in memory
 * (`cacheTableDescriptions`), reads synchronously (`readSynchronously`) and combines each turn's
 * writes (`combineWrites`). Answers the server and the cache's counts.
 */
export function fastDynalite(options: DynaliteOptions): { server: ReturnType<typeof dynalite>; stats: TableCacheStats } {
  // The module dynalite's index.js loaded as './db' (one instance in the require cache).
  const db = createRequire(import.meta.url)('dynalite/db/index.js') as { create: (options: DynaliteOptions) => { db: LevelDb & LevelDbWrites; tableDb: TableDb } };
  const create = db.create;
  let stats: TableCacheStats | undefined;
  db.create = (opts) => {
    const store = create(opts);
    stats = cacheTableDescriptions(store.tableDb);
    readSynchronously(store.db);
    combineWrites(store.db);
    return store;
  };
  try {
    const server = dynalite(options);
    if (!stats) throw new Error('dynalite did not create its store through db.create');
    return { server, stats };
  } finally {
    db.create = create;
  }
}
