import { createWearableRuleRoute } from '../../infra/routes/wearables.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { rulesDeps } from '../../shared/wearables/deps.ts';
import { createRule } from '../../shared/wearables/rules.ts';

export const handler = idempotentHttpHandler(createWearableRuleRoute, async ({ body, user }) => created(await createRule(rulesDeps, user.id, body)));
