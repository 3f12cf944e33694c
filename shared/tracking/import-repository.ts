import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { isConditionFailed, queryPage, setFields, type Item } from '../db/table.ts';
import type { Page } from '../kit/schemas.ts';
import type { ImportJob, ImportStatus } from './import-model.ts';
import { userKey, userPartition } from '../db/keys.ts';

export interface ImportRepository {
  /** Stores a new job and returns it; a job with its id exists already on a re-run of the same request (kit/ids.ts): that one is returned. */
  create(job: ImportJob): Promise<ImportJob>;
  get(userId: string, id: string): Promise<ImportJob | undefined>;
  list(userId: string, page: { limit: number; cursor?: string }): Promise<Page<ImportJob>>;
  /** Moves a job from one of `from` to a new status (with changes); false when it was not in `from`. */
  transition(userId: string, id: string, from: ImportStatus[], changes: Partial<ImportJob> & { status: ImportStatus }): Promise<boolean>;
  /** Records progress of a running job. */
  progress(userId: string, id: string, rowsRead: number): Promise<void>;
}

/** Import jobs are kept for 30 days. */
const RETENTION_SECONDS = 30 * 24 * 3600;

// One import job of one user; ids are time-ordered so the list is newest first
const importKey = (userId: string, id: string) => userKey(userId, `IMPORT#${id}`);

function toJob(item: Item): ImportJob {
  const { pk: _pk, sk: _sk, type: _type, expiresAt: _e, userId: _u, ...job } = item;
  return job as unknown as ImportJob;
}

export const dynamoImports: ImportRepository = {
  async create(job) {
    try {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...importKey(job.userId, job.id),
            type: 'import',
            ...job,
            expiresAt: Math.floor(Date.parse(job.createdAt) / 1000) + RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return job;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      return (await this.get(job.userId, job.id))!;
    }
  },

  async get(userId, id) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: importKey(userId, id), ConsistentRead: true }));
    return out.Item ? { ...toJob(out.Item), userId } : undefined;
  },

  // Import jobs of one user, newest first
  async list(userId, page) {
    const result = await queryPage(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': userPartition(userId), ':prefix': 'IMPORT#' },
        ScanIndexForward: false,
      },
      page,
      { pk: userPartition(userId) },
      ['sk'],
      toJob,
    );
    return { ...result, items: result.items.map((j) => ({ ...j, userId })) };
  },

  async transition(userId, id, from, changes) {
    const set = setFields({ ...changes, updatedAt: new Date().toISOString() });
    try {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: importKey(userId, id),
          UpdateExpression: set.UpdateExpression,
          ConditionExpression: `#current IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
          ExpressionAttributeNames: { ...set.ExpressionAttributeNames, '#current': 'status' },
          ExpressionAttributeValues: {
            ...set.ExpressionAttributeValues,
            ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  async progress(userId, id, rowsRead) {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: importKey(userId, id),
        UpdateExpression: 'SET rowsRead = :n, updatedAt = :at',
        ExpressionAttributeValues: { ':n': rowsRead, ':at': new Date().toISOString() },
      }),
    );
  },
};
