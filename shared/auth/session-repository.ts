import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { GSI1, userPartition } from '../db/keys.ts';
import { batchDelete, isConditionFailed, queryAll, writeIf } from '../db/table.ts';
import { authStateKey, REVOKED_PREFIX, type AuthState } from './auth-state.ts';
import { authStateChanged, forgetAuthState, readAuthState } from './auth-state-repository.ts';

/** A signed-in session: one per sign-in, found by its refresh token. */
export interface SessionRecord {
  userId: string;
  /** Epoch ms of the sign-in. */
  createdAt: number;
}

/** A sign-in waiting for its MFA code. */
export interface MfaChallenge {
  email: string;
  /** Cognito's session of the challenge (never shown to the client). */
  session: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface SessionRepository {
  create(refreshToken: string, session: SessionRecord, expiresAtMs: number): Promise<void>;
  get(refreshToken: string): Promise<SessionRecord | undefined>;
  /** Ends one session (only the user's own); true when it existed. */
  end(refreshToken: string, userId?: string): Promise<boolean>;
  /** The token state, read now (the writes below decide from it; requests use the cached read). */
  state(userId: string): Promise<AuthState>;
  // The writes that end tokens answer once every process's cached copy of the state from before
  // them has expired (auth-state-repository.ts, AUTH_STATE_CACHE_MS): they take effect everywhere.
  /** Ends every token issued and session begun before `validAfter` (epoch s; never moves back). */
  endAllBefore(userId: string, validAfter: number): Promise<void>;
  /** Ends one access token (by `jti`) until it expires; forgets ended tokens that expired by now. */
  revokeAccessToken(userId: string, tokenId: string, expiresAt: number, forget: string[]): Promise<void>;
  markDeleted(userId: string, at: Date, validAfter: number): Promise<void>;
  /** Marks the account disabled (its tokens are refused from now on), or clears the mark. */
  setDisabled(userId: string, at: Date | undefined): Promise<void>;
  /** The `admin` claim of tokens issued before `validAfter` (epoch s) grants nothing from now on. */
  revokeAdminBefore(userId: string, validAfter: number): Promise<void>;
  putChallenge(challengeId: string, challenge: MfaChallenge): Promise<void>;
  getChallenge(challengeId: string): Promise<MfaChallenge | undefined>;
  deleteChallenge(challengeId: string): Promise<void>;
}

/** Secrets are keyed by their hash: the table never holds a usable refresh token or challenge id. */
const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');
// One session, by the hash of its refresh token
const sessionKey = (refreshToken: string) => ({ pk: `SESSION#${digest(refreshToken)}`, sk: 'SESSION' });
// The sessions of one user (GSI1): what the account purge deletes
const userSessionsIndex = (userId: string) => `${userPartition(userId)}#SESSIONS`;
// One pending MFA challenge, by the hash of its id
const challengeKey = (challengeId: string) => ({ pk: `CHALLENGE#${digest(challengeId)}`, sk: 'MFA' });

/** How long a deleted account's state is kept: longer than any token it had lives. */
const DELETED_STATE_SECONDS = 2 * 86_400;

export const dynamoSessions: SessionRepository = {
  async create(refreshToken, session, expiresAtMs) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...sessionKey(refreshToken),
          type: 'session',
          ...session,
          expiresAt: Math.ceil(expiresAtMs / 1000),
          [GSI1.partitionKey]: userSessionsIndex(session.userId),
          [GSI1.sortKey]: String(session.createdAt),
        },
      }),
    );
  },

  async get(refreshToken) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: sessionKey(refreshToken), ConsistentRead: true }));
    const item = out.Item;
    if (!item || Number(item.expiresAt) * 1000 <= Date.now()) return undefined;
    return { userId: item.userId as string, createdAt: Number(item.createdAt) };
  },

  async end(refreshToken, userId) {
    try {
      const out = await dynamo.send(
        new DeleteCommand({
          TableName: tableName,
          Key: sessionKey(refreshToken),
          ...(userId
            ? { ConditionExpression: 'attribute_not_exists(pk) OR userId = :u', ExpressionAttributeValues: { ':u': userId } }
            : {}),
          ReturnValues: 'ALL_OLD',
        }),
      );
      return out.Attributes !== undefined;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  state: readAuthState,

  async endAllBefore(userId, validAfter) {
    // Not written when a later sign-out already covers this one.
    await writeIf(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: authStateKey(userId),
          UpdateExpression: 'SET tokensValidAfter = :t, #type = :type',
          ConditionExpression: 'attribute_not_exists(tokensValidAfter) OR tokensValidAfter < :t',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':t': validAfter, ':type': 'auth-state' },
        }),
      ),
    );
    await authStateChanged(userId);
  },

  async revokeAccessToken(userId, tokenId, expiresAt, forget) {
    const stale = forget.filter((id) => id !== tokenId);
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: authStateKey(userId),
        UpdateExpression: `SET #rv = :exp, #type = :type${stale.length ? ` REMOVE ${stale.map((_, i) => `#old${i}`).join(', ')}` : ''}`,
        ExpressionAttributeNames: {
          '#rv': `${REVOKED_PREFIX}${tokenId}`,
          '#type': 'type',
          ...Object.fromEntries(stale.map((id, i) => [`#old${i}`, `${REVOKED_PREFIX}${id}`])),
        },
        ExpressionAttributeValues: { ':exp': expiresAt, ':type': 'auth-state' },
      }),
    );
    await authStateChanged(userId);
  },

  async markDeleted(userId, at, validAfter) {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: authStateKey(userId),
        UpdateExpression: 'SET deletedAt = :at, tokensValidAfter = :t, expiresAt = :exp, #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':at': at.toISOString(),
          ':t': validAfter,
          ':exp': Math.ceil(at.getTime() / 1000) + DELETED_STATE_SECONDS,
          ':type': 'auth-state',
        },
      }),
    );
    await authStateChanged(userId);
  },

  async setDisabled(userId, at) {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: authStateKey(userId),
        UpdateExpression: at ? 'SET disabledAt = :at, #type = :type' : 'SET #type = :type REMOVE disabledAt',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'auth-state', ...(at ? { ':at': at.toISOString() } : {}) },
      }),
    );
    if (at) await authStateChanged(userId);
    else forgetAuthState(userId); // enabling ends nothing: no need to wait for other copies
  },

  async revokeAdminBefore(userId, validAfter) {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: authStateKey(userId),
        UpdateExpression: 'SET adminValidAfter = :t, #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':t': validAfter, ':type': 'auth-state' },
      }),
    );
    await authStateChanged(userId);
  },

  async putChallenge(challengeId, challenge) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...challengeKey(challengeId),
          type: 'mfa-challenge',
          email: challenge.email,
          session: challenge.session,
          expiresAtMs: challenge.expiresAt,
          expiresAt: Math.ceil(challenge.expiresAt / 1000),
        },
      }),
    );
  },

  async getChallenge(challengeId) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: challengeKey(challengeId), ConsistentRead: true }));
    const item = out.Item;
    if (!item) return undefined;
    return { email: item.email as string, session: item.session as string, expiresAt: Number(item.expiresAtMs) };
  },

  async deleteChallenge(challengeId) {
    await dynamo.send(new DeleteCommand({ TableName: tableName, Key: challengeKey(challengeId) }));
  },
};

/**
 * Deletes every session of a user (the account purge: a session item holds the user's id until
 * its refresh token would have expired). Sessions written before they were indexed by user
 * expire with their refresh token. Returns how many it deleted.
 */
export async function purgeUserSessions(userId: string): Promise<number> {
  const items = await queryAll({
    IndexName: GSI1.name,
    KeyConditionExpression: '#p = :p',
    ExpressionAttributeNames: { '#p': GSI1.partitionKey },
    ExpressionAttributeValues: { ':p': userSessionsIndex(userId) },
  });
  await batchDelete(items.map((i) => ({ pk: i.pk as string, sk: i.sk as string })));
  return items.length;
}
