import { getMeRoute } from '../../infra/routes/account.ts';
import { getMe } from '../../shared/auth/accounts.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

export const handler = httpHandler(getMeRoute, async ({ user }) => ok(await getMe(dynamoProfiles, user)));
