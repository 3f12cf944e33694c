import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { historiesFromRollups, progressDashboard } from '../../shared/tracking/analytics/dashboard.ts';
import { goalContribution, goalCurrentValue, goalProgress } from '../../shared/tracking/analytics/goals.ts';
import {
  completionRate,
  consistencyScore,
  consistencyTrend,
  heatmap,
  monthlySeries,
  weeklySeries,
} from '../../shared/tracking/analytics/series.ts';
import { advanceStats, foldHistory } from '../../shared/tracking/analytics/stats.ts';
import { adaptiveSuggestions } from '../../shared/tracking/analytics/suggestions.ts';
import { historyOf, makeActivity, makeGoal, type CompactSlot } from '../../shared/tracking/analytics/test-fixtures.ts';
import { deriveStatus } from '../../shared/tracking/entry-status.ts';
import { isExpectedOn, trackingSince } from '../../shared/tracking/cadence.ts';
import type { Activity, DayRollup, DaySlot, Goal } from '../../shared/tracking/model.ts';

/**
 * Every worked example of docs/metrics.md is a test: each `<!-- example: id -->` comment is
 * followed by a ```json block holding the input and the documented result, and the result must
 * equal what the code computes. Strength is documented to 4 decimals and compared the same way.
 */

const doc = readFileSync(fileURLToPath(new URL('../../docs/metrics.md', import.meta.url)), 'utf8');

interface Example {
  id: string;
  body: any;
}

function examples(): Example[] {
  const out: Example[] = [];
  const pattern = /<!--\s*example:\s*([\w-]+)\s*-->\s*```json\n([\s\S]*?)\n```/g;
  for (const m of doc.matchAll(pattern)) out.push({ id: m[1]!, body: JSON.parse(m[2]!) });
  return out;
}

/** Strength to 4 decimals, wherever it appears. */
function rounded(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === 'strength' && typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : rounded(v)]),
    );
  }
  return value;
}

type Call = { call: string; args: any[]; expected: unknown };

function runCheck(activity: Activity, history: ReturnType<typeof historyOf>, check: Call): unknown {
  const [x, y] = check.args;
  switch (check.call) {
    case 'deriveStatus':
      return deriveStatus(activity, x, y);
    case 'foldHistory':
      return foldHistory(activity, history, x);
    case 'advanceStats':
      return advanceStats(activity, foldHistory(activity, history, x), y);
    case 'consistencyScore':
      return consistencyScore(activity, history, x, y);
    case 'completionRate':
      return completionRate(activity, history, x, y);
    case 'weeklySeries':
      return weeklySeries(activity, history, x, y);
    case 'monthlySeries':
      return monthlySeries(activity, history, x, y);
    case 'consistencyTrend':
      return consistencyTrend(activity, history, x, y, check.args[2]);
    case 'isExpectedOn':
      return isExpectedOn(activity, x, history, trackingSince(activity, history));
    case 'adaptiveSuggestions':
      return adaptiveSuggestions(activity, history, x, foldHistory(activity, history, x));
    case 'heatmap': {
      // The documented cells only (a year of cells is too long to print), and the length.
      const cells = heatmap(activity, history, x);
      const wanted = Object.keys((check.expected as { cells: object }).cells);
      return {
        length: cells.length,
        cells: Object.fromEntries(cells.filter((c) => wanted.includes(c.date)).map(({ date, ...rest }) => [date, rest])),
      };
    }
    default:
      throw new Error(`unknown call ${check.call}`);
  }
}

const slotOf = (s: CompactSlot): DaySlot => (typeof s === 'string' ? { status: s, value: null } : { status: s[0], value: s[1] });
const rollupsOf = (days: Record<string, Record<string, CompactSlot>>) =>
  new Map<string, DayRollup>(
    Object.entries(days).map(([date, slots]) => [date, new Map(Object.entries(slots).map(([id, s]) => [id, slotOf(s)]))]),
  );

function run(body: any): { actual: unknown; expected: unknown }[] {
  if (body.checks) {
    const activity = makeActivity(body.activity);
    const history = historyOf(body.history ?? {});
    return body.checks.map((check: Call) => ({ actual: rounded(runCheck(activity, history, check)), expected: check.expected }));
  }
  if (body.goal) {
    const goal: Goal = makeGoal(body.goal);
    const histories = new Map(Object.entries(body.histories as Record<string, Record<string, CompactSlot>>).map(([id, h]) => [id, historyOf(h)]));
    const currentValue = goalCurrentValue(goal, histories);
    const actual = {
      contributions: Object.fromEntries(goal.links.map((l) => [l.activityId, goalContribution(goal, l.activityId, histories.get(l.activityId) ?? new Map())])),
      currentValue,
      progress: goalProgress({ ...goal, currentValue }, body.today),
    };
    return [{ actual, expected: body.expected }];
  }
  if (body.dashboard) {
    const { activities, rollups, goals, today } = body.dashboard;
    const result = progressDashboard({
      activities: activities.map((a: Partial<Activity>) => makeActivity(a)),
      rollups: rollupsOf(rollups),
      goals: goals.map((g: Partial<Goal>) => makeGoal(g)),
      today,
    });
    // Days with nothing expected and no done entry are left out of the documented list.
    const actual = { ...result, days: result.days.filter((d) => d.expected > 0 || d.active) };
    const expected = body.expected;
    return [{ actual: Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k as keyof typeof actual]])), expected }];
  }
  throw new Error('an example needs "checks", "goal" or "dashboard"');
}

describe('docs/metrics.md worked examples', () => {
  const all = examples();

  it('has every example the doc promises, each id once', () => {
    const ids = all.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'status-derivation',
        'streak-daily',
        'advance-daily',
        'streak-weekly',
        'consistency-weekly-partial',
        'negative-limit',
        'series-daily',
        'suggestion-failure',
        'goal-contribution',
        'dashboard',
        'tracking-start',
        'week-lowered-by-skips',
        'planned-ahead',
        'partial-credit',
        'limit-over',
        'limit-kept',
        'suggestion-limit',
        'every-three-days',
      ]),
    );
    // Every id comment is followed by a block that parsed.
    expect(doc.match(/<!--\s*example:\s*[\w-]+\s*-->/g)?.length).toBe(all.length);
  });

  it('historiesFromRollups (used by the dashboard example) keeps every slot', () => {
    const rollups = rollupsOf({ '2026-01-06': { read: 'done', walk: ['done', 2] } });
    expect(historiesFromRollups(rollups).get('walk')?.get('2026-01-06')).toEqual({ status: 'done', value: 2 });
  });

  for (const example of all) {
    it(`example ${example.id}`, () => {
      for (const { actual, expected } of run(example.body)) expect(actual).toStrictEqual(expected);
    });
  }
});
