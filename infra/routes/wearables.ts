/**
 * Wearables: batches of device records (seed 001's `POST /ingest/wearable/batch`), normalised and
 * de-duplicated on arrival, kept raw for 30 days.
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { MAX_IMPORT_ATTEMPTS } from '../../shared/tracking/import-model.ts';
import { WEARABLE_LIMITS } from '../../shared/wearables/model.ts';
import { DevicesOverview, IngestSummary, MappingRule, MappingRuleList, RulePreview } from '../../shared/wearables/responses.ts';
import { CreateRuleBody, RuleParams, WearableBatchBody } from '../../shared/wearables/schemas.ts';
import type { ConsumerDef, Deployments } from './types.ts';

export const ingestWearableBatchRoute = route('ingest-wearable-batch', {
  method: 'POST',
  path: '/v1/ingest/wearable/batch',
  auth: 'user',
  body: WearableBatchBody,
  bodyBytes: WEARABLE_LIMITS.bodyBytes,
  // Summaries answer 200: the batch is taken (or found to be duplicates), not one thing created.
  successStatus: 200,
  rateLimit: { requests: 120, windowSeconds: 60 },
});
export const createWearableRuleRoute = route('create-wearable-rule', { method: 'POST', path: '/v1/wearables/rules', auth: 'user', body: CreateRuleBody });
export const listWearableRulesRoute = route('list-wearable-rules', { method: 'GET', path: '/v1/wearables/rules', auth: 'user' });
export const deleteWearableRuleRoute = route('delete-wearable-rule', { method: 'DELETE', path: '/v1/wearables/rules/{id}', auth: 'user', params: RuleParams, successStatus: 204 });
export const previewWearableRuleRoute = route('preview-wearable-rule', { method: 'GET', path: '/v1/wearables/rules/{id}/preview', auth: 'user', params: RuleParams });
export const listWearableSourcesRoute = route('list-wearable-sources', { method: 'GET', path: '/v1/wearables/sources', auth: 'user' });

export const wearableRoutes = contracts([
  ingestWearableBatchRoute,
  createWearableRuleRoute,
  listWearableRulesRoute,
  deleteWearableRuleRoute,
  previewWearableRuleRoute,
  listWearableSourcesRoute,
]);

export const wearableDeployment = {
  'ingest-wearable-batch': {
    handler: 'functions/wearables/ingest-batch.ts',
    resources: { table: 'write', buckets: { wearables: 'write' }, publishes: ['wearable.ingested'] },
    // A plain string: a property read here would keep this object (and its response schema) in the bundle.
    summary: 'A batch of wearable records (at most 1,000): a summary of accepted, duplicates and rejected with reasons',
    tag: 'wearables',
    response: IngestSummary,
    timeoutSeconds: 20,
  },
  'create-wearable-rule': {
    handler: 'functions/wearables/create-rule.ts',
    resources: { table: 'write' },
    summary: 'Link a metric to an activity: one value per local day (sum, max, last or duration) in the activity\'s unit',
    tag: 'wearables',
    response: MappingRule,
  },
  'list-wearable-rules': {
    handler: 'functions/wearables/list-rules.ts',
    resources: { table: 'read' },
    summary: 'The mapping rules',
    tag: 'wearables',
    response: MappingRuleList,
  },
  'delete-wearable-rule': {
    handler: 'functions/wearables/delete-rule.ts',
    resources: { table: 'write' },
    summary: 'Delete a mapping rule (the entries it wrote stay)',
    tag: 'wearables',
  },
  'preview-wearable-rule': {
    handler: 'functions/wearables/preview-rule.ts',
    resources: { table: 'read' },
    summary: 'What a rule would write for each of the last 7 local days',
    tag: 'wearables',
    response: RulePreview,
  },
  'list-wearable-sources': {
    handler: 'functions/wearables/list-sources.ts',
    resources: { table: 'read' },
    summary: 'The Devices page: sources records came from (last batch, records stored) and the latest batches and Apple Health imports',
    tag: 'wearables',
    response: DevicesOverview,
  },
} satisfies Deployments<typeof wearableRoutes>;

export const wearableConsumers = {
  'health-imports': {
    handler: 'functions/consumers/health-imports.ts',
    eventTypes: ['health-import.requested'],
    resources: { table: 'write', buckets: { imports: 'readwrite' }, publishes: ['import.completed', 'import.progress', 'wearable.ingested'] },
    batchSize: 1,
    // Longer than the function's timeout: a message seen again means its last run has ended.
    visibilityTimeoutSeconds: 960,
    maxReceiveCount: MAX_IMPORT_ATTEMPTS,
    timeoutSeconds: 900,
    memoryMb: 1024,
    description: 'Reads an uploaded Apple Health export.zip (streamed by ranges, checked whole before writing), stores its records from its checkpoint on',
  },
  'wearable-days': {
    handler: 'functions/consumers/wearable-days.ts',
    eventTypes: ['wearable.ingested'],
    resources: { table: 'write', publishes: ['entry.logged'] },
    batchSize: 5,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    timeoutSeconds: 60,
    memoryMb: 512,
    description: "Recomputes the days a wearable batch touched for each mapping rule and writes their entries (source wearable; the user's own kept)",
  },
} satisfies Record<string, ConsumerDef>;
