import { previewWearableRuleRoute } from '../../infra/routes/wearables.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';
import { rulesDeps } from '../../shared/wearables/deps.ts';
import { previewRule } from '../../shared/wearables/rules.ts';

export const handler = httpHandler(previewWearableRuleRoute, async ({ params, user }) => {
  const timezone = (await dynamoProfiles.get(user.id))?.timezone ?? 'UTC';
  return ok(await previewRule(rulesDeps, user.id, params.id, timezone));
});
