import { deleteWearableRuleRoute } from '../../infra/routes/wearables.ts';
import { NotFoundError } from '../../shared/kit/errors.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';
import { dynamoRules } from '../../shared/wearables/rule-repository.ts';

export const handler = httpHandler(deleteWearableRuleRoute, async ({ params, user }) => {
  if (!(await dynamoRules.remove(user.id, params.id))) throw new NotFoundError('The rule');
  return noContent();
});
