import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { GSI1, userPartition } from '../db/keys.ts';
import { batchDelete, setFields, writeIf, type Item } from '../db/table.ts';
import type { AccessToken, TokenRepository } from './tokens.ts';

// A personal access token by its id (the id is in the token, so a check is one GetItem)
const tokenKey = (id: string) => ({ pk: `PAT#${id}`, sk: 'PAT' });
// A user's tokens (GSI1)
const ownerKey = (userId: string) => `${userPartition(userId)}#PATS`;

function toToken(item: Item): AccessToken {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, type: _t, ...rest } = item;
  return rest as unknown as AccessToken;
}

export const dynamoTokens: TokenRepository = {
  async put(token) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...tokenKey(token.id), type: 'access-token', [GSI1.partitionKey]: ownerKey(token.userId), [GSI1.sortKey]: token.createdAt, ...token },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },
  async get(id) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: tokenKey(id) }));
    return out.Item ? toToken(out.Item) : undefined;
  },
  async listForUser(userId) {
    const out = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: GSI1.name,
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': GSI1.partitionKey },
        ExpressionAttributeValues: { ':p': ownerKey(userId) },
      }),
    );
    return (out.Items ?? []).map(toToken);
  },
  async update(id, fields) {
    await dynamo.send(new UpdateCommand({ TableName: tableName, Key: tokenKey(id), ConditionExpression: 'attribute_exists(pk)', ...setFields(fields) }));
  },
  async touch(id, at, notBefore) {
    await writeIf(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: tokenKey(id),
          UpdateExpression: 'SET lastUsedAt = :at',
          ConditionExpression: 'attribute_not_exists(lastUsedAt) OR lastUsedAt < :nb',
          ExpressionAttributeValues: { ':at': at, ':nb': notBefore },
        }),
      ),
    );
  },
};

/** Deletes every access token of a user (the account purge); returns how many. */
export async function purgeUserTokens(userId: string): Promise<number> {
  const tokens = await dynamoTokens.listForUser(userId);
  await batchDelete(tokens.map((t) => tokenKey(t.id)));
  return tokens.length;
}
