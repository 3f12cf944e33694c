import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  InitiateAuthCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognito } from '../aws/cognito.ts';
import { config } from '../config.ts';
import { ADMIN_GROUP } from './groups.ts';
import { ConflictError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../kit/errors.ts';
import type { IdentityProvider } from './identity-provider.ts';
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

export const cognitoIdentity: IdentityProvider = {
  async signUp(email, password) {
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
      if (named(error, 'UsernameExistsException', 'AliasExistsException'))
        throw new ConflictError('An account with this email already exists.');
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
  },

  async signIn(email, password) {
    try {
      const out = await cognito.send(
        new InitiateAuthCommand({
          ClientId: config.USER_POOL_CLIENT_ID,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
      const tokens = toTokens(out.AuthenticationResult);
      const claims = claimsOf(tokens.accessToken);
      const groups = claims['cognito:groups'];
      return {
        ...tokens,
        userId: String(claims.sub),
        isAdmin: Array.isArray(groups) && groups.includes(ADMIN_GROUP),
      };
    } catch (error) {
      // The same answer for an unknown email and a wrong password, so accounts cannot be probed.
      if (named(error, 'NotAuthorizedException', 'UserNotFoundException', 'InvalidPasswordException'))
        throw new UnauthorizedError('The email or password is wrong.');
      rethrow(error);
    }
  },

  async refresh(refreshToken) {
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
  },

  async changePassword(accessToken, current, next) {
    try {
      await cognito.send(
        new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: current, ProposedPassword: next }),
      );
    } catch (error) {
      if (named(error, 'NotAuthorizedException', 'InvalidPasswordException'))
        throw new ValidationError('Invalid body: password.current: is not your current password', [
          { field: 'password.current', message: 'is not your current password' },
        ]);
      rethrow(error);
    }
  },

  async deleteAccount(email) {
    try {
      await cognito.send(new AdminDeleteUserCommand({ UserPoolId: config.USER_POOL_ID, Username: email }));
    } catch (error) {
      if (named(error, 'UserNotFoundException')) return;
      rethrow(error);
    }
  },

  async addToGroup(email, group) {
    await cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: config.USER_POOL_ID, Username: email, GroupName: group }),
    );
  },
};
