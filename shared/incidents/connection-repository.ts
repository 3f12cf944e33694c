import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { GSI1 } from '../db/keys.ts';
import { queryAll, type Item } from '../db/table.ts';
import type { Connection, ConnectionRepository } from './connections.ts';
import { connectionKey, projectPartition } from './keys.ts';

/** GSI1 partition of every connection, sorted by its next pull (the schedule reads what is due). */
const DUE_INDEX = 'CONNECTIONS';

const toConnection = (item: Item): Connection => {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, type: _t, ...rest } = item;
  return rest as unknown as Connection;
};

export const dynamoConnections: ConnectionRepository = {
  // Connections of a project
  async list(projectId) {
    const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': projectPartition(projectId), ':p': 'CONN#' } });
    return items.map(toConnection);
  },
  async get(projectId, id) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: connectionKey(projectId, id) }));
    return out.Item ? toConnection(out.Item) : undefined;
  },
  async put(c) {
    await dynamo.send(
      new PutCommand({ TableName: tableName, Item: { ...connectionKey(c.projectId, c.id), type: 'connection', ...c, gsi1pk: DUE_INDEX, gsi1sk: `${c.status.nextPullAt}#${c.projectId}#${c.id}` } }),
    );
  },
  async remove(projectId, id) {
    await dynamo.send(new DeleteCommand({ TableName: tableName, Key: connectionKey(projectId, id) }));
  },
  // Connections due for a pull, soonest first (GSI1)
  async due(now, limit) {
    const out = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: GSI1.name,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':pk': DUE_INDEX, ':now': `${now.toISOString()}#~` },
        ProjectionExpression: 'projectId, id',
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({ projectId: i.projectId as string, id: i.id as string }));
  },
};
