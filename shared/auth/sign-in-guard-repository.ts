import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { batchDelete, getItems, writeIf, type Item } from '../db/table.ts';
import { SIGN_IN_LIMITS, type AttemptCounter, type GuardScope, type SignInGuardRepository } from './sign-in-guard.ts';

// Sign-in counters of one account (keyed by its email's tag, so unknown emails are counted alike)
const guardPartition = (account: string) => `SIGNIN#${account}`;
// The account-wide counter, and the counter of one client address
const counterKey = (account: string, scope: GuardScope) => ({
  pk: guardPartition(account),
  sk: scope === 'account' ? 'ACCOUNT' : `ADDR#${scope.slice('address:'.length)}`,
});
// An address that signed in to the account recently
const knownKey = (account: string, address: string) => ({ pk: guardPartition(account), sk: `KNOWN#${address}` });

const toCounter = (item: Item | undefined): AttemptCounter | undefined =>
  item
    ? {
        attempts: Number(item.attempts),
        lastAt: Number(item.lastAt),
        ...(item.lockedUntil !== undefined ? { lockedUntil: Number(item.lockedUntil) } : {}),
      }
    : undefined;

/** A counter outlives its longest lock and its memory of a streak; then TTL removes it. */
const counterExpiry = (counter: AttemptCounter) =>
  Math.ceil(Math.max(counter.lockedUntil ?? 0, counter.lastAt + SIGN_IN_LIMITS.forgetAfterSeconds * 1000) / 1000);

export const dynamoSignInGuard: SignInGuardRepository = {
  async read(account, address) {
    const keys = [counterKey(account, 'account'), counterKey(account, `address:${address}`), knownKey(account, address)];
    const items = await getItems(keys, { consistent: true });
    const find = (key: { sk: string }) => items.find((i) => i.sk === key.sk);
    const known = find(keys[2]!);
    return {
      account: toCounter(find(keys[0]!)),
      address: toCounter(find(keys[1]!)),
      knownAddress: known !== undefined && Number(known.expiresAt) * 1000 > Date.now(),
    };
  },

  async replace(account, scope, seen, next) {
    return writeIf(
      dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...counterKey(account, scope), type: 'sign-in-counter', ...next, expiresAt: counterExpiry(next) },
          // Only the attempt that read this version may write the next one.
          ...(seen
            ? {
                ConditionExpression: 'attempts = :attempts AND lastAt = :lastAt',
                ExpressionAttributeValues: { ':attempts': seen.attempts, ':lastAt': seen.lastAt },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      ),
    );
  },

  async clear(account, scopes) {
    if (scopes.length === 1) {
      await dynamo.send(new DeleteCommand({ TableName: tableName, Key: counterKey(account, scopes[0]!) }));
      return;
    }
    await batchDelete(scopes.map((scope) => counterKey(account, scope)));
  },

  async rememberAddress(account, address, untilMs) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...knownKey(account, address), type: 'known-address', expiresAt: Math.ceil(untilMs / 1000) },
      }),
    );
  },
};
