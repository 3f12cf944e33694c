import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { batchDelete, getItems, queryPage, queryPages, setFields, writeIf } from '../db/table.ts';
import { ConflictError } from '../kit/errors.ts';
import type { Page } from '../kit/schemas.ts';
import { GSI1, userPartition } from '../db/keys.ts';
import { mirrorTimezone } from '../auth/auth-state-repository.ts';
import { profileKey } from './keys.ts';
import { findProfile, toProfile, type Profile, type ProfileReads } from './profile-reads.ts';

export type { Profile } from './profile-reads.ts';

/** Profiles: their read (profile-reads.ts) and writes. */
export interface ProfileRepository extends ProfileReads {
  /** Creates a profile; 409 when one exists. */
  create(profile: Profile): Promise<void>;
  update(userId: string, changes: Partial<Pick<Profile, 'displayName' | 'timezone' | 'finalizedThrough' | 'mfaEnabled' | 'lastActiveAt'>>): Promise<Profile>;
  /** Deletes the profile item only (the account's other data is purged asynchronously). */
  remove(userId: string): Promise<void>;
  /** Every user, a page at a time, oldest first. */
  list(page: { limit: number; cursor?: string }): Promise<Page<Profile>>;
  /** The emails of some users, by id; an id without a profile (a deleted account) is absent. */
  emailsOf(userIds: readonly string[]): Promise<Map<string, string>>;
}

// All users, by creation (GSI1)
const USERS_PARTITION = 'USERS';

export const dynamoProfiles: ProfileRepository = {
  get: findProfile,

  async create(profile) {
    const written = await writeIf(
      dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...profileKey(profile.id),
            gsi1pk: USERS_PARTITION,
            gsi1sk: `${profile.createdAt}#${profile.id}`,
            type: 'profile',
            ...profile,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (!written) throw new ConflictError('This user already has a profile.');
    await mirrorTimezone(profile.id, profile.timezone);
  },

  async update(userId, changes) {
    const out = await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: profileKey(userId),
        ...setFields({ ...changes, updatedAt: new Date().toISOString() }),
        ConditionExpression: 'attribute_exists(pk)',
        ReturnValues: 'ALL_NEW',
      }),
    );
    const profile = toProfile(out.Attributes!);
    // After the profile, from what it now holds: a failure in between fails the request, and its
    // retry writes the mirror again.
    if (changes.timezone !== undefined) await mirrorTimezone(userId, profile.timezone);
    return profile;
  },

  // Profiles of some users by id (BatchGetItem, 100 keys a call)
  async emailsOf(userIds) {
    const items = await getItems([...new Set(userIds)].map(profileKey));
    return new Map(items.map((item) => [String(item.id), String(item.email)]));
  },

  async remove(userId) {
    await dynamo.send(new DeleteCommand({ TableName: tableName, Key: profileKey(userId) }));
  },

  list(page) {
    return queryPage(
      {
        IndexName: GSI1.name,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': USERS_PARTITION },
      },
      page,
      { gsi1pk: USERS_PARTITION },
      ['pk', 'sk', 'gsi1sk'],
      toProfile,
    );
  },
};

/**
 * Deletes every item in a user's partition, a page at a time (the account purge).
 * Returns how many items were deleted.
 */
export async function purgeUserPartition(userId: string): Promise<number> {
  let deleted = 0;
  for await (const items of queryPages({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': userPartition(userId) },
    ProjectionExpression: 'pk, sk',
  })) {
    await batchDelete(items.map((i) => ({ pk: i.pk as string, sk: i.sk as string })));
    deleted += items.length;
  }
  return deleted;
}

/** Passes over the partition: a roll-up written by an in-flight event is caught by a later pass. */
const PURGE_PASSES = 5;
const PURGE_SETTLE_MS = 1000;

/**
 * Purges a deleted account's partition, passing again (after a pause) until a pass finds
 * nothing, so writes of events still in flight at deletion time are removed too. Returns how
 * many items were deleted.
 */
export async function purgeAccount(userId: string, settleMs = PURGE_SETTLE_MS): Promise<number> {
  let deleted = 0;
  for (let pass = 0; pass < PURGE_PASSES; pass++) {
    const n = await purgeUserPartition(userId);
    deleted += n;
    if (n === 0 && pass > 0) break;
    await new Promise((r) => setTimeout(r, settleMs));
  }
  return deleted;
}
