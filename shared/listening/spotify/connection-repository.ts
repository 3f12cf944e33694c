import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../../aws/dynamo.ts';
import { GSI1, userItemsQuery, userKey } from '../../db/keys.ts';
import { setFields, writeIf, type Item } from '../../db/table.ts';
import { SPOTIFY_AUDIENCE } from '../../jobs/audiences.ts';
import type { Connection, ConnectionRepository, JobRun } from './connection.ts';

// The user's Spotify connection; listed in GSI1 under the collector's audience
const connectionKey = (userId: string) => userKey(userId, 'LCONN');
// A connect attempt's PKCE verifier, by the state's nonce
const verifierKey = (userId: string, nonce: string) => userKey(userId, `LOAUTH#${nonce}`);
// The user's play-writer lease (collector and import take turns)
const writerKey = (userId: string) => userKey(userId, 'LWRITER');
// A job run, newest last (the sort key starts with its start time)
const runKey = (userId: string, run: JobRun) => userKey(userId, `LRUN#${run.startedAt}#${run.id}`);

const RUN_RETENTION_SECONDS = 90 * 24 * 3600;

function toConnection(item: Item): Connection {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, type: _t, ...rest } = item;
  return rest as unknown as Connection;
}

export const dynamoConnections: ConnectionRepository = {
  async get(userId) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: connectionKey(userId), ConsistentRead: true }));
    return out.Item ? toConnection(out.Item) : undefined;
  },
  async put(userId, connection) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...connectionKey(userId), type: 'spotify-connection', [GSI1.partitionKey]: SPOTIFY_AUDIENCE, [GSI1.sortKey]: userId, ...connection },
      }),
    );
  },
  async update(userId, fields) {
    const set = setFields(fields);
    if (!set.UpdateExpression.endsWith('SET ')) {
      await writeIf(dynamo.send(new UpdateCommand({ TableName: tableName, Key: connectionKey(userId), ConditionExpression: 'attribute_exists(pk)', ...set })));
    }
  },
  async remove(userId) {
    await dynamo.send(new DeleteCommand({ TableName: tableName, Key: connectionKey(userId) }));
  },
  async putVerifier(userId, nonce, verifier, expiresAt) {
    await dynamo.send(
      new PutCommand({ TableName: tableName, Item: { ...verifierKey(userId, nonce), verifier, until: expiresAt, expiresAt: Math.ceil(expiresAt / 1000) } }),
    );
  },
  async takeVerifier(userId, nonce) {
    const out = await dynamo.send(new DeleteCommand({ TableName: tableName, Key: verifierKey(userId, nonce), ReturnValues: 'ALL_OLD' }));
    const item = out.Attributes;
    if (!item || Number(item.until) < Date.now()) return undefined;
    return item.verifier as string;
  },
  async addRun(userId, run) {
    await dynamo.send(
      new PutCommand({ TableName: tableName, Item: { ...runKey(userId, run), type: 'listening-run', ...run, expiresAt: Math.floor(Date.parse(run.startedAt) / 1000) + RUN_RETENTION_SECONDS } }),
    );
  },
  // The user's newest job runs
  async listRuns(userId, limit) {
    const out = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        ...userItemsQuery(userId, 'LRUN#'),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => {
      const { pk: _pk, sk: _sk, type: _t, expiresAt: _e, ...run } = i;
      return run as unknown as JobRun;
    });
  },
  async acquireWriter(userId, owner, until, now) {
    return writeIf(
      dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...writerKey(userId), owner, until },
          ConditionExpression: 'attribute_not_exists(pk) OR #until < :now OR #owner = :owner',
          ExpressionAttributeNames: { '#until': 'until', '#owner': 'owner' },
          ExpressionAttributeValues: { ':now': now, ':owner': owner },
        }),
      ),
    );
  },
  async releaseWriter(userId, owner) {
    await writeIf(
      dynamo.send(
        new DeleteCommand({ TableName: tableName, Key: writerKey(userId), ConditionExpression: '#owner = :owner', ExpressionAttributeNames: { '#owner': 'owner' }, ExpressionAttributeValues: { ':owner': owner } }),
      ),
    );
  },
};
