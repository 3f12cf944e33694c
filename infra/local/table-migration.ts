/**
 * The local table follows TABLE_KEYS (shared/db/table-design.ts) even when the design gains an
 * index: dynalite cannot add a global secondary index to an existing table (UpdateTable ignores
 * GlobalSecondaryIndexUpdates.Create), so a data folder made before the index existed is rebuilt
 * on start — every item dumped to a file in the data folder, the table recreated with every
 * index, the items loaded back.
 *
 * The same rebuild heals the indexes after a run that did not stop cleanly: dynalite writes an
 * item's index entries and then the item as separate LevelDB writes, so a kill between them can
 * leave an index entry without its item, or an item without its index entry (a pending mark the
 * sweeper would never find). Recreating the table from its items rebuilds every index from them.
 * The runtime knows a run did not stop cleanly by the {@link IN_USE_FILE} it left behind.
 *
 * Resumable: the dump is written to `<file>.partial` and renamed into place only once complete
 * and flushed, so a complete dump file means "the items are safe here". Started again after a
 * kill at any point, the rebuild picks up from what it finds: no complete dump → the old table
 * is intact, start over; a complete dump → (re)create the table if it still lacks an index and
 * load the dump again (puts are idempotent); the dump is removed only after the load is checked.
 */
import { closeSync, createReadStream, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ScanCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type TableDescription,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { TABLE_KEYS } from '../../shared/db/table-design.ts';

export interface EnsureTableOptions {
  /** The data folder: the dump of a rebuild goes here. */
  dataDir: string;
  log?: (line: string) => void;
  /** Rebuild even a table of the current design, for this reason (its indexes may disagree with its items). */
  rebuild?: string;
  /** Tests: called after each step of a rebuild; a throw stands in for a kill at that point. */
  afterStep?: (step: RebuildStep) => void;
}

export type RebuildStep = 'dumped' | 'deleted' | 'created' | 'loading' | 'loaded';

/** The CreateTable input of the design (the CDK data stack builds the same from TABLE_KEYS). */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const gsis = Object.values(TABLE_KEYS.indexes);
  const attributes = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...gsis.flatMap((g) => [g.partitionKey, g.sortKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: gsis.map((g) => ({
      IndexName: g.name,
      KeySchema: [
        { AttributeName: g.partitionKey, KeyType: 'HASH' },
        { AttributeName: g.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/** In the data folder while a runtime has the table open; removed once it has closed it cleanly. */
export const IN_USE_FILE = 'table.in-use';

/** The file a rebuild of `tableName` dumps its items to. */
export function dumpFile(dataDir: string, tableName: string): string {
  return join(dataDir, `${tableName}.rebuild.ndjson`);
}

async function describe(dynamo: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await dynamo.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** Indexes of the design the table lacks. */
function missingIndexes(table: TableDescription): string[] {
  const present = new Set((table.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  return Object.values(TABLE_KEYS.indexes)
    .map((g) => g.name)
    .filter((name) => !present.has(name));
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function createTable(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  await dynamo.send(new CreateTableCommand(tableDefinition(tableName)));
  await waitFor(async () => (await describe(dynamo, tableName))?.TableStatus === 'ACTIVE', `${tableName} to be active`);
}

async function deleteTable(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  await dynamo.send(new DeleteTableCommand({ TableName: tableName }));
  await waitFor(async () => (await describe(dynamo, tableName)) === undefined, `${tableName} to be deleted`);
}

// JSON has no bytes: binary attributes (B, BS) travel as base64.
function encode(item: Record<string, AttributeValue>): string {
  return JSON.stringify(item, (_key, value: unknown) =>
    value instanceof Uint8Array ? { $base64: Buffer.from(value).toString('base64') } : value,
  );
}

function decode(line: string): Record<string, AttributeValue> {
  return JSON.parse(line, (_key, value: unknown) =>
    value && typeof value === 'object' && '$base64' in value ? Buffer.from((value as { $base64: string }).$base64, 'base64') : value,
  ) as Record<string, AttributeValue>;
}

/** Writes every item of the table to `file` (through `<file>.partial`); returns how many. */
async function dump(dynamo: DynamoDBClient, tableName: string, file: string): Promise<number> {
  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w');
  let count = 0;
  try {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await dynamo.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
      for (const item of out.Items ?? []) {
        writeSync(fd, `${encode(item)}\n`);
        count++;
      }
      start = out.LastEvaluatedKey;
    } while (start);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
  return count;
}

async function batchWrite(dynamo: DynamoDBClient, tableName: string, requests: WriteRequest[]): Promise<void> {
  let pending = requests;
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt > 10) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed`);
    if (attempt) await new Promise((r) => setTimeout(r, 50 * attempt));
    const out = await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
    pending = out.UnprocessedItems?.[tableName] ?? [];
  }
}

/** Puts every item of the dump into the table; returns how many. */
async function load(dynamo: DynamoDBClient, tableName: string, file: string, afterStep?: (step: RebuildStep) => void): Promise<number> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let batch: WriteRequest[] = [];
  let count = 0;
  for await (const line of lines) {
    if (!line) continue;
    batch.push({ PutRequest: { Item: decode(line) } });
    count++;
    if (batch.length === 25) {
      await batchWrite(dynamo, tableName, batch);
      batch = [];
      if (count === 25) afterStep?.('loading');
    }
  }
  if (batch.length) await batchWrite(dynamo, tableName, batch);
  return count;
}

async function countItems(dynamo: DynamoDBClient, tableName: string): Promise<number> {
  let count = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await dynamo.send(new ScanCommand({ TableName: tableName, Select: 'COUNT', ExclusiveStartKey: start }));
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

/** Recreates the table with every index from a complete dump, loads it, checks it, drops the dump. */
async function rebuildFromDump(dynamo: DynamoDBClient, tableName: string, file: string, options: EnsureTableOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  const table = await describe(dynamo, tableName);
  if (table && missingIndexes(table).length) {
    await deleteTable(dynamo, tableName);
    log(`[table] ${tableName}: deleted the table of the old design`);
    options.afterStep?.('deleted');
  }
  if (!table || missingIndexes(table).length) {
    await createTable(dynamo, tableName);
    log(`[table] ${tableName}: created with indexes ${Object.values(TABLE_KEYS.indexes).map((g) => g.name).join(', ')}`);
    options.afterStep?.('created');
  }
  const loaded = await load(dynamo, tableName, file, options.afterStep);
  const stored = await countItems(dynamo, tableName);
  if (stored < loaded) throw new Error(`Table rebuild: ${loaded} items in ${file} but ${stored} in the table; the dump is kept`);
  options.afterStep?.('loaded');
  rmSync(file);
  log(`[table] ${tableName}: rebuilt with ${loaded} items (dump ${file} removed)`);
}

/**
 * Creates the table of the design unless it exists; rebuilds a table that lacks an index of the
 * design (or finishes a rebuild a kill interrupted), keeping every item.
 */
export async function ensureTable(dynamo: DynamoDBClient, tableName: string, options: EnsureTableOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  const file = dumpFile(options.dataDir, tableName);
  if (existsSync(file)) {
    log(`[table] ${tableName}: resuming an interrupted rebuild from ${file}`);
    await rebuildFromDump(dynamo, tableName, file, options);
    return;
  }
  const table = await describe(dynamo, tableName);
  if (!table) {
    await createTable(dynamo, tableName);
    return;
  }
  const missing = missingIndexes(table);
  if (missing.length) {
    log(`[table] ${tableName}: lacks index ${missing.join(', ')}; rebuilding it (dynalite cannot add an index to a table)`);
  } else if (options.rebuild) {
    log(`[table] ${tableName}: rebuilding its indexes: ${options.rebuild}`);
  } else {
    return;
  }
  rmSync(`${file}.partial`, { force: true });
  const count = await dump(dynamo, tableName, file);
  log(`[table] ${tableName}: dumped ${count} items to ${file}`);
  options.afterStep?.('dumped');
  await rebuildFromDump(dynamo, tableName, file, options);
}
