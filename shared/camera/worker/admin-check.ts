import { AdminListGroupsForUserCommand, CognitoIdentityProviderClient, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_GROUP } from '../../auth/groups.ts';

/** Whether a user is an administrator now (not when their token was issued). */
export type AdminCheck = (userId: string) => Promise<boolean>;

/**
 * Asks the user pool for the user's groups (the user's `sub` is a username alias of the pool): a
 * user removed from the admin group, or deleted, is no longer an administrator.
 */
export function userPoolAdminCheck(userPoolId: string, region: string): AdminCheck {
  const cognito = new CognitoIdentityProviderClient({ region });
  return async (userId) => {
    try {
      const out = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: userId }));
      return (out.Groups ?? []).some((g) => g.GroupName === ADMIN_GROUP);
    } catch (error) {
      if (error instanceof UserNotFoundException) return false;
      throw error;
    }
  };
}
