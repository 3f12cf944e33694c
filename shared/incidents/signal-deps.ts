import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { readsSoFar } from '../aws/read-meter.ts';
import { busPublisher } from '../events/bus-publisher.ts';
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
      if (offset > 0) return;
      await dynamo
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: hookKey(hookId),
            UpdateExpression: 'SET lastDeliveryAt = :at ADD deliveries :one',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': at, ':one': 1 },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailed(error)) throw error;
        });
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
