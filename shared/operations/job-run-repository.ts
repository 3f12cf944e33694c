import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { TABLE_KEYS } from '../db/table-design.ts';
import type { Item } from '../db/table.ts';
import { BadRequestError } from '../kit/errors.ts';
import { logger } from '../kit/observability.ts';
import { JOB_RUN_RETENTION_DAYS, type JobRun } from './job-runs.ts';

// Job runs of one UTC day, by start time (sort key: startedAt#uuid)
const dayPartition = (day: string) => `JOBRUN#${day}`;

/** A run's id is its sort key, base64url: opaque, and it names the day partition too. */
export function runKey(id: string): { pk: string; sk: string } {
  const sk = Buffer.from(id, 'base64url').toString('utf8');
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[0-9a-f-]{36}$/.test(sk)) throw new BadRequestError('invalid_id', 'This is not a job run id.');
  return { pk: dayPartition(sk.slice(0, 10)), sk };
}

export const runId = (startedAt: string, uuid: string) => Buffer.from(`${startedAt}#${uuid}`).toString('base64url');

function toRun(item: Item): JobRun {
  const { pk: _pk, sk: _sk, [TABLE_KEYS.ttl]: _ttl, type: _type, ...run } = item;
  return run as unknown as JobRun;
}

/** Stores a run; never throws (a run record must not fail the job it describes). */
export async function putJobRun(run: JobRun): Promise<void> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...runKey(run.id),
          type: 'job-run',
          [TABLE_KEYS.ttl]: Math.floor(Date.parse(run.startedAt) / 1000) + JOB_RUN_RETENTION_DAYS * 86_400,
          ...run,
        },
      }),
    );
  } catch (error) {
    logger.error('job_run.write_failed', { job: run.job, error: error as Error });
  }
}

export async function getJobRun(id: string): Promise<JobRun | undefined> {
  const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: runKey(id) }));
  return out.Item ? toRun(out.Item) : undefined;
}

/** Marks a run re-driven (the console shows it). */
export async function markRedriven(id: string, at: string): Promise<void> {
  await dynamo.send(
    new UpdateCommand({ TableName: tableName, Key: runKey(id), UpdateExpression: 'SET redrivenAt = :at', ExpressionAttributeValues: { ':at': at } }),
  );
}

export interface JobRunFilter {
  job?: string;
  outcome?: string;
  /** How many days back from today (UTC) to look, today included. */
  days: number;
}

/** Runs newest first, day partition by day partition, filtered by job and outcome. */
export async function listJobRuns(filter: JobRunFilter, page: { limit: number; cursor?: string }): Promise<{ items: JobRun[]; nextCursor?: string }> {
  let after: { day: string; sk: string } | undefined;
  if (page.cursor) {
    try {
      after = JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8')) as { day: string; sk: string };
      if (typeof after.day !== 'string' || typeof after.sk !== 'string') throw new Error('bad');
    } catch {
      throw new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
    }
  }
  const today = Date.now();
  const days = Array.from({ length: filter.days }, (_, i) => new Date(today - i * 86_400_000).toISOString().slice(0, 10)).filter(
    (d) => !after || d <= after.day,
  );
  const filters: string[] = [];
  const values: Record<string, unknown> = {};
  if (filter.job) {
    filters.push('job = :job');
    values[':job'] = filter.job;
  }
  if (filter.outcome) {
    filters.push('outcome = :outcome');
    values[':outcome'] = filter.outcome;
  }
  const items: JobRun[] = [];
  for (const day of days) {
    let exclusive: Record<string, unknown> | undefined = after && after.day === day ? { pk: dayPartition(day), sk: after.sk } : undefined;
    do {
      const out = await dynamo.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeValues: { ':pk': dayPartition(day), ...values },
          ScanIndexForward: false,
          Limit: page.limit + 1,
          ExclusiveStartKey: exclusive,
        }),
      );
      for (const item of out.Items ?? []) {
        items.push(toRun(item));
        if (items.length === page.limit) {
          return { items, nextCursor: Buffer.from(JSON.stringify({ day, sk: item.sk as string })).toString('base64url') };
        }
      }
      exclusive = out.LastEvaluatedKey;
    } while (exclusive);
  }
  return { items };
}
