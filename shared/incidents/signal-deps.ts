import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { addCachedReads, readsSoFar } from '../aws/read-meter.ts';
import { s3 } from '../aws/s3.ts';
import { config } from '../config.ts';
import { busPublisher } from '../events/bus-publisher.ts';
import type { DomainEvent } from '../events/catalog.ts';
import { isConditionFailed } from '../db/table.ts';
import { newTimeOrderedId } from '../kit/ids.ts';
import { forgetHook } from './hooks.ts';
import { CorrelationBatch, type CorrelationBatchStore } from './correlation-batch.ts';
import { dynamoCorrelation, dynamoCorrelationBatch } from './incident-repository.ts';
import type { SignalBatch } from './model.ts';
import { hookKey, templatesKey } from './keys.ts';
import type { SignalDeps, TemplateStore } from './signals.ts';
import { snsTrust } from './sns-trust.ts';

export const dynamoTemplates: TemplateStore = {
  async load(projectId) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: templatesKey(projectId) }));
    return out.Item ? { state: JSON.parse(out.Item.state as string) as unknown, version: out.Item.version as number } : undefined;
  },
  async save(projectId, state, expected) {
    try {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...templatesKey(projectId), type: 'templates', state: JSON.stringify(state), version: expected + 1 },
          ...(expected === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': expected } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },
};

/** Adds `count` deliveries to a hook and moves its last delivery time (a deleted hook is skipped). */
async function countDeliveries(hookId: string, at: string, count: number): Promise<void> {
  await dynamo
    .send(
      new UpdateCommand({
        TableName: tableName,
        Key: hookKey(hookId),
        UpdateExpression: 'SET lastDeliveryAt = :at ADD deliveries :n',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at, ':n': count },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailed(error)) throw error;
    });
}

/** Keeps the small raw payloads that travelled inline: one S3 object per project per consumer batch. */
async function keepInlineRaws(batches: SignalBatch[], now: Date): Promise<Map<string, string>> {
  const byProject = new Map<string, Record<string, { contentType: string; body: string }>>();
  for (const b of batches) {
    if (!b.raw) continue;
    byProject.set(b.projectId, { ...byProject.get(b.projectId), [b.deliveryId]: b.raw });
  }
  const keys = new Map<string, string>();
  await Promise.all(
    [...byProject].map(async ([projectId, raws]) => {
      const key = `${projectId}/${now.toISOString().slice(0, 10)}/batch-${newTimeOrderedId(now)}.json`;
      await s3.send(new PutObjectCommand({ Bucket: config.buckets.signals, Key: key, Body: JSON.stringify(raws), ContentType: 'application/json' }));
      // A signal's rawKey names the object and the delivery within it.
      for (const deliveryId of Object.keys(raws)) keys.set(`${projectId}|${deliveryId}`, `${key}#${deliveryId}`);
    }),
  );
  return keys;
}

/**
 * The deps of one consumer invocation (an SQS batch of up to 10 deliveries): `prepare` reads
 * what the batch's correlation needs at once and keeps its inline raw payloads; `run` correlates
 * one delivery (those of one group one after another); `flush` writes the signal records,
 * sends the incident events of all deliveries to the bus together (PutEvents takes 10 at a time)
 * and writes each hook's count once. Events of a delivery that failed half-way still go: the
 * changes they announce were made.
 */
export function batchedSignalDeps(base: SignalDeps = signalDeps(), many: CorrelationBatchStore = dynamoCorrelationBatch) {
  const events: DomainEvent[] = [];
  const hooks = new Map<string, { at: string; count: number }>();
  const correlation = new CorrelationBatch(base.store, many, addCachedReads);
  let rawKeys = new Map<string, string>();
  const deps: SignalDeps = {
    ...base,
    store: correlation.store,
    bus: { publish: async (more) => void events.push(...more) },
    async touchHook(hookId, at, offset) {
      if (offset > 0) return;
      const seen = hooks.get(hookId);
      hooks.set(hookId, { at: seen && seen.at > at ? seen.at : at, count: (seen?.count ?? 0) + 1 });
    },
  };
  return {
    deps,
    async prepare(batches: SignalBatch[]): Promise<void> {
      const signals = batches.flatMap((b) => b.signals.map((signal, i) => ({ projectId: b.projectId, signalId: `${b.deliveryId}#${(b.offset ?? 0) + i}`, signal })));
      const [, keys] = await Promise.all([correlation.prefetch(signals), keepInlineRaws(batches, base.now())]);
      rawKeys = keys;
    },
    run(batch: SignalBatch, work: (deps: SignalDeps, batch: SignalBatch) => Promise<void>): Promise<void> {
      const rawKey = batch.rawKey ?? rawKeys.get(`${batch.projectId}|${batch.deliveryId}`);
      const { raw: _raw, ...rest } = batch;
      return correlation.serial(correlation.laneOf(batch.projectId, batch.signals), () => work(deps, { ...rest, ...(rawKey ? { rawKey } : {}) }));
    },
    async flush() {
      await Promise.all([correlation.flush(), base.bus.publish(events), ...[...hooks].map(([hookId, { at, count }]) => countDeliveries(hookId, at, count))]);
    },
  };
}

export function signalDeps(): SignalDeps {
  return {
    store: dynamoCorrelation,
    readsSoFar,
    templates: dynamoTemplates,
    bus: busPublisher,
    sns: snsTrust(),
    newId: newTimeOrderedId,
    now: () => new Date(),
    // A delivery in several slices is counted once (by its first).
    async touchHook(hookId, at, offset) {
      if (offset === 0) await countDeliveries(hookId, at, 1);
    },
    async pinTopic(hookId, topicArn) {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: hookKey(hookId),
          UpdateExpression: 'SET #a.topicArn = :t',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#a.topicArn)',
          ExpressionAttributeNames: { '#a': 'auth' },
          ExpressionAttributeValues: { ':t': topicArn },
        }),
      ).catch((error: unknown) => {
        if (!isConditionFailed(error)) throw error;
      });
      // Every webhook sees the pin at once: no copy of an unpinned SNS hook is kept (hooks.ts, cachedHook).
      forgetHook(hookId);
    },
  };
}
