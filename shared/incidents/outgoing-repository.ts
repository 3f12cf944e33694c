import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { isConditionFailed, queryAll, type Item } from '../db/table.ts';
import { outgoingKey, projectPartition } from './keys.ts';
import type { OutgoingRepository, OutgoingWebhook } from './notify.ts';

const strip = (item: Item) => {
  const { pk: _pk, sk: _sk, type: _t, ...rest } = item;
  return rest as unknown as OutgoingWebhook;
};

export const dynamoOutgoing: OutgoingRepository = {
  // Outgoing webhooks of a project
  async list(projectId) {
    const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': projectPartition(projectId), ':p': 'OUT#' } });
    return items.map(strip);
  },
  async get(projectId, id) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: outgoingKey(projectId, id) }));
    return out.Item ? strip(out.Item) : undefined;
  },
  async put(webhook) {
    await dynamo.send(new PutCommand({ TableName: tableName, Item: { ...outgoingKey(webhook.projectId, webhook.id), type: 'outgoing-webhook', ...webhook } }));
  },
  async remove(projectId, id) {
    await dynamo.send(new DeleteCommand({ TableName: tableName, Key: outgoingKey(projectId, id) }));
  },
  async recordStatus(projectId, id, status) {
    await dynamo
      .send(
        new UpdateCommand({
          TableName: tableName,
          Key: outgoingKey(projectId, id),
          UpdateExpression: 'SET lastStatus = :s',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':s': status },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailed(error)) throw error;
      });
  },
};
