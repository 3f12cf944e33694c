import { accountRoutes } from '../../infra/routes/account.ts';
import { deleteMe } from '../../shared/auth/accounts.ts';
import { cognitoIdentity } from '../../shared/auth/cognito-identity.ts';
import { busPublisher } from '../../shared/events/bus-publisher.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

export const handler = httpHandler(accountRoutes['delete-me'], async ({ user }) => {
  await deleteMe(cognitoIdentity, dynamoProfiles, busPublisher, user);
  return noContent();
});
