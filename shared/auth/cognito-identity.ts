import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  ListUsersInGroupCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognito } from '../aws/cognito.ts';
import { config, isLocal } from '../config.ts';
import { ADMIN_GROUP } from './groups.ts';
import { TooManyRequestsError, UnauthorizedError, ValidationError } from '../kit/errors.ts';
import {
  AccountExistsError,
  BadCodeError,
  BadCredentialsError,
  TotpNotSetUpError,
  WrongPasswordError,
  type IdentityProvider,
  type SignedIn,
} from './identity-provider.ts';
import type { SessionTokens } from './schemas.ts';

const named = (error: unknown, ...names: string[]) => error instanceof Error && names.includes(error.name);

function rethrow(error: unknown): never {
  if (named(error, 'TooManyRequestsException', 'LimitExceededException')) throw new TooManyRequestsError(30);
  throw error;
}

/** Claims of a token Cognito just issued to us (already trusted: it came straight from Cognito). */
function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

function toTokens(result: AuthenticationResultType | undefined, refreshToken?: string): SessionTokens {
  if (!result?.AccessToken || !result.IdToken) throw new UnauthorizedError('Sign-in did not complete.');
  const exp = Number(claimsOf(result.AccessToken).exp);
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    refreshToken: result.RefreshToken ?? refreshToken,
    expiresIn: result.ExpiresIn ?? Math.max(0, exp - Math.floor(Date.now() / 1000)),
  };
}

function signedIn(result: AuthenticationResultType | undefined): SignedIn {
  const tokens = toTokens(result);
  const claims = claimsOf(tokens.accessToken);
  const groups = claims['cognito:groups'];
  return { ...tokens, userId: String(claims.sub), isAdmin: Array.isArray(groups) && groups.includes(ADMIN_GROUP) };
}

function passwordAuth(email: string, password: string) {
  return cognito.send(
    new InitiateAuthCommand({
      ClientId: config.USER_POOL_CLIENT_ID,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
}

/** Errors Cognito answers for a wrong password or an unknown user (the pool hides which). */
const WRONG_CREDENTIALS = ['NotAuthorizedException', 'UserNotFoundException', 'InvalidPasswordException'];

async function revoke(refreshToken: string): Promise<void> {
  try {
    await cognito.send(new RevokeTokenCommand({ ClientId: config.USER_POOL_CLIENT_ID, Token: refreshToken }));
  } catch (error) {
    // Already revoked, expired or never valid: nothing is left to end.
    if (named(error, 'NotAuthorizedException', 'UnsupportedTokenTypeException', 'InvalidParameterException')) return;
    rethrow(error);
  }
}

export const signUp: IdentityProvider['signUp'] = async (email, password) => {
  // Accounts are created by the API (self sign-up is off in the pool, so the API's validation
  // and rate limits cannot be bypassed) and are usable at once (docs/auth.md).
  let userId: string;
  try {
    const out = await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: config.USER_POOL_ID,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    userId = out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? out.User!.Username!;
  } catch (error) {
    if (named(error, 'UsernameExistsException', 'AliasExistsException')) throw new AccountExistsError();
    rethrow(error);
  }
  try {
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: config.USER_POOL_ID,
        Username: email,
        Password: password,
        Permanent: true,
      }),
    );
  } catch (error) {
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: config.USER_POOL_ID, Username: email }));
    if (named(error, 'InvalidPasswordException'))
      throw new ValidationError(`Invalid body: password: ${(error as Error).message}`, [
        { field: 'password', message: (error as Error).message },
      ]);
    rethrow(error);
  }
  return userId;
};

export const findUserId: IdentityProvider['findUserId'] = async (email) => {
  try {
    const out = await cognito.send(new AdminGetUserCommand({ UserPoolId: config.USER_POOL_ID, Username: email }));
    return out.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? out.Username;
  } catch (error) {
    if (named(error, 'UserNotFoundException')) return undefined;
    rethrow(error);
  }
};

export const signIn: IdentityProvider['signIn'] = async (email, password) => {
  try {
    const out = await passwordAuth(email, password);
    if (out.ChallengeName === 'SOFTWARE_TOKEN_MFA' && out.Session) return { kind: 'mfa', session: out.Session };
    if (out.ChallengeName) throw new UnauthorizedError('This account needs a sign-in step Mosaic does not offer.');
    return { kind: 'signed_in', ...signedIn(out.AuthenticationResult) };
  } catch (error) {
    if (named(error, ...WRONG_CREDENTIALS)) throw new BadCredentialsError();
    rethrow(error);
  }
};

export const answerTotp: IdentityProvider['answerTotp'] = async (email, session, code) => {
  try {
    const out = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: config.USER_POOL_CLIENT_ID,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: session,
        ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
      }),
    );
    return signedIn(out.AuthenticationResult);
  } catch (error) {
    if (named(error, 'CodeMismatchException', 'ExpiredCodeException')) throw new BadCodeError();
    // Cognito ends a challenge's session after a while or too many wrong codes.
    if (named(error, 'NotAuthorizedException'))
      throw new UnauthorizedError('This sign-in has expired; sign in again with your password.');
    rethrow(error);
  }
};

export const checkPassword: IdentityProvider['checkPassword'] = async (email, password) => {
  try {
    const out = await passwordAuth(email, password);
    // A challenge means the password was right; a completed sign-in's session is ended again.
    if (out.AuthenticationResult?.RefreshToken) await revoke(out.AuthenticationResult.RefreshToken);
    return true;
  } catch (error) {
    if (named(error, ...WRONG_CREDENTIALS)) return false;
    rethrow(error);
  }
};

export const refresh: IdentityProvider['refresh'] = async (refreshToken) => {
  try {
    const out = await cognito.send(
      new InitiateAuthCommand({
        ClientId: config.USER_POOL_CLIENT_ID,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
    return toTokens(out.AuthenticationResult, refreshToken);
  } catch (error) {
    if (named(error, 'NotAuthorizedException', 'UserNotFoundException'))
      throw new UnauthorizedError('The refresh token is not valid.');
    rethrow(error);
  }
};

export const revokeRefreshToken: IdentityProvider['revokeRefreshToken'] = revoke;

export const signOutEverywhere: IdentityProvider['signOutEverywhere'] = async (email) => {
  // cognito-local has no global sign-out; locally Mosaic's own session records end the sessions.
  if (isLocal) return;
  try {
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: config.USER_POOL_ID, Username: email }));
  } catch (error) {
    if (named(error, 'UserNotFoundException')) return;
    rethrow(error);
  }
};

export const changePassword: IdentityProvider['changePassword'] = async (accessToken, current, next) => {
  try {
    await cognito.send(
      new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: current, ProposedPassword: next }),
    );
  } catch (error) {
    if (named(error, 'NotAuthorizedException', 'InvalidPasswordException')) throw new WrongPasswordError('password.current');
    rethrow(error);
  }
};

export const startTotp: IdentityProvider['startTotp'] = async (accessToken) => {
  try {
    const out = await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    if (!out.SecretCode) throw new Error('AssociateSoftwareToken returned no secret');
    return out.SecretCode;
  } catch (error) {
    rethrow(error);
  }
};

export const confirmTotp: IdentityProvider['confirmTotp'] = async (accessToken, code) => {
  try {
    const out = await cognito.send(
      new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code, FriendlyDeviceName: 'Mosaic' }),
    );
    if (out.Status !== 'SUCCESS') throw new BadCodeError();
  } catch (error) {
    if (named(error, 'CodeMismatchException', 'EnableSoftwareTokenMFAException', 'ExpiredCodeException'))
      throw new BadCodeError();
    // No authenticator associated yet: Cognito's own name for it, and the local stand-in's.
    if (named(error, 'SoftwareTokenMFANotFoundException') || (named(error, 'InvalidParameterException') && /software token/i.test((error as Error).message))) {
      throw new TotpNotSetUpError();
    }
    rethrow(error);
  }
};

export const setTotp: IdentityProvider['setTotp'] = async (accessToken, enabled) => {
  try {
    await cognito.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: enabled, PreferredMfa: enabled },
      }),
    );
  } catch (error) {
    rethrow(error);
  }
};

export const deleteAccount: IdentityProvider['deleteAccount'] = async (email) => {
  try {
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: config.USER_POOL_ID, Username: email }));
  } catch (error) {
    if (named(error, 'UserNotFoundException')) return;
    rethrow(error);
  }
};

export const addToGroup: IdentityProvider['addToGroup'] = async (email, group) => {
  await cognito.send(
    new AdminAddUserToGroupCommand({ UserPoolId: config.USER_POOL_ID, Username: email, GroupName: group }),
  );
};

export const removeFromGroup: IdentityProvider['removeFromGroup'] = async (email, group) => {
  try {
    await cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: config.USER_POOL_ID, Username: email, GroupName: group }));
  } catch (error) {
    if (named(error, 'UserNotFoundException')) return;
    rethrow(error);
  }
};

export const groupMembers: IdentityProvider['groupMembers'] = async (group) => {
  const ids: string[] = [];
  let next: string | undefined;
  do {
    const out = await cognito.send(new ListUsersInGroupCommand({ UserPoolId: config.USER_POOL_ID, GroupName: group, NextToken: next }));
    for (const u of out.Users ?? []) {
      const sub = u.Attributes?.find((a) => a.Name === 'sub')?.Value;
      if (sub) ids.push(sub);
    }
    next = out.NextToken;
  } while (next);
  return ids;
};

export const setEnabled: IdentityProvider['setEnabled'] = async (email, enabled) => {
  const input = { UserPoolId: config.USER_POOL_ID, Username: email };
  try {
    await cognito.send(enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input));
  } catch (error) {
    if (named(error, 'UserNotFoundException')) return;
    rethrow(error);
  }
};

/**
 * Every operation as one IdentityProvider. A function that needs only a few takes those few by
 * name instead, so its bundle carries no other operation and no other SDK command.
 */
export const cognitoIdentity: IdentityProvider = {
  signUp,
  findUserId,
  signIn,
  answerTotp,
  checkPassword,
  refresh,
  revokeRefreshToken,
  signOutEverywhere,
  changePassword,
  startTotp,
  confirmTotp,
  setTotp,
  deleteAccount,
  addToGroup,
  removeFromGroup,
  groupMembers,
  setEnabled,
};
