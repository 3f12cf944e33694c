import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { profileKey } from './keys.ts';
import type { Item } from '../db/table.ts';

/** A user's profile as stored; identity (email, password, groups) lives in the user pool. */
export interface Profile {
  id: string;
  email: string;
  displayName: string;
  timezone: string;
  createdAt: string;
  updatedAt: string;
  /** Last local date whose missing entries were recorded as missed (see finalize-days). */
  finalizedThrough?: string;
  /** A TOTP factor is on (mirrors the user pool, which holds the secret). */
  mfaEnabled?: boolean;
  /** Last sign-in or token refresh. */
  lastActiveAt?: string;
}

/**
 * A profile's read, apart from the writes (profile-repository.ts): the many functions that only
 * read a profile (its time zone, for "today") bundle none of them.
 */
export interface ProfileReads {
  get(userId: string): Promise<Profile | undefined>;
}


/** A profile from its stored item. */
export function toProfile(item: Item): Profile {
  return {
    id: item.id as string,
    email: item.email as string,
    displayName: item.displayName as string,
    timezone: item.timezone as string,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    ...(item.finalizedThrough ? { finalizedThrough: item.finalizedThrough as string } : {}),
    ...(item.mfaEnabled ? { mfaEnabled: true } : {}),
    ...(item.lastActiveAt ? { lastActiveAt: item.lastActiveAt as string } : {}),
  };
}

// Profile of one user, by id
export async function findProfile(userId: string): Promise<Profile | undefined> {
  const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: profileKey(userId) }));
  return out.Item ? toProfile(out.Item) : undefined;
}

/** The read in a Lambda (profile-repository.ts lists it beside the writes). */
export const dynamoProfileReads: ProfileReads = { get: findProfile };
