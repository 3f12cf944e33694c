import { refreshRoute } from '../../infra/routes/account.ts';
import { refresh } from '../../shared/auth/accounts.ts';
import { cognitoIdentity } from '../../shared/auth/cognito-identity.ts';
import { dynamoSessions } from '../../shared/auth/session-repository.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

const deps = { identity: cognitoIdentity, sessions: dynamoSessions, profiles: dynamoProfiles, now: () => new Date() };

export const handler = httpHandler(refreshRoute, async ({ body }) => ok(await refresh(deps, body)));
