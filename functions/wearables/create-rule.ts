import { wearableRoutes } from '../../infra/routes/wearables.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';
import { rulesDeps } from '../../shared/wearables/deps.ts';
import { createRule } from '../../shared/wearables/rules.ts';

export const handler = httpHandler(wearableRoutes['create-wearable-rule'], async ({ body, user }) => created(await createRule(rulesDeps, user.id, body)));
