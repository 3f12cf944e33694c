import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { userItemsQuery, userKey } from '../db/keys.ts';
import { queryAll, writeIf, type Item } from '../db/table.ts';

/** A browser's Web Push subscription (PushSubscription.toJSON()), as Mosaic keeps it. */
export interface PushSubscription {
  /** Derived from the endpoint: the same browser subscribing again is the same subscription. */
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  createdAt: string;
}

/** A subscription's id: the endpoint's SHA-256, base64url (the endpoint itself is a capability). */
export function subscriptionId(endpoint: string): string {
  return createHash('sha256').update(endpoint).digest('base64url').slice(0, 32);
}

export interface PushSubscriptionRepository {
  /** Stores it (replacing the same endpoint's keys). */
  put(userId: string, subscription: PushSubscription): Promise<void>;
  list(userId: string): Promise<PushSubscription[]>;
  /** True when it existed. */
  remove(userId: string, id: string): Promise<boolean>;
}

// One push subscription of one user (deleted with the account; never in a backup)
const subscriptionKey = (userId: string, id: string) => userKey(userId, `PUSHSUB#${id}`);

const toSubscription = (item: Item): PushSubscription => ({
  id: item.id as string,
  endpoint: item.endpoint as string,
  keys: item.keys as PushSubscription['keys'],
  createdAt: item.createdAt as string,
});

export const dynamoPushSubscriptions: PushSubscriptionRepository = {
  async put(userId, subscription) {
    await dynamo.send(new PutCommand({ TableName: tableName, Item: { ...subscriptionKey(userId, subscription.id), type: 'push-subscription', ...subscription } }));
  },

  // The push subscriptions of one user
  async list(userId) {
    const items = await queryAll({
      ...userItemsQuery(userId, 'PUSHSUB#'),
    });
    return items.map(toSubscription);
  },

  async remove(userId, id) {
    return writeIf(dynamo.send(new DeleteCommand({ TableName: tableName, Key: subscriptionKey(userId, id), ConditionExpression: 'attribute_exists(pk)' })));
  },
};
