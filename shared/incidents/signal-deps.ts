import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { readsSoFar } from '../aws/read-meter.ts';
import { busPublisher } from '../events/bus-publisher.ts';
import type { DomainEvent } from '../events/catalog.ts';
import { isConditionFailed } from '../db/table.ts';
import { newTimeOrderedId } from '../kit/ids.ts';
import { forgetHook } from './hooks.ts';
import { dynamoCorrelation } from './incident-repository.ts';
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

/**
 * The deps of one consumer invocation (an SQS batch of up to 10 deliveries): the incident events
 * of all its deliveries go to the bus together (PutEvents takes 10 at a time) and each hook's
 * count is written once, by `flush` after the batch, instead of a call of each per delivery.
 * Events of a delivery that failed half-way still go: the changes they announce were made.
 */
export function batchedSignalDeps(base: SignalDeps = signalDeps()): { deps: SignalDeps; flush(): Promise<void> } {
  const events: DomainEvent[] = [];
  const hooks = new Map<string, { at: string; count: number }>();
  return {
    deps: {
      ...base,
      bus: { publish: async (more) => void events.push(...more) },
      async touchHook(hookId, at, offset) {
        if (offset > 0) return;
        const seen = hooks.get(hookId);
        hooks.set(hookId, { at: seen && seen.at > at ? seen.at : at, count: (seen?.count ?? 0) + 1 });
      },
    },
    async flush() {
      await Promise.all([base.bus.publish(events), ...[...hooks].map(([hookId, { at, count }]) => countDeliveries(hookId, at, count))]);
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
      // The webhook of this process (the local runtime runs all in one) sees the pin at once.
      forgetHook(hookId);
    },
  };
}
