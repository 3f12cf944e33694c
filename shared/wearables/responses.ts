/** What the wearable routes answer (see shared/kit/responses.ts). */
import * as z from 'zod';
import { count, day, timestamp } from '../kit/responses.ts';
import { WEARABLE_METRICS, WEARABLE_SOURCES } from './model.ts';
import { AGGREGATIONS } from './rules.ts';

const REASONS = ['invalid_record', 'unknown_metric', 'unknown_unit', 'invalid_time', 'end_before_start', 'in_future', 'too_old', 'too_long', 'invalid_value'] as const;

/** The summary of one batch (model.ts `IngestSummary`). */
export const IngestSummary = z.strictObject({
  batchId: z.string().min(1),
  source: z.enum(WEARABLE_SOURCES),
  received: count('Records in the batch'),
  accepted: count('Records stored new or corrected'),
  corrected: count('Of those, device records seen before with other content (their day is recomputed)'),
  duplicates: count('Records already stored as they are: a batch sent twice is all duplicates'),
  rejected: z
    .array(z.strictObject({ index: count('Position in the batch'), reason: z.enum(REASONS), message: z.string() }))
    .describe('Each refused record with its reason; the others were taken'),
});

/** A mapping rule (rules.ts `MappingRule`). */
export const MappingRule = z.strictObject({
  id: z.string().min(1),
  metric: z.enum(WEARABLE_METRICS),
  activityId: z.string().min(1),
  aggregation: z.enum(AGGREGATIONS).describe('sum, max, last (by start) or duration (time covered) of a local day\u2019s records'),
  unit: z.string().describe('The unit the activity counts in'),
  overwriteManual: z.boolean().describe('Whether the rule replaces the user\u2019s own entry of a day'),
  createdAt: timestamp(),
});

export const MappingRuleList = z.strictObject({ items: z.array(MappingRule) });

/** What a rule would write for each of the last 7 local days. */
export const RulePreview = z.strictObject({
  rule: MappingRule,
  days: z.array(z.strictObject({ date: day(), value: z.number().nullable().describe('null: no record that day'), records: count() })).length(7),
});

/** The Devices page: sources seen and the latest batches (devices.ts `DevicesOverview`). */
export const DevicesOverview = z.strictObject({
  sources: z.array(
    z.strictObject({
      source: z.enum(WEARABLE_SOURCES),
      lastBatchAt: timestamp('When its last batch (or import) arrived'),
      records: count('Records stored new or corrected from it, over all batches'),
      batches: count('Batches and imports received from it'),
    }),
  ),
  batches: z
    .array(
      z.strictObject({
        batchId: z.string().min(1).describe('The batch id, or the import id for an Apple Health import'),
        source: z.enum(WEARABLE_SOURCES),
        via: z.enum(['batch', 'import']).describe('`import`: an Apple Health export read through an import'),
        at: timestamp(),
        received: count(),
        accepted: count(),
        duplicates: count(),
        rejected: count(),
      }),
    )
    .describe('The latest batches, newest first (kept 90 days)'),
});
