import {
  BatchGetCommand,
  BatchWriteCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { BadRequestError } from '../kit/errors.ts';
import { inParallel } from '../kit/parallel.ts';
import { decodeCursor, encodeCursor } from '../kit/paging.ts';
import type { Page } from '../kit/schemas.ts';
import { dynamo, tableName } from '../aws/dynamo.ts';

export type Item = Record<string, unknown>;


/**
 * `SET #f0 = :v0, …` over the defined fields, with the placeholders' names and values: the
 * update expression of every "change these fields" write.
 */
export function setFields(fields: Record<string, unknown>): {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
  return {
    UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
    ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
  };
}

/** True when a write failed its condition expression. */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Sends a conditional write: true when it was made, false when its condition did not hold. */
export async function writeIf(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/**
 * One page of a query. `partitionKey` holds the partition attribute(s) that, merged with the
 * cursor's sort attributes, rebuild the ExclusiveStartKey. With a FilterExpression DynamoDB may
 * return short pages, so this keeps reading until the page is full or the query is exhausted;
 * the cursor is the key of the last item returned, so nothing is skipped or repeated.
 */
export async function queryPage<T>(
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>,
  page: { limit: number; cursor?: string },
  partitionKey: Record<string, string>,
  sortKeyAttributes: string[],
  map: (item: Item) => T,
): Promise<Page<T>> {
  const start = decodeCursor(page.cursor, sortKeyAttributes);
  // The request's partition always wins: a cursor carries only the sort-key side.
  let exclusiveStart: Record<string, unknown> | undefined = start ? { ...start, ...partitionKey } : undefined;
  const raw: Item[] = [];
  let exhausted = false;
  for (let call = 0; raw.length < page.limit && !exhausted; call++) {
    const query = new QueryCommand({ ...input, TableName: tableName, Limit: page.limit, ExclusiveStartKey: exclusiveStart });
    const out: QueryCommandOutput = await (call === 0 && start ? dynamo.send(query).catch(refusedCursor) : dynamo.send(query));
    raw.push(...(out.Items ?? []));
    exclusiveStart = out.LastEvaluatedKey;
    exhausted = !out.LastEvaluatedKey;
  }
  const items = raw.slice(0, page.limit);
  const more = raw.length > page.limit || !exhausted;
  const nextCursor = more && items.length ? encodeCursor(items[items.length - 1], sortKeyAttributes) : undefined;
  return { items: items.map(map), nextCursor };
}

/**
 * A cursor DynamoDB refuses as a starting key (one of another list, edited, a key outside the
 * query's key condition) is the client's mistake: 400 invalid_cursor, as decodeCursor answers.
 */
function refusedCursor(error: unknown): never {
  if (error instanceof Error && error.name === 'ValidationException') throw new BadRequestError('invalid_cursor', 'The cursor is not one this API issued for this list.');
  throw error;
}

/** Every item of a query, following LastEvaluatedKey. For bounded result sets only. */
export async function queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamo.send(new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Iterates a query page by page, for large result sets (exports, account deletion). */
export async function* queryPages(
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): AsyncGenerator<Item[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamo.send(new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey: start }));
    yield out.Items ?? [];
    start = out.LastEvaluatedKey;
  } while (start);
}

/** BatchWriteItem takes at most 25 requests, BatchGetItem at most 100 keys. */
const BATCH_SIZE = 25;
const GET_BATCH_SIZE = 100;

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export interface GetItemsOptions {
  /** Strongly consistent reads. */
  consistent?: boolean;
  /** The attributes to read (all by default). */
  projection?: string;
  /** BatchGetItem calls of 100 keys in flight at once (1 by default). */
  parallel?: number;
}

/**
 * Reads items by key, any number of them: BatchGetItem calls of up to 100 keys (`parallel` in
 * flight at once), each retrying its unprocessed keys with backoff. Missing items are simply
 * absent from the answer, which keeps no order; a key must not repeat (BatchGetItem refuses it).
 */
export async function getItems(keys: ReadonlyArray<{ pk: string; sk: string }>, options: GetItemsOptions = {}): Promise<Item[]> {
  const batches = await inParallel(chunked(keys, GET_BATCH_SIZE), options.parallel ?? 1, (chunk) => batchGet(chunk, options));
  return batches.flat();
}

async function batchGet(keys: ReadonlyArray<Record<string, unknown>>, { consistent = false, projection }: GetItemsOptions): Promise<Item[]> {
  const items: Item[] = [];
  let pending = keys;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    if (attempt > 8) throw new Error(`BatchGet left ${pending.length} keys unprocessed`);
    const out = await dynamo.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [...pending], ConsistentRead: consistent, ...(projection ? { ProjectionExpression: projection } : {}) } } }),
    );
    items.push(...(out.Responses?.[tableName] ?? []));
    pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
  }
  return items;
}

/** Deletes keys in batches of 25, retrying unprocessed ones with backoff. */
export async function batchDelete(keys: Array<{ pk: string; sk: string }>): Promise<void> {
  for (const chunk of chunked(keys, BATCH_SIZE)) await batchWrite(chunk.map((Key) => ({ DeleteRequest: { Key } })));
}

/**
 * Puts items in batches of 25, retrying unprocessed ones with backoff; `parallel` batches in
 * flight at once (the items must not repeat a key: batches in flight together do not keep order).
 */
export async function batchPut(items: Item[], parallel = 1): Promise<void> {
  await inParallel(chunked(items, BATCH_SIZE), parallel, (batch) => batchWrite(batch.map((Item) => ({ PutRequest: { Item } }))));
}

type WriteRequest = { DeleteRequest: { Key: Item } } | { PutRequest: { Item: Item } };

async function batchWrite(requests: WriteRequest[]): Promise<void> {
  let pending = requests;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    if (attempt > 8) throw new Error(`BatchWrite left ${pending.length} items unprocessed`);
    const out = await dynamo.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    pending = (out.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
  }
}

