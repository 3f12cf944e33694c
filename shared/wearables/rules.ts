import { addDays, localDate, type IsoDate } from '../kit/dates.ts';
import { NotFoundError, ValidationError } from '../kit/errors.ts';
import { AGGREGATIONS, METRICS, ruleUnits, TIME_UNITS, type Aggregation, type MetricSpec, type WearableMetric, type WearableRecord } from './model.ts';

export { AGGREGATIONS, type Aggregation };

/** A user's rule: a metric feeds an activity, one value per local day. */
export interface MappingRule {
  id: string;
  metric: WearableMetric;
  activityId: string;
  aggregation: Aggregation;
  /**
   * The unit the activity counts in: one of the metric's units (km for distance, h for sleep);
   * for `duration`, a unit of time (min, h, s).
   */
  unit: string;
  /** Replace the user's own entry of a day (default: never). */
  overwriteManual: boolean;
  createdAt: string;
}

export interface RuleRepository {
  list(userId: string): Promise<MappingRule[]>;
  get(userId: string, id: string): Promise<MappingRule | undefined>;
  put(userId: string, rule: MappingRule): Promise<void>;
  remove(userId: string, id: string): Promise<boolean>;
  /** Records of one metric starting in [fromIso, toIso). */
  records(userId: string, metric: WearableMetric, fromIso: string, toIso: string): Promise<WearableRecord[]>;
}

/** At most this many rules per user. */
export const MAX_RULES = 50;

/** Checks a rule's input: a known metric, a unit it can be converted to, an aggregation. */
export function checkRule(input: { metric: string; activityId: string; aggregation: string; unit: string }): void {
  const spec: MetricSpec | undefined = (METRICS as Record<string, MetricSpec>)[input.metric];
  if (!spec) throw new ValidationError('Unknown metric.', [{ field: 'metric', message: `must be one of ${Object.keys(METRICS).join(', ')}` }]);
  const units = ruleUnits(input.metric as WearableMetric, input.aggregation as Aggregation);
  if (!Object.hasOwn(units, input.unit))
    throw new ValidationError('This unit does not fit the metric and aggregation.', [{ field: 'unit', message: `must be one of ${Object.keys(units).join(', ')}` }]);
}

/**
 * The value of one local day from its records (each counted on the local day it starts), in the
 * rule's unit: `sum` of values, `max`, the `last` by start time, or `duration` (time covered,
 * from start to end). Undefined when the day has no record. Rounded to 2 decimals.
 */
export function aggregateDay(rule: Pick<MappingRule, 'metric' | 'aggregation' | 'unit'>, records: WearableRecord[]): number | undefined {
  if (records.length === 0) return undefined;
  const spec: MetricSpec = METRICS[rule.metric];
  let value: number;
  switch (rule.aggregation) {
    case 'sum':
      value = records.reduce((a, r) => a + r.value, 0) / spec.units[rule.unit]!;
      break;
    case 'max':
      value = Math.max(...records.map((r) => r.value)) / spec.units[rule.unit]!;
      break;
    case 'last': {
      const last = [...records].sort((a, b) => a.start.localeCompare(b.start)).at(-1)!;
      value = last.value / spec.units[rule.unit]!;
      break;
    }
    case 'duration': {
      const minutes = records.reduce((a, r) => a + (Date.parse(r.end) - Date.parse(r.start)) / 60_000, 0);
      value = minutes / TIME_UNITS[rule.unit]!;
      break;
    }
  }
  return Math.round(value * 100) / 100;
}

/** The local days whose records may include some that start on the given UTC days. */
export function localDaysOf(utcDays: IsoDate[], timeZone: string): IsoDate[] {
  const days = new Set<IsoDate>();
  for (const d of utcDays) {
    // A UTC day overlaps at most the local day before, itself and after (offsets are < 24 h).
    for (const h of [0, 12, 23.99]) days.add(localDate(timeZone, new Date(Date.parse(`${d}T00:00:00Z`) + h * 3600_000)));
  }
  return [...days].sort();
}

/** The records of a user's local day for a rule (read a little wider, then kept by local start date). */
export async function recordsOfDay(repo: RuleRepository, userId: string, metric: WearableMetric, day: IsoDate, timeZone: string): Promise<WearableRecord[]> {
  const from = `${addDays(day, -1)}T00:00:00.000Z`;
  const to = `${addDays(day, 2)}T00:00:00.000Z`;
  const wide = await repo.records(userId, metric, from, to);
  return wide.filter((r) => localDate(timeZone, new Date(r.start)) === day);
}

export interface RulesDeps {
  rules: RuleRepository;
  activityExists: (userId: string, activityId: string) => Promise<boolean>;
  now: () => Date;
  newId: () => string;
}

export async function createRule(
  deps: RulesDeps,
  userId: string,
  input: { metric: string; activityId: string; aggregation: Aggregation; unit: string; overwriteManual?: boolean },
): Promise<MappingRule> {
  checkRule(input);
  if (!(await deps.activityExists(userId, input.activityId))) throw new NotFoundError('The activity');
  const existing = await deps.rules.list(userId);
  if (existing.length >= MAX_RULES) throw new ValidationError(`At most ${MAX_RULES} rules.`);
  const rule: MappingRule = {
    id: deps.newId(),
    metric: input.metric as WearableMetric,
    activityId: input.activityId,
    aggregation: input.aggregation,
    unit: input.unit,
    overwriteManual: input.overwriteManual ?? false,
    createdAt: deps.now().toISOString(),
  };
  await deps.rules.put(userId, rule);
  return rule;
}

/** What a rule would write for each of the last 7 local days (today included); null for no data. */
export async function previewRule(
  deps: Pick<RulesDeps, 'rules' | 'now'>,
  userId: string,
  id: string,
  timeZone: string,
): Promise<{ rule: MappingRule; days: Array<{ date: IsoDate; value: number | null; records: number }> }> {
  const rule = await deps.rules.get(userId, id);
  if (!rule) throw new NotFoundError('The rule');
  const today = localDate(timeZone, deps.now());
  const days = [];
  for (let i = 6; i >= 0; i--) {
    const date = addDays(today, -i);
    const records = await recordsOfDay(deps.rules, userId, rule.metric, date, timeZone);
    days.push({ date, value: aggregateDay(rule, records) ?? null, records: records.length });
  }
  return { rule, days };
}

/**
 * The wearable-days consumer's work: for each rule fed by the batch's metrics, each local day the
 * batch touched is aggregated again and its entry written through `writeEntry` (the tracking
 * domain's putWearableEntry, which keeps the user's own entries). A correction recomputes the day.
 */
export async function recomputeDays(
  deps: { rules: RuleRepository; writeEntry: (userId: string, target: { date: IsoDate; activityId: string }, value: number, overwriteManual: boolean) => Promise<string> },
  userId: string,
  timeZone: string,
  metrics: string[],
  utcDays: IsoDate[],
): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {};
  const rules = (await deps.rules.list(userId)).filter((r) => metrics.includes(r.metric));
  for (const rule of rules) {
    for (const date of localDaysOf(utcDays, timeZone)) {
      const value = aggregateDay(rule, await recordsOfDay(deps.rules, userId, rule.metric, date, timeZone));
      if (value === undefined) continue;
      const outcome = await deps.writeEntry(userId, { date, activityId: rule.activityId }, value, rule.overwriteManual);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
  }
  return outcomes;
}
