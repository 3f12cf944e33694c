import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { GSI1, userItemsQuery, userKey, userPartition } from '../db/keys.ts';
import { batchDelete, queryAll } from '../db/table.ts';
import type { Connection, RealtimeRepository } from './realtime.ts';

// A ticket, by the SHA-256 of its value (the owner is what it tells); TTL a minute, single use
const ticketKey = (digest: string) => ({ pk: `RTTICKET#${digest}`, sk: 'TICKET' });
// The tickets of one user (GSI1): what the account purge deletes (a ticket never redeemed stays otherwise)
const userTicketsIndex = (userId: string) => `${userPartition(userId)}#RTTICKETS`;
// One open WebSocket of a user, in the user's partition (purged with the account); TTL 2 h
const connectionKey = (userId: string, connectionId: string) => userKey(userId, `WSCONN#${connectionId}`);
// The user of a connection id, for `$disconnect` (which knows only the id); TTL 2 h
const connectionLookupKey = (connectionId: string) => ({ pk: `WSCONN#${connectionId}`, sk: 'CONN' });

/** Tickets and connections in the single table (docs/data-model.md). */
export const dynamoRealtime: RealtimeRepository = {
  async putTicket(digest, userId, expiresAt) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...ticketKey(digest), type: 'realtime-ticket', userId, expiresAt, [GSI1.partitionKey]: userTicketsIndex(userId), [GSI1.sortKey]: String(expiresAt) },
      }),
    );
  },

  async takeTicket(digest) {
    // Single use: the delete returns the ticket to exactly one caller.
    const out = await dynamo.send(new DeleteCommand({ TableName: tableName, Key: ticketKey(digest), ReturnValues: 'ALL_OLD' }));
    const item = out.Attributes;
    return item ? { userId: item.userId as string, expiresAt: item.expiresAt as number } : undefined;
  },

  async putConnection(c: Connection) {
    // Two items, written as one batch (no transactions): the lookup serves `$disconnect`.
    await dynamo.send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName]: [
            { PutRequest: { Item: { ...connectionKey(c.userId, c.connectionId), type: 'ws-connection', ...c } } },
            { PutRequest: { Item: { ...connectionLookupKey(c.connectionId), type: 'ws-connection-user', userId: c.userId, expiresAt: c.expiresAt } } },
          ],
        },
      }),
    );
  },

  async connectionUser(connectionId) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: connectionLookupKey(connectionId) }));
    return out.Item?.userId as string | undefined;
  },

  async connectionsOf(userId, nowSeconds) {
    // A user has a handful of tabs: one page is plenty, but follow it anyway.
    const connections: Connection[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await dynamo.send(
        new QueryCommand({ TableName: tableName, ...userItemsQuery(userId, 'WSCONN#'), ExclusiveStartKey: start }),
      );
      for (const item of out.Items ?? []) {
        // Expired but not yet deleted by the TTL (late in the cloud, never in dynalite).
        if ((item.expiresAt as number) < nowSeconds) continue;
        connections.push({
          connectionId: item.connectionId as string,
          userId,
          connectedAt: item.connectedAt as string,
          expiresAt: item.expiresAt as number,
        });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return connections;
  },

  async deleteConnection(userId, connectionId) {
    await dynamo.send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName]: [
            { DeleteRequest: { Key: connectionKey(userId, connectionId) } },
            { DeleteRequest: { Key: connectionLookupKey(connectionId) } },
          ],
        },
      }),
    );
  },
};

/**
 * The account purge's part of real time: the lookup item of each of the user's connections (the
 * connections themselves are in the user's partition, so this runs before it is purged) and the
 * tickets never redeemed. Returns how many items it deleted.
 */
export async function purgeUserRealtime(userId: string): Promise<number> {
  const connections = await queryAll(userItemsQuery(userId, 'WSCONN#'));
  const tickets = await queryAll({
    IndexName: GSI1.name,
    KeyConditionExpression: '#p = :p',
    ExpressionAttributeNames: { '#p': GSI1.partitionKey },
    ExpressionAttributeValues: { ':p': userTicketsIndex(userId) },
  });
  const keys = [
    ...connections.map((c) => connectionLookupKey((c.sk as string).slice('WSCONN#'.length))),
    ...connections.map((c) => ({ pk: c.pk as string, sk: c.sk as string })),
    ...tickets.map((t) => ({ pk: t.pk as string, sk: t.sk as string })),
  ];
  await batchDelete(keys);
  return keys.length;
}
