import { listWearableRulesRoute } from '../../infra/routes/wearables.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoRules } from '../../shared/wearables/rule-repository.ts';

export const handler = httpHandler(listWearableRulesRoute, async ({ user }) => ok({ items: await dynamoRules.list(user.id) }));
