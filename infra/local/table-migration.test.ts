import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { afterEach, describe, expect, it } from 'vitest';
import { TABLE_KEYS } from '../../shared/db/table-design.ts';
import { dumpFile, ensureTable, tableDefinition, type RebuildStep } from './table-migration.ts';

const TABLE = 'mosaic-local';

/** dynalite on `dir`, as the local runtime runs it (LevelDB files: what a data folder holds). */
async function startDynalite(dir: string) {
  const server = dynalite({ path: dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The table as the design was before gsi2: only gsi1. */
function oldDesign() {
  const now = tableDefinition(TABLE);
  const gsi1 = TABLE_KEYS.indexes.gsi1;
  return {
    ...now,
    AttributeDefinitions: ['pk', 'sk', gsi1.partitionKey, gsi1.sortKey].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    GlobalSecondaryIndexes: now.GlobalSecondaryIndexes!.filter((g) => g.IndexName === gsi1.name),
  };
}

/** 120 items of several shapes: plain, in gsi1, with a number, a map, a list, bytes, a null. */
function items(): Array<Record<string, AttributeValue>> {
  return Array.from({ length: 120 }, (_, i) => ({
    pk: { S: `USER#u${i % 7}` },
    sk: { S: `ENTRY#2026-01-${String((i % 28) + 1).padStart(2, '0')}#a${i}` },
    ...(i % 2 ? { gsi1pk: { S: `USER#u${i % 7}#ACT#a${i % 3}` }, gsi1sk: { S: `2026-01-${String((i % 28) + 1).padStart(2, '0')}` } } : {}),
    value: { N: String(i * 1.5) },
    slot: { M: { s: { S: 'done' }, at: { N: String(1_700_000_000_000 + i) } } },
    tags: { L: [{ S: 'a' }, { NULL: true }] },
    ...(i % 10 === 0 ? { blob: { B: new Uint8Array([0, 1, 2, 255, i]) } } : {}),
  }));
}

async function seedOldTable(client: DynamoDBClient) {
  await client.send(new CreateTableCommand(oldDesign()));
  // Even with createTableMs 0, dynalite makes a table ACTIVE a moment later.
  while ((await client.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.TableStatus !== 'ACTIVE') {
    await new Promise((r) => setTimeout(r, 20));
  }
  const all = items();
  for (let i = 0; i < all.length; i += 25) {
    await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: all.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
  return all;
}

async function scanAll(client: DynamoDBClient) {
  const out: Array<Record<string, AttributeValue>> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey: start }));
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const key = (i: Record<string, AttributeValue>) => `${i.pk!.S}|${i.sk!.S}`;
  return out.sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

const sorted = (list: Array<Record<string, AttributeValue>>) =>
  [...list].sort((a, b) => (`${a.pk!.S}|${a.sk!.S}` < `${b.pk!.S}|${b.sk!.S}` ? -1 : 1));

async function indexNames(client: DynamoDBClient) {
  const table = (await client.send(new DescribeTableCommand({ TableName: TABLE }))).Table!;
  return (table.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName).sort();
}

describe('the local table follows the design when it gains an index', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mosaic-migrate-'));
    mkdirSync(join(dir, 'dynamodb'));
    dirs.push(dir);
    return dir;
  };

  it('rebuilds a data folder made with the old design: every item kept, every index there, the dump gone', async () => {
    const dir = dataDir();
    let db = await startDynalite(join(dir, 'dynamodb'));
    const seeded = await seedOldTable(db.client);
    expect(await indexNames(db.client)).toEqual(['gsi1']);
    await db.close();

    // Started again with the new design, on the same folder.
    db = await startDynalite(join(dir, 'dynamodb'));
    const lines: string[] = [];
    await ensureTable(db.client, TABLE, { dataDir: dir, log: (l) => lines.push(l) });
    expect(await indexNames(db.client)).toEqual(Object.values(TABLE_KEYS.indexes).map((g) => g.name).sort());
    expect(await scanAll(db.client)).toEqual(sorted(seeded));
    expect(existsSync(dumpFile(dir, TABLE))).toBe(false);
    expect(lines.join('\n')).toMatch(/lacks index gsi2[\s\S]*dumped 120 items[\s\S]*rebuilt with 120 items/);

    // The old index still answers, the new one indexes what is written now.
    const byActivity = await db.client.send(
      new QueryCommand({ TableName: TABLE, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :g', ExpressionAttributeValues: { ':g': { S: 'USER#u1#ACT#a1' } } }),
    );
    expect(byActivity.Count).toBe(seeded.filter((i) => i.gsi1pk?.S === 'USER#u1#ACT#a1').length);
    await db.client.send(
      new BatchWriteItemCommand({
        RequestItems: { [TABLE]: [{ PutRequest: { Item: { pk: { S: 'USER#x' }, sk: { S: 'ENTRY#1' }, gsi2pk: { S: 'PENDING#0' }, gsi2sk: { S: '2026' } } } }] },
      }),
    );
    const pending = await db.client.send(
      new QueryCommand({ TableName: TABLE, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': { S: 'PENDING#0' } } }),
    );
    expect(pending.Items?.map((i) => i.pk!.S)).toEqual(['USER#x']);

    // Another start changes nothing.
    lines.length = 0;
    await ensureTable(db.client, TABLE, { dataDir: dir, log: (l) => lines.push(l) });
    expect(lines).toEqual([]);
    expect(await scanAll(db.client)).toHaveLength(seeded.length + 1);
    await db.close();
  });

  it('rebuilds a table of the current design when asked (after an unclean stop), keeping every item and index entry', async () => {
    const dir = dataDir();
    const db = await startDynalite(join(dir, 'dynamodb'));
    await ensureTable(db.client, TABLE, { dataDir: dir });
    const all = items().map((i, n) => (n % 3 ? i : { ...i, gsi2pk: { S: `PENDING#${n % 8}` }, gsi2sk: { S: `2026-11-21T12:00:00.000Z#${n}` } }));
    for (let i = 0; i < all.length; i += 25) {
      await db.client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: all.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    const lines: string[] = [];
    await ensureTable(db.client, TABLE, { dataDir: dir, log: (l) => lines.push(l), rebuild: 'the last run did not stop cleanly' });
    expect(lines[0]).toMatch(/rebuilding its indexes: the last run did not stop cleanly/);
    expect(await scanAll(db.client)).toEqual(sorted(all));
    let marked = 0;
    for (let shard = 0; shard < 8; shard++) {
      const out = await db.client.send(
        new QueryCommand({ TableName: TABLE, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': { S: `PENDING#${shard}` } } }),
      );
      marked += out.Count ?? 0;
    }
    expect(marked).toBe(all.filter((i) => i.gsi2pk).length);
    await db.close();
  });

  const steps: RebuildStep[] = ['dumped', 'deleted', 'created', 'loading', 'loaded'];
  for (const step of steps) {
    it(`finishes a rebuild killed after "${step}" on the next start, with every item`, async () => {
      const dir = dataDir();
      let db = await startDynalite(join(dir, 'dynamodb'));
      const seeded = await seedOldTable(db.client);
      await expect(
        ensureTable(db.client, TABLE, {
          dataDir: dir,
          afterStep: (s) => {
            if (s === step) throw new Error(`killed after ${s}`);
          },
        }),
      ).rejects.toThrow(`killed after ${step}`);
      await db.close();

      db = await startDynalite(join(dir, 'dynamodb'));
      const lines: string[] = [];
      await ensureTable(db.client, TABLE, { dataDir: dir, log: (l) => lines.push(l) });
      expect(lines[0]).toMatch(/resuming an interrupted rebuild/);
      expect(await indexNames(db.client)).toEqual(['gsi1', 'gsi2']);
      expect(await scanAll(db.client)).toEqual(sorted(seeded));
      expect(existsSync(dumpFile(dir, TABLE))).toBe(false);
      await db.close();
    });
  }

  it('a kill while dumping leaves the old table as it was, and the next start dumps again', async () => {
    const dir = dataDir();
    let db = await startDynalite(join(dir, 'dynamodb'));
    const seeded = await seedOldTable(db.client);
    // What a kill during the scan leaves: a partial dump, never renamed into place.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dumpFile(dir, TABLE)}.partial`, '{"pk":{"S":"USER#half"}');
    await db.close();

    db = await startDynalite(join(dir, 'dynamodb'));
    await ensureTable(db.client, TABLE, { dataDir: dir });
    expect(await indexNames(db.client)).toEqual(['gsi1', 'gsi2']);
    expect(await scanAll(db.client)).toEqual(sorted(seeded));
    await db.close();
  });
});
