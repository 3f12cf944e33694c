import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { GSI1, userItemsQuery, userKey, userPartition } from '../db/keys.ts';
import { queryPage, writeIf, type Item } from '../db/table.ts';
import type { Page } from '../kit/schemas.ts';
import type { ImportJobBase, ImportStatus } from './job.ts';

/** A run taking hold of a job (see {@link ImportJobRepository.claim}). */
export interface ImportClaim {
  runId: string;
  /** Id of the bus event (message) that started the run. */
  eventId: string;
  /** The sweeper's resume token the message carries, if any. */
  resumeToken?: string;
  now: Date;
  /** A holder silent since before this has stopped: its lease may be taken. */
  staleBefore: Date;
  attempts: number;
  claimStep: number;
}

/** An active (queued or running) job whose last sign of life is old. */
export interface StalledImport {
  userId: string;
  id: string;
  heartbeatAt: string;
}

/** Changes to a job (everything but its identity). */
export type JobChanges<J extends ImportJobBase> = Partial<Omit<J, 'id' | 'userId' | 'createdAt'>>;

export interface ImportJobRepository<J extends ImportJobBase> {
  /** Stores a new job and returns it; a job with its id exists already on a re-run of the same request (kit/ids.ts): that one is returned. */
  create(job: J): Promise<J>;
  get(userId: string, id: string): Promise<J | undefined>;
  list(userId: string, page: { limit: number; cursor?: string }): Promise<Page<J>>;
  /**
   * Moves a job from one of `from` to a new status (with changes); false when it was not in
   * `from`. Moving to `completed`, `failed` or `awaiting_upload` ends any run's hold on it.
   */
  transition(userId: string, id: string, from: ImportStatus[], changes: JobChanges<J> & { status: ImportStatus }): Promise<boolean>;
  /**
   * Takes hold of a queued or running job for a new run (status `processing`), when nobody
   * holds it, its holder is silent since `staleBefore`, the message is a redelivery of the one
   * that started the holder (so that run has ended), or the message carries the resume token
   * the sweeper handed out. False when another run holds it (or it is no longer active).
   */
  claim(userId: string, id: string, claim: ImportClaim): Promise<boolean>;
  /** Saves a running job's progress (and its heartbeat) — only while `runId` still holds it. */
  save(userId: string, id: string, runId: string, changes: JobChanges<J> & { heartbeatAt: string }): Promise<boolean>;
  /** Ends a run: `completed` or `failed` — only while `runId` still holds the job. */
  finish(userId: string, id: string, runId: string, changes: JobChanges<J> & { status: 'completed' | 'failed' }): Promise<boolean>;
  /** Active jobs silent since before `before`, oldest first. */
  stalled(before: Date, limit: number): Promise<StalledImport[]>;
  /**
   * Hands a stalled job to a new message: records `token` (the message will carry it) and a new
   * heartbeat, only if its heartbeat is still `seen` (nobody moved it meanwhile).
   */
  handOver(userId: string, id: string, seen: string, token: string, now: Date): Promise<boolean>;
}

/** Import jobs are kept for 30 days. */
const RETENTION_SECONDS = 30 * 24 * 3600;

/** Statuses of a job that is in the index of active imports. */
const ACTIVE: readonly ImportStatus[] = ['queued', 'processing'];
/** Attributes of a run's hold on a job, removed when the job leaves the active statuses. */
const HOLD = ['runId', 'runEvent', 'resumeToken', 'claimStep'] as const;

const activeSortKey = (heartbeatAt: string, userId: string, id: string) => `${heartbeatAt}#${userId}#${id}`;

/** Where one kind of import job lives in the table. */
export interface ImportJobKind {
  /** Sort-key prefix of a job in its user's partition (`IMPORT#`). */
  prefix: string;
  /** GSI1 partition of the kind's active jobs, by heartbeat (`IMPORTS#ACTIVE`). */
  activePartition: string;
  /** The item's `type`. */
  type: string;
}

const INTERNAL = new Set(['pk', 'sk', 'type', 'expiresAt', 'userId', GSI1.partitionKey, GSI1.sortKey]);

function toJob<J>(item: Item): J {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.has(k))) as unknown as J;
}

/**
 * One UpdateItem: SETs `set`, REMOVEs `remove`, under `condition` (with its own names and
 * values). False when the condition failed.
 */
async function update(
  key: { pk: string; sk: string },
  set: Record<string, unknown>,
  remove: readonly string[],
  condition: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
): Promise<boolean> {
  const fields = Object.entries(set).filter(([, v]) => v !== undefined);
  const removed = remove.filter((name) => !(name in set));
  const clauses = [`SET ${fields.map((_, i) => `#s${i} = :s${i}`).join(', ')}`];
  if (removed.length) clauses.push(`REMOVE ${removed.map((_, i) => `#r${i}`).join(', ')}`);
  return writeIf(
    dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: clauses.join(' '),
        ConditionExpression: condition.expression,
        ExpressionAttributeNames: {
          ...Object.fromEntries(fields.map(([k], i) => [`#s${i}`, k])),
          ...Object.fromEntries(removed.map((k, i) => [`#r${i}`, k])),
          ...condition.names,
        },
        ExpressionAttributeValues: { ...Object.fromEntries(fields.map(([, v], i) => [`:s${i}`, v])), ...condition.values },
      }),
    ),
  );
}

/** The changes plus the index keys a status and heartbeat imply, and what to remove. */
function withIndex(kind: ImportJobKind, userId: string, id: string, changes: JobChanges<ImportJobBase>): { set: Record<string, unknown>; remove: string[] } {
  const set: Record<string, unknown> = { ...changes, updatedAt: changes.updatedAt ?? changes.heartbeatAt ?? new Date().toISOString() };
  const remove: string[] = [];
  if (changes.status !== undefined && !ACTIVE.includes(changes.status)) {
    remove.push(GSI1.partitionKey, GSI1.sortKey, 'heartbeatAt', ...HOLD);
  } else if (changes.heartbeatAt !== undefined) {
    set[GSI1.partitionKey] = kind.activePartition;
    set[GSI1.sortKey] = activeSortKey(changes.heartbeatAt, userId, id);
  }
  return { set, remove };
}

const statusIn = (from: readonly ImportStatus[]) => ({
  expression: `#current IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
  names: { '#current': 'status' },
  values: Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
});

const heldBy = (runId: string) => ({
  expression: '#current = :processing AND runId = :run',
  names: { '#current': 'status' },
  values: { ':processing': 'processing', ':run': runId },
});

/**
 * The DynamoDB repository of one kind of import job: items `<prefix><id>` in the user's
 * partition (ids time-ordered, so listed newest first), active ones in a sparse GSI1 partition by
 * heartbeat for the sweeper.
 */
export function importJobRepository<J extends ImportJobBase>(kind: ImportJobKind): ImportJobRepository<J> {
  // One import job of one user; ids are time-ordered so the list is newest first
  const importKey = (userId: string, id: string) => userKey(userId, `${kind.prefix}${id}`);
  return {
  async create(job) {
    const active = ACTIVE.includes(job.status) && job.heartbeatAt;
    const written = await writeIf(
      dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...importKey(job.userId, job.id),
            type: kind.type,
            ...job,
            ...(active ? { [GSI1.partitionKey]: kind.activePartition, [GSI1.sortKey]: activeSortKey(job.heartbeatAt!, job.userId, job.id) } : {}),
            expiresAt: Math.floor(Date.parse(job.createdAt) / 1000) + RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (written) return job;
    // The same id exists when this re-runs a request whose first run wrote it (kit/ids.ts).
    return (await this.get(job.userId, job.id))!;
  },

  async get(userId, id) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: importKey(userId, id), ConsistentRead: true }));
    return out.Item ? { ...toJob<J>(out.Item), userId } : undefined;
  },

  // Import jobs of one user, newest first
  async list(userId, page) {
    const result = await queryPage(
      {
        ...userItemsQuery(userId, kind.prefix),
        ScanIndexForward: false,
      },
      page,
      { pk: userPartition(userId) },
      ['sk'],
      toJob<J>,
    );
    return { ...result, items: result.items.map((j) => ({ ...j, userId })) };
  },

  async transition(userId, id, from, changes) {
    const { set, remove } = withIndex(kind, userId, id, changes);
    return update(importKey(userId, id), set, remove, statusIn(from));
  },

  async claim(userId, id, claim) {
    const heartbeatAt = claim.now.toISOString();
    const { set } = withIndex(kind, userId, id, { status: 'processing', heartbeatAt });
    const active = statusIn(ACTIVE);
    return update(
      importKey(userId, id),
      { ...set, runId: claim.runId, runEvent: claim.eventId, attempts: claim.attempts, claimStep: claim.claimStep },
      ['resumeToken'],
      {
        expression:
          `${active.expression} AND (attribute_not_exists(runId) OR heartbeatAt < :stale OR runEvent = :event` +
          `${claim.resumeToken ? ' OR resumeToken = :token' : ''})`,
        names: active.names,
        values: {
          ...active.values,
          ':stale': claim.staleBefore.toISOString(),
          ':event': claim.eventId,
          ...(claim.resumeToken ? { ':token': claim.resumeToken } : {}),
        },
      },
    );
  },

  async save(userId, id, runId, changes) {
    const { set, remove } = withIndex(kind, userId, id, changes);
    return update(importKey(userId, id), set, remove, heldBy(runId));
  },

  async finish(userId, id, runId, changes) {
    const { set, remove } = withIndex(kind, userId, id, changes);
    return update(importKey(userId, id), set, remove, heldBy(runId));
  },

  // Active imports of this kind, of every user, silent since before a time, oldest first (GSI1)
  async stalled(before, limit) {
    const out = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: GSI1.name,
        KeyConditionExpression: '#pk = :pk AND #sk < :before',
        ExpressionAttributeNames: { '#pk': GSI1.partitionKey, '#sk': GSI1.sortKey },
        ExpressionAttributeValues: { ':pk': kind.activePartition, ':before': before.toISOString() },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => ({
      userId: (item.pk as string).slice(userPartition('').length),
      id: (item.sk as string).slice(kind.prefix.length),
      heartbeatAt: item.heartbeatAt as string,
    }));
  },

  async handOver(userId, id, seen, token, now) {
    const heartbeatAt = now.toISOString();
    const { set } = withIndex(kind, userId, id, { heartbeatAt });
    const active = statusIn(ACTIVE);
    return update(importKey(userId, id), { ...set, resumeToken: token }, [], {
      expression: `${active.expression} AND heartbeatAt = :seen`,
      names: active.names,
      values: { ...active.values, ':seen': seen },
    });
  },
};
}
