import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { GSI1, userItemsQuery, userKey, userPartition } from '../db/keys.ts';
import { queryAll, writeIf, type Item } from '../db/table.ts';
import type { IsoDate } from '../kit/dates.ts';

/**
 * One scheduled reminder: an activity's reminder time and its next occurrence. There is one per
 * activity and time, moved on to the next occurrence each time it is handled.
 */
export interface ReminderSlot {
  userId: string;
  activityId: string;
  /** `HH:MM`, local. */
  time: string;
  /** The zone the occurrence was computed in (the profile's then). */
  timeZone: string;
  /** The local date of the occurrence. */
  date: IsoDate;
  /** When it happens, ISO (UTC). */
  at: string;
}

export interface ReminderRepository {
  /** Stores a slot (replacing that activity's slot of the same time). */
  put(slot: ReminderSlot): Promise<void>;
  remove(userId: string, activityId: string, time: string): Promise<void>;
  /** The slots of one activity. */
  forActivity(userId: string, activityId: string): Promise<ReminderSlot[]>;
  /** Slots of one day bucket (UTC date) whose occurrence is at or before `through`, oldest first. */
  due(day: IsoDate, through: Date): Promise<ReminderSlot[]>;
  /**
   * Records that the occurrence (activity, local date, time) was delivered; false when it already
   * was (a rerun, a redelivery, a second slot of the same time): the conditional write that makes
   * delivery once per occurrence.
   */
  claim(slot: Pick<ReminderSlot, 'userId' | 'activityId' | 'date' | 'time'>, now: Date): Promise<boolean>;
}

/** Occurrence records outlive any rerun or late delivery (LATE_MS) by far. */
const SENT_RETENTION_SECONDS = 14 * 24 * 3600;

// One reminder slot of one activity, in the user's partition (deleted with the account)
const slotKey = (userId: string, activityId: string, time: string) => userKey(userId, `REMIND#${activityId}#${time}`);
// The record that an occurrence was delivered
const sentKey = (userId: string, activityId: string, date: IsoDate, time: string) => userKey(userId, `REMSENT#${date}#${activityId}#${time}`);
// The due index (GSI1): one partition per UTC day, sorted by the occurrence's instant
const dueIndex = (day: IsoDate) => `REMINDERS#${day}`;

function toSlot(item: Item): ReminderSlot {
  return {
    userId: item.userId as string,
    activityId: item.activityId as string,
    time: item.time as string,
    timeZone: item.timeZone as string,
    date: item.date as string,
    at: item.at as string,
  };
}

export const dynamoReminders: ReminderRepository = {
  async put(slot) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...slotKey(slot.userId, slot.activityId, slot.time),
          type: 'reminder-slot',
          ...slot,
          gsi1pk: dueIndex(slot.at.slice(0, 10)),
          gsi1sk: `${slot.at}#${userPartition(slot.userId)}#${slot.activityId}#${slot.time}`,
        },
      }),
    );
  },

  async remove(userId, activityId, time) {
    await dynamo.send(new DeleteCommand({ TableName: tableName, Key: slotKey(userId, activityId, time) }));
  },

  // The reminder slots of one activity
  async forActivity(userId, activityId) {
    const items = await queryAll({
      ...userItemsQuery(userId, `REMIND#${activityId}#`),
    });
    return items.map(toSlot);
  },

  // Reminder slots due by `through` in one day of the due index (GSI1)
  async due(day, through) {
    const items = await queryAll({
      IndexName: GSI1.name,
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :through',
      ExpressionAttributeValues: { ':pk': dueIndex(day), ':through': `${through.toISOString()}#~` },
    });
    return items.map(toSlot);
  },

  async claim(slot, now) {
    return writeIf(
      dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...sentKey(slot.userId, slot.activityId, slot.date, slot.time),
            type: 'reminder-sent',
            sentAt: now.toISOString(),
            expiresAt: Math.floor(now.getTime() / 1000) + SENT_RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  },
};
