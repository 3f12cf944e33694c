import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { itemsQuery, userKey } from '../db/keys.ts';
import { batchDelete, writeIf, type Item } from '../db/table.ts';
import type { CameraTaskRecord, CameraTaskRecords } from './camera-tasks.ts';
import type { CameraHealth } from './responses.ts';
import { IDLE_HEALTH, type CameraRecord } from './model.ts';

/**
 * Cameras are the installation's, not a user's: they live in one partition, `CAMERA`, beside
 * their health (written by the worker) and their last thumbnail. A handful of items (CAMERA_LIMITS).
 */
export interface CameraRepository {
  list(): Promise<CameraRecord[]>;
  get(id: string): Promise<CameraRecord | undefined>;
  /** Creates or replaces. */
  put(camera: CameraRecord): Promise<void>;
  remove(id: string): Promise<void>;
  healthOf(ids: string[]): Promise<Map<string, CameraHealth>>;
  putHealth(id: string, health: CameraHealth): Promise<void>;
  thumbnail(id: string): Promise<{ jpeg: Buffer; at: string } | undefined>;
  putThumbnail(id: string, jpeg: Buffer, at: string): Promise<void>;
  /**
   * Records a ticket issued to `userId` at `nowMs` unless `limit` were issued within `windowMs`
   * (a rolling window); returns the ms until the next one is allowed when refused.
   */
  takeTicketAllowance(userId: string, nowMs: number, limit: number, windowMs: number): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
  /** Spends a ticket id; false when it was spent before. */
  spendTicket(jti: string, expiresAtMs: number): Promise<boolean>;
}

const CAMERAS = 'CAMERA';
// All cameras, their health and thumbnails: one partition
const cameraKey = (id: string) => ({ pk: CAMERAS, sk: `CAM#${id}` });
// What the worker last reported about one camera
const healthKey = (id: string) => ({ pk: CAMERAS, sk: `HEALTH#${id}` });
// The worker task of one camera (cloud): starting or ready, its address and heartbeat
const taskKey = (id: string) => ({ pk: CAMERAS, sk: `TASK#${id}` });
// The last thumbnail of one camera (a JPEG of CAMERA_LIMITS.thumbnailWidth)
const thumbKey = (id: string) => ({ pk: CAMERAS, sk: `THUMB#${id}` });
// The times of one user's recent stream tickets (rolling-window rate limit)
const ticketTimesKey = (userId: string) => userKey(userId, 'CAMTICKETS');
// One spent ticket id, kept until the ticket would have expired anyway
const spentTicketKey = (jti: string) => ({ pk: `CAMTICKET#${jti}`, sk: 'SPENT' });

function toCamera(item: Item): CameraRecord {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as CameraRecord;
}

function toHealth(item: Item): CameraHealth {
  return {
    state: item.state as CameraHealth['state'],
    viewers: Number(item.viewers ?? 0),
    lastFrameAt: (item.lastFrameAt as string | undefined) ?? null,
    error: (item.error as CameraHealth['error'] | undefined) ?? null,
    updatedAt: item.updatedAt as string,
  };
}

export const dynamoCameras: CameraRepository = {
  async list() {
    const out = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        ...itemsQuery(CAMERAS, 'CAM#'),
      }),
    );
    return (out.Items ?? []).map(toCamera);
  },
  async get(id) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: cameraKey(id) }));
    return out.Item ? toCamera(out.Item) : undefined;
  },
  async put(camera) {
    await dynamo.send(new PutCommand({ TableName: tableName, Item: { ...cameraKey(camera.id), type: 'camera', ...camera } }));
  },
  async remove(id) {
    await batchDelete([cameraKey(id), healthKey(id), thumbKey(id), taskKey(id)]);
  },
  async healthOf(ids) {
    const result = new Map<string, CameraHealth>();
    if (ids.length === 0) return result;
    const out = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        ...itemsQuery(CAMERAS, 'HEALTH#'),
      }),
    );
    for (const item of out.Items ?? []) {
      const id = String(item.sk).slice('HEALTH#'.length);
      if (ids.includes(id)) result.set(id, toHealth(item));
    }
    for (const id of ids) if (!result.has(id)) result.set(id, IDLE_HEALTH);
    return result;
  },
  async putHealth(id, health) {
    await dynamo.send(new PutCommand({ TableName: tableName, Item: { ...healthKey(id), type: 'camera-health', ...health } }));
  },
  async thumbnail(id) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: thumbKey(id) }));
    if (!out.Item) return undefined;
    return { jpeg: Buffer.from(out.Item.jpeg as Uint8Array), at: out.Item.at as string };
  },
  async putThumbnail(id, jpeg, at) {
    await dynamo.send(new PutCommand({ TableName: tableName, Item: { ...thumbKey(id), type: 'camera-thumbnail', jpeg, at } }));
  },
  async takeTicketAllowance(userId, nowMs, limit, windowMs) {
    // One item per user with the recent issue times, written conditionally on what was read:
    // two concurrent asks cannot both take the last place (dynalite has no transactions).
    for (let attempt = 0; attempt < 5; attempt++) {
      const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: ticketTimesKey(userId), ConsistentRead: true }));
      const before = (out.Item?.times as number[] | undefined) ?? [];
      const recent = before.filter((t) => t > nowMs - windowMs).sort((a, b) => a - b);
      if (recent.length >= limit) return { ok: false, retryAfterMs: recent[recent.length - limit]! + windowMs - nowMs };
      const written = await writeIf(
        dynamo.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...ticketTimesKey(userId), type: 'camera-ticket-times', times: [...recent, nowMs], version: Number(out.Item?.version ?? 0) + 1, expiresAt: Math.ceil((nowMs + windowMs) / 1000) + 60 },
            ...(out.Item
              ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': Number(out.Item.version) } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          }),
        ),
      );
      if (written) return { ok: true };
    }
    return { ok: false, retryAfterMs: 1000 };
  },
  async spendTicket(jti, expiresAtMs) {
    return writeIf(
      dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...spentTicketKey(jti), type: 'camera-ticket', expiresAt: Math.ceil(expiresAtMs / 1000) + 60 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  },
};

/** The cameras' task records (cloud): the ticket route claims starts, a task takes one and writes its own heartbeat. */
export const dynamoCameraTasks: CameraTaskRecords = {
  async taskOf(id) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: taskKey(id), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, type: _type, ...record } = out.Item;
    return record as CameraTaskRecord;
  },
  async allTasks() {
    const out = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        ...itemsQuery(CAMERAS, 'TASK#'),
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((item) => {
      const { pk: _pk, sk, type: _type, ...record } = item;
      return { ...(record as CameraTaskRecord), cameraId: String(sk).slice('TASK#'.length) };
    });
  },
  async claimTaskStart(id, nowMs, expectedVersion) {
    return writeIf(
      dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...taskKey(id), type: 'camera-task', state: 'starting', startedAt: nowMs, heartbeatAt: nowMs, version: (expectedVersion ?? 0) + 1 },
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      ),
    );
  },
  async takeTask(id, expectedVersion, task) {
    return writeIf(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: taskKey(id),
          UpdateExpression: 'SET #state = :ready, taskArn = :arn, address = :address, heartbeatAt = :now ADD version :one',
          // Still the claim this task saw, and no task has it: two tasks never take one camera.
          ConditionExpression: '#state = :starting AND version = :v AND attribute_not_exists(taskArn)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':ready': 'ready', ':starting': 'starting', ':arn': task.taskArn, ':address': task.address, ':now': task.nowMs, ':one': 1, ':v': expectedVersion },
        }),
      ),
    );
  },
  async beat(id, taskArn, nowMs) {
    return writeIf(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: taskKey(id),
          UpdateExpression: 'SET heartbeatAt = :now ADD version :one',
          ConditionExpression: 'taskArn = :arn',
          ExpressionAttributeValues: { ':now': nowMs, ':one': 1, ':arn': taskArn },
        }),
      ),
    );
  },
  async removeTask(id, taskArn) {
    await writeIf(
      dynamo.send(
        new DeleteCommand({
          TableName: tableName,
          Key: taskKey(id),
          // Only this task's record (or, without an ARN, the start claim that launched nothing).
          ...(taskArn
            ? { ConditionExpression: 'taskArn = :arn', ExpressionAttributeValues: { ':arn': taskArn } }
            : { ConditionExpression: '#state = :starting', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':starting': 'starting' } }),
        }),
      ),
    );
  },
};
