import { newId } from '../kit/ids.ts';
import { dynamoActivities } from '../tracking/activity-repository.ts';
import { dynamoRules } from './rule-repository.ts';
import type { RulesDeps } from './rules.ts';

/** The rules' dependencies in a Lambda. */
export const rulesDeps: RulesDeps = {
  rules: dynamoRules,
  activityExists: async (userId, activityId) => (await dynamoActivities.get(userId, activityId)) !== undefined,
  now: () => new Date(),
  newId,
};
