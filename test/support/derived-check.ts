/**
 * Checks a user's derived data against a recomputation from their raw entries: the roll-ups
 * (read through the API's stats and dashboard, which read the month and day roll-ups), the
 * activity stats and the goal progress must equal what the same analytics functions compute from
 * the entries as stored in the table. Used after a crash to show that nothing diverged.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { isDeepStrictEqual } from 'node:util';
import { userItemsQuery } from '../../shared/db/keys.ts';
import { addDays, type IsoDate } from '../../shared/kit/dates.ts';
import { progressDashboard } from '../../shared/tracking/analytics/dashboard.ts';
import { goalCurrentValue } from '../../shared/tracking/analytics/goals.ts';
import { completionRate, consistencyScore, consistencyTrend, heatmap, monthlySeries, weeklySeries } from '../../shared/tracking/analytics/series.ts';
import { advanceStats, foldHistory } from '../../shared/tracking/analytics/stats.ts';
import { ENTRY_PREFIX } from '../../shared/tracking/keys.ts';
import { EMPTY_STATS, type Activity, type DaySlot, type Entry, type Goal, type History } from '../../shared/tracking/model.ts';
import { as, type TestUser } from './http-client.ts';
import type { RuntimeInfo } from './local-process.ts';

/** Every entry of a user, read straight from the table (not through anything derived). */
async function rawEntries(info: RuntimeInfo, userId: string): Promise<Entry[]> {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: info.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  const entries: Entry[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: info.resources.tableName,
        ...userItemsQuery(userId, ENTRY_PREFIX),
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) entries.push(item as unknown as Entry);
    start = page.LastEvaluatedKey;
  } while (start);
  db.destroy();
  return entries;
}

async function all<T>(read: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/**
 * The differences between a user's derived data, as the API reads it on `dates` (stats windows
 * ending on each; the dashboard's 30 days ending on each), and a recomputation from the raw
 * entries. Empty when everything agrees.
 */
export async function derivedMismatches(base: string, user: TestUser, info: RuntimeInfo, dates: IsoDate[], today: IsoDate): Promise<string[]> {
  const client = as(base, user);
  const query = (cursor?: string) => (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
  const activityViews = await all(async (c) => (await client.get(`/v1/activities?limit=100${query(c)}`)).body as { items: Array<Omit<Activity, 'userId'>> });
  const goalViews = await all(async (c) => (await client.get(`/v1/goals?limit=100${query(c)}`)).body as { items: Array<Omit<Goal, 'userId'>> });
  const entries = await rawEntries(info, user.id);

  const byActivity = new Map<string, Map<IsoDate, DaySlot>>();
  for (const e of [...entries].sort((a, b) => (a.date < b.date ? -1 : 1))) {
    if (!byActivity.has(e.activityId)) byActivity.set(e.activityId, new Map());
    byActivity.get(e.activityId)!.set(e.date, { status: e.status, value: e.value ?? null });
  }
  const histories: ReadonlyMap<string, History> = byActivity;
  const problems: string[] = [];
  const differ = (what: string, actual: unknown, expected: unknown) => {
    // Through JSON, as the API answers it (no undefined members, plain objects).
    const expectedJson = JSON.parse(JSON.stringify(expected)) as unknown;
    if (!isDeepStrictEqual(actual, expectedJson)) problems.push(`${what}: ${JSON.stringify(actual).slice(0, 300)} ≠ ${JSON.stringify(expectedJson).slice(0, 300)}`);
  };

  const activities: Activity[] = [];
  for (const view of activityViews) {
    const history = histories.get(view.id) ?? new Map<IsoDate, DaySlot>();
    const model: Activity = { ...view, userId: user.id, status: view.status === 'archived' ? 'archived' : 'active' };
    const recorded = [...history.keys()];
    const folded = recorded.length ? foldHistory(model, history, recorded[recorded.length - 1]!) : EMPTY_STATS;
    activities.push({ ...model, stats: folded });
    differ(`stats of ${view.name}`, view.stats, advanceStats(model, folded, today));
    for (const date of dates) {
      const insights = (await client.get(`/v1/activities/${view.id}/stats?date=${date}`)).body as Record<string, unknown>;
      differ(`heatmap of ${view.name} to ${date}`, insights.heatmap, heatmap(model, history, date));
      differ(`weekly series of ${view.name} to ${date}`, insights.weekly, weeklySeries(model, history, date));
      differ(`monthly series of ${view.name} to ${date}`, insights.monthly, monthlySeries(model, history, date));
      differ(`completion of ${view.name} to ${date}`, insights.completion, completionRate(model, history, date));
      differ(`consistency of ${view.name} to ${date}`, insights.consistency, consistencyScore(model, history, date));
      differ(`trend of ${view.name} to ${date}`, insights.trend, consistencyTrend(model, history, date));
    }
  }
  const goals: Goal[] = [];
  for (const view of goalViews) {
    const { progress: _p, ...fields } = view as Omit<Goal, 'userId'> & { progress: unknown };
    const goal: Goal = { ...fields, userId: user.id };
    const currentValue = goalCurrentValue(goal, histories);
    differ(`progress of goal ${view.name}`, view.currentValue, currentValue);
    goals.push({ ...goal, currentValue });
  }
  for (const date of dates) {
    const rollups = new Map<IsoDate, Map<string, DaySlot>>();
    for (let d = addDays(date, -29); d <= date; d = addDays(d, 1)) rollups.set(d, new Map());
    for (const [activityId, history] of histories) {
      for (const [d, slot] of history) rollups.get(d)?.set(activityId, slot);
    }
    const dashboard = (await client.get(`/v1/dashboard?date=${date}`)).body as unknown;
    differ(`dashboard to ${date}`, dashboard, progressDashboard({ activities, rollups, goals, today: date }));
  }
  return problems;
}
