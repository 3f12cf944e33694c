import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cognito } from '../aws/cognito.ts';
import { config } from '../config.ts';
import type { UserDirectory } from './projects.ts';
import { profileDirectory } from './user-directory.ts';

const profile = (userId: string) => profileDirectory.profile(userId);

/** Accounts by email: the user pool knows the email, the profile the name (route: `userPool: 'lookup'`). */
export const poolDirectory: UserDirectory = {
  async findByEmail(email) {
    let id: string | undefined;
    try {
      const out = await cognito.send(new AdminGetUserCommand({ UserPoolId: config.USER_POOL_ID, Username: email.trim().toLowerCase() }));
      id = out.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? out.Username;
    } catch (error) {
      if ((error as Error).name === 'UserNotFoundException') return undefined;
      throw error;
    }
    return id ? profileDirectory.profile(id) : undefined;
  },
  profile,
};
