import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { isConditionFailed, queryPage, writeIf, type Item } from '../db/table.ts';
import type { Page } from '../kit/schemas.ts';

import type { Notification, NotificationKind } from './model.ts';
import { userItemsQuery, userPartition } from '../db/keys.ts';
import { NOTIFICATION_PREFIX, notificationKey } from './keys.ts';

export type { Notification, NotificationKind };

export interface NotificationRepository {
  /** Stores a notification unless one with its id exists; true when stored. */
  add(userId: string, notification: Notification): Promise<boolean>;
  /** Newest first. */
  list(userId: string, page: { limit: number; cursor?: string }, unreadOnly: boolean): Promise<Page<Notification>>;
  markRead(userId: string, id: string, at: string): Promise<Notification | undefined>;
  get(userId: string, id: string): Promise<Notification | undefined>;
}


function toNotification(item: Item): Notification {
  return {
    id: item.id as string,
    kind: item.kind as NotificationKind,
    date: item.date as string,
    subjectId: item.subjectId as string,
    title: item.title as string,
    body: item.body as string,
    data: (item.data as Record<string, unknown>) ?? {},
    createdAt: item.createdAt as string,
    readAt: (item.readAt as string | undefined) ?? null,
  };
}

/** Notifications are kept for 90 days. */
const RETENTION_SECONDS = 90 * 24 * 3600;

export const dynamoNotifications: NotificationRepository = {
  async add(userId, notification) {
    // Unread is the absence of readAt (so marking read can use if_not_exists).
    const { readAt: _unread, ...stored } = notification;
    return writeIf(
      dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...notificationKey(userId, notification.id),
            type: 'notification',
            ...stored,
            expiresAt: Math.floor(Date.parse(notification.createdAt) / 1000) + RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  },

  // Notifications of one user, newest first (optionally unread only)
  list(userId, page, unreadOnly) {
    return queryPage(
      {
        ...userItemsQuery(userId, NOTIFICATION_PREFIX),
        ...(unreadOnly ? { FilterExpression: 'attribute_not_exists(readAt)' } : {}),
        ScanIndexForward: false,
      },
      page,
      { pk: userPartition(userId) },
      ['sk'],
      toNotification,
    );
  },

  async markRead(userId, id, at) {
    try {
      const out = await dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: notificationKey(userId, id),
          UpdateExpression: 'SET readAt = if_not_exists(readAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toNotification(out.Attributes!);
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  },

  async get(userId, id) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: notificationKey(userId, id) }));
    return out.Item ? toNotification(out.Item) : undefined;
  },
};
