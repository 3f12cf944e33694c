import * as z from 'zod/mini';
import { WEARABLE_LIMITS, WEARABLE_METRICS, WEARABLE_SOURCES } from './model.ts';
import { AGGREGATIONS } from './rules.ts';

/**
 * The batch as posted. Records are checked one by one by the domain (a bad record is rejected
 * with its reason, the rest of the batch goes on), so here they are only objects; anything else
 * in the batch or its device description (serial numbers, names, firmware) is ignored and never
 * stored.
 */
export const WearableBatchBody = z.object({
  source: z.enum(WEARABLE_SOURCES),
  // More than the limit is a 413 (the domain says so); the schema only keeps it an array.
  records: z.array(z.unknown()).check(z.minLength(1)),
});
export type WearableBatchBody = z.infer<typeof WearableBatchBody>;

export { WEARABLE_LIMITS };

/** A mapping rule (rules.ts checks the unit against the metric and aggregation). */
export const CreateRuleBody = z.object({
  metric: z.enum(WEARABLE_METRICS),
  activityId: z.string().check(z.minLength(1), z.maxLength(64)),
  aggregation: z.enum(AGGREGATIONS),
  unit: z.string().check(z.minLength(1), z.maxLength(16)),
  overwriteManual: z.optional(z.boolean()),
});
export type CreateRuleBody = z.infer<typeof CreateRuleBody>;

export const RuleParams = z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)) });
