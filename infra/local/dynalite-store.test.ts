import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheTableDescriptions, combineWrites, fastDynalite, readSynchronously, type LevelDb, type LevelDbWrites, type TableCacheStats, type TableDb } from './dynalite-store.ts';

describe('dynalite with table descriptions in memory and synchronous reads (LevelDB files, as the stand-ins run it)', () => {
  let close: () => Promise<void>;
  let client: DynamoDBClient;
  let stats: TableCacheStats;
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-dynalite-store-'));

  beforeAll(async () => {
    const started = fastDynalite({ path: dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    stats = started.stats;
    await new Promise<void>((resolve) => started.server.listen(0, '127.0.0.1', () => resolve()));
    const endpoint = `http://127.0.0.1:${(started.server.address() as { port: number }).port}`;
    client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    close = () => new Promise<void>((resolve) => started.server.close(() => resolve()));
  });
  afterAll(async () => {
    client.destroy();
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The table's description once ACTIVE: dynalite turns a created or updated table ACTIVE just after answering, as DynamoDB does later. */
  const untilActive = async () => {
    let described = await client.send(new DescribeTableCommand({ TableName: 'tbl' }));
    for (let i = 0; i < 100 && described.Table?.TableStatus !== 'ACTIVE'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      described = await client.send(new DescribeTableCommand({ TableName: 'tbl' }));
    }
    return described.Table;
  };
  const create = async (key: string) => {
    await client.send(
      new CreateTableCommand({
        TableName: 'tbl',
        AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      }),
    );
    expect((await untilActive())?.TableStatus).toBe('ACTIVE');
  };

  it('answers repeated operations from memory, and sees every CreateTable, UpdateTable and DeleteTable', async () => {
    await create('pk');
    const before = { ...stats };
    for (let i = 0; i < 5; i++) await client.send(new PutItemCommand({ TableName: 'tbl', Item: { pk: { S: `a${i}` }, g: { S: 'x' } } }));
    // At most the first reads LevelDB (when the read that saw ACTIVE ran before that write called back).
    expect(stats.misses - before.misses).toBeLessThanOrEqual(1);
    expect(stats.hits - before.hits).toBeGreaterThanOrEqual(4);

    // UpdateTable (dynalite updates throughput and billing mode): the next call sees the new description.
    await client.send(new UpdateTableCommand({ TableName: 'tbl', ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 9 } }));
    // dynalite applies the new throughput as the table turns ACTIVE again.
    expect((await untilActive())?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 7, WriteCapacityUnits: 9 });

    // DeleteTable: the table is gone at once, not still served from memory.
    await client.send(new DeleteTableCommand({ TableName: 'tbl' }));
    await expect(client.send(new GetItemCommand({ TableName: 'tbl', Key: { pk: { S: 'a0' } } }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    // CreateTable again with another key: items are checked against the new key schema.
    await create('id');
    await expect(client.send(new PutItemCommand({ TableName: 'tbl', Item: { pk: { S: 'a' } } }))).rejects.toMatchObject({ name: 'ValidationException' });
    await client.send(new PutItemCommand({ TableName: 'tbl', Item: { id: { S: 'a' } } }));
    expect((await client.send(new GetItemCommand({ TableName: 'tbl', Key: { id: { S: 'a' } } }))).Item?.id?.S).toBe('a');
  });
});

describe('cacheTableDescriptions', () => {
  /** A table store whose reads finish only when the test says so. */
  function slowStore() {
    const data = new Map<string, unknown>();
    const pending: Array<() => void> = [];
    const db: TableDb & { reads: number } = {
      reads: 0,
      get(key, callback) {
        db.reads++;
        const value = data.get(key);
        pending.push(() => callback?.(null, value === undefined ? undefined : structuredClone(value)));
        return undefined;
      },
      put(key, value, callback) {
        data.set(key, structuredClone(value));
        process.nextTick(() => callback?.(null));
        return undefined;
      },
      del(key, callback) {
        data.delete(key);
        process.nextTick(() => callback?.(null));
        return undefined;
      },
      batch(operations, callback) {
        for (const op of operations) data.delete(op.key);
        process.nextTick(() => callback?.(null));
        return undefined;
      },
    };
    return { db, data, finishReads: () => pending.splice(0).forEach((f) => f()) };
  }
  const read = (db: TableDb, key: string) => new Promise<unknown>((resolve, reject) => db.get(key, (err, value) => (err ? reject(err) : resolve(value))));
  const write = (db: TableDb, key: string, value: unknown) => new Promise<void>((resolve, reject) => db.put(key, value, (err) => (err ? reject(err) : resolve())));

  it('keeps nothing that a read saw before a write changed it', async () => {
    const { db, finishReads } = slowStore();
    cacheTableDescriptions(db);
    await write(db, 't', { TableStatus: 'CREATING' });
    const stale = read(db, 't'); // reaches the store before the write below
    await write(db, 't', { TableStatus: 'ACTIVE' });
    finishReads();
    expect(await stale).toEqual({ TableStatus: 'CREATING' });
    const fresh = read(db, 't');
    finishReads();
    expect(await fresh).toEqual({ TableStatus: 'ACTIVE' });
    expect(db.reads).toBe(2);
    // Now kept: the next read does not reach the store.
    expect(await read(db, 't')).toEqual({ TableStatus: 'ACTIVE' });
    expect(db.reads).toBe(2);
  });

  it('gives each reader its own copy', async () => {
    const { db, finishReads } = slowStore();
    cacheTableDescriptions(db);
    await write(db, 't', { TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [] });
    const first = read(db, 't');
    finishReads();
    ((await first) as { GlobalSecondaryIndexes: string[] }).GlobalSecondaryIndexes.push('changed by a caller');
    expect(await read(db, 't')).toEqual({ TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [] });
  });

  it('forgets a table on delete and on a batch', async () => {
    const { db, data, finishReads } = slowStore();
    cacheTableDescriptions(db);
    await write(db, 't', { TableStatus: 'ACTIVE' });
    const first = read(db, 't');
    finishReads();
    await first;
    await new Promise<void>((resolve) => db.del('t', () => resolve()));
    const afterDelete = read(db, 't');
    finishReads();
    expect(await afterDelete).toBeUndefined();
    await write(db, 't', { TableStatus: 'ACTIVE', v: 1 });
    const again = read(db, 't');
    finishReads();
    await again;
    data.set('t', { TableStatus: 'ACTIVE', v: 2 });
    await new Promise<void>((resolve) => db.batch([{ key: 't' }], () => resolve()));
    data.set('t', { TableStatus: 'ACTIVE', v: 3 });
    const afterBatch = read(db, 't');
    finishReads();
    expect(await afterBatch).toEqual({ TableStatus: 'ACTIVE', v: 3 });
  });
});

describe('readSynchronously', () => {
  function fakeDb() {
    const data = new Map<string, unknown>([['a', { v: 1 }]]);
    const db: LevelDb & { asyncReads: number } = {
      asyncReads: 0,
      status: 'open',
      supports: { getSync: true },
      get(key, callback) {
        db.asyncReads++;
        setImmediate(() => callback?.(null, data.get(key)));
        return undefined;
      },
      getSync(key) {
        if (key === 'broken') throw new Error('cannot read');
        return data.get(key);
      },
    };
    return { db, data };
  }
  const read = (db: LevelDb, key: string) =>
    new Promise<{ value: unknown; sync: boolean }>((resolve) => {
      let returned = false;
      db.get(key, (_err, value) => resolve({ value, sync: !returned }));
      returned = true;
    });

  it('answers from the synchronous read, on a later turn, with what was written last', async () => {
    const { db, data } = fakeDb();
    readSynchronously(db);
    expect(await read(db, 'a')).toEqual({ value: { v: 1 }, sync: false });
    data.set('a', { v: 2 });
    expect((await read(db, 'a')).value).toEqual({ v: 2 });
    expect((await read(db, 'missing')).value).toBeUndefined();
    expect(db.asyncReads).toBe(0);
  });

  it('goes the original way when the database is not open, the read fails or no callback is given', async () => {
    const { db } = fakeDb();
    readSynchronously(db);
    await read(db, 'broken');
    expect(db.asyncReads).toBe(1);
    db.status = 'closing';
    await read(db, 'a');
    expect(db.asyncReads).toBe(2);
    db.status = 'open';
    db.get('a');
    expect(db.asyncReads).toBe(3);
  });
});

describe('combineWrites', () => {
  function fakeDb(fail?: Error) {
    const batches: unknown[][] = [];
    let finish: (() => void) | undefined;
    const db: LevelDbWrites & { singles: number } = {
      singles: 0,
      status: 'open',
      put(_key, _value, callback) {
        db.singles++;
        setImmediate(() => callback?.(null));
        return undefined;
      },
      del(_key, callback) {
        db.singles++;
        setImmediate(() => callback?.(null));
        return undefined;
      },
      batch(operations, callback) {
        batches.push(operations);
        finish = () => callback?.(fail ?? null);
        return undefined;
      },
    };
    return { db, batches, finish: () => finish?.() };
  }
  const write = (run: (cb: (err: Error | null) => void) => void) =>
    new Promise<Error | null>((resolve) => run((err) => resolve(err)));

  it('writes the puts and deletes made together as one batch, in order, and calls each back once it is written', async () => {
    const { db, batches, finish } = fakeDb();
    combineWrites(db);
    let called = 0;
    const done = [
      write((cb) => db.put('item', { a: 1 }, (e) => (called++, cb(e)))),
      write((cb) => db.del('index-old', (e) => (called++, cb(e)))),
      write((cb) => db.put('index-new', { a: 1 }, (e) => (called++, cb(e)))),
    ];
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[{ type: 'put', key: 'item', value: { a: 1 } }, { type: 'del', key: 'index-old' }, { type: 'put', key: 'index-new', value: { a: 1 } }]]);
    expect(called).toBe(0);
    finish();
    expect(await Promise.all(done)).toEqual([null, null, null]);
    // A later write is a batch of its own.
    const later = write((cb) => db.put('x', 1, cb));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(2);
    finish();
    await later;
    expect(db.singles).toBe(0);
  });

  it('fails every write of a batch that fails, and leaves writes alone while the database is not open', async () => {
    const failure = new Error('disk full');
    const { db, finish } = fakeDb(failure);
    combineWrites(db);
    const done = [write((cb) => db.put('a', 1, cb)), write((cb) => db.del('b', cb))];
    await new Promise((resolve) => setImmediate(resolve));
    finish();
    expect(await Promise.all(done)).toEqual([failure, failure]);
    db.status = 'closing';
    await write((cb) => db.put('c', 1, cb));
    expect(db.singles).toBe(1);
  });
});
