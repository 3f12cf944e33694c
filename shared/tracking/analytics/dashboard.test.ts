import { describe, expect, it } from 'vitest';
import type { DayRollup, DaySlot } from '../model.ts';
import { fulfilment, historiesFromRollups, progressDashboard } from './dashboard.ts';
import { consistencyScore } from './series.ts';
import { foldHistory } from './stats.ts';
import { makeActivity, makeGoal } from './test-fixtures.ts';

const slot = (status: DaySlot['status'], value: number | null = null): DaySlot => ({ status, value });
const rollup = (slots: Record<string, DaySlot>): DayRollup => new Map(Object.entries(slots));

// Today is Wednesday 7 January 2026; everything starts on Monday the 5th.
const read = makeActivity({ id: 'read', name: 'Read', category: 'mind', goal: 30 });
const smoke = makeActivity({ id: 'smoke', name: 'Smoke', category: 'health', direction: 'negative', goal: 2 });
const gym = makeActivity({ id: 'gym', name: 'Gym', category: 'health', cadence: { type: 'weekly', timesPerWeek: 2 } });
const old = makeActivity({ id: 'old', name: 'Old', category: 'mind', status: 'archived', deactivatedAt: '2026-01-06T09:00:00Z' });
const rollups = new Map<string, DayRollup>([
  ['2025-11-01', rollup({ read: slot('done', 99) })], // outside the 30 days: ignored
  ['2026-01-05', rollup({ read: slot('done', 30), smoke: slot('done', 1), gym: slot('done'), old: slot('missed') })],
  ['2026-01-06', rollup({ read: slot('missed', 15), smoke: slot('missed', 3), deleted: slot('done') })],
  ['2026-01-07', rollup({ read: slot('done', 40), gym: slot('skipped') })],
]);
const goals = [
  makeGoal({ id: 'g1', name: 'Distance', currentValue: 40, targetValue: 100, deadline: '2026-01-31' }),
  makeGoal({ id: 'g2', name: 'Books', currentValue: 12, targetValue: 10 }),
];

describe('historiesFromRollups', () => {
  it('turns date → activity into activity → date, dates ascending', () => {
    const h = historiesFromRollups(new Map([...rollups].reverse()));
    expect([...h.get('read')!.keys()]).toEqual(['2025-11-01', '2026-01-05', '2026-01-06', '2026-01-07']);
    expect(h.get('gym')).toEqual(new Map([['2026-01-05', slot('done')], ['2026-01-07', slot('skipped')]]));
  });
});

describe('fulfilment', () => {
  it('is value / goal (capped) for a positive goal, else done or not', () => {
    expect(fulfilment(read, slot('missed', 15))).toBe(0.5);
    expect(fulfilment(read, slot('done', 45))).toBe(1);
    expect(fulfilment(read, slot('done'))).toBe(1);
    expect(fulfilment(read, undefined)).toBe(0);
    expect(fulfilment(smoke, slot('done', 1))).toBe(1);
    expect(fulfilment(smoke, slot('missed', 3))).toBe(0);
  });
});

describe('progressDashboard', () => {
  const d = progressDashboard({ activities: [read, smoke, gym, old], rollups, goals, today: '2026-01-07' });

  it('daily completion: done / expected, today as it stands', () => {
    // 5th: read, smoke, gym, old expected (4), 3 done. 6th: read, smoke, gym (old deactivated) — none done.
    // 7th: read, smoke (gym skipped, left out) — read done.
    expect(d.days.slice(-3)).toEqual([
      { date: '2026-01-05', expected: 4, done: 3, rate: 0.75, active: true },
      { date: '2026-01-06', expected: 3, done: 0, rate: 0, active: false },
      { date: '2026-01-07', expected: 2, done: 1, rate: 0.5, active: true },
    ]);
    expect(d.days).toHaveLength(30);
    expect(d.from).toBe('2025-12-09');
    expect(d.days[0]).toEqual({ date: '2025-12-09', expected: 0, done: 0, rate: null, active: false });
    expect(d.today).toEqual(d.days[29]);
    expect(d.averages).toEqual({ last7: 0.4167, last30: 0.4167 });
    expect(d.activeDays).toBe(2);
  });

  it('category baselines', () => {
    expect(d.categories).toEqual([
      // health — 5th: smoke 1, gym 1 → 1; 6th: smoke 0, gym 0 → 0; 7th: smoke 0 → 0.
      { category: 'health', baseline: 0.3333, fulfilment: 0.4, today: 0, days: 3, pairs: 5 },
      // mind — 5th: read 30/30 = 1, old 0 → 0.5; 6th: read 15/30 → 0.5; 7th: read 40/30 → 1.
      { category: 'mind', baseline: 0.6667, fulfilment: 0.625, today: 1, days: 3, pairs: 4 },
    ]);
  });

  it('positive vs negative done occasions', () => {
    expect(d.direction).toEqual({ positiveDone: 3, negativeDone: 1, ratio: 3, positiveShare: 0.75, negativeShare: 0.25 });
  });

  it('top consistent active activities, ties by name', () => {
    // gym: its week is in progress (needs 2, has 1: 1 done, 1 pending) → 1 of 1. read: 2 of 3. smoke: 1 of 2 (today pending).
    expect(d.topConsistent).toEqual([
      { activityId: 'gym', name: 'Gym', category: 'health', score: 100, completed: 1, expected: 1 },
      { activityId: 'read', name: 'Read', category: 'mind', score: 66.7, completed: 2, expected: 3 },
      { activityId: 'smoke', name: 'Smoke', category: 'health', score: 50, completed: 1, expected: 2 },
    ]);
    const twins = [0, 1, 2, 3, 4, 5].map((i) => makeActivity({ id: `t${i}`, name: `Twin ${5 - i}` }));
    const all = new Map([['2026-01-05', rollup(Object.fromEntries(twins.map((t) => [t.id, slot('done')])))]]);
    const top = progressDashboard({ activities: twins, rollups: all, goals: [], today: '2026-01-05' }).topConsistent;
    expect(top.map((t) => t.name)).toEqual(['Twin 0', 'Twin 1', 'Twin 2', 'Twin 3', 'Twin 4']);
  });

  it('goals progress', () => {
    expect(d.goals.map((g) => [g.goalId, g.progress, g.remaining, g.daysToDeadline])).toEqual([
      ['g1', 0.4, 60, 24],
      ['g2', 1, 0, null],
    ]);
  });

  it('an empty account has nothing expected', () => {
    const empty = progressDashboard({ activities: [], rollups: new Map(), goals: [], today: '2026-01-07' });
    expect(empty.today).toEqual({ date: '2026-01-07', expected: 0, done: 0, rate: null, active: false });
    expect(empty.averages).toEqual({ last7: null, last30: null });
    expect(empty.direction).toEqual({ positiveDone: 0, negativeDone: 0, ratio: null, positiveShare: null, negativeShare: null });
    expect(empty.categories).toEqual([]);
  });
});

describe('one definition for the dashboard and the stats page (issue 8)', () => {
  it('counts the days before the first entry of the window when history started earlier', () => {
    // History entered from 1 December, the activity created on 20 January; 1–4 January empty.
    const full = new Map<string, DaySlot>();
    for (let d = new Date('2025-12-01T00:00:00Z'); d <= new Date('2026-01-30T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) {
      const date = d.toISOString().slice(0, 10);
      if (date < '2026-01-01' || date > '2026-01-04') full.set(date, slot('done'));
    }
    const base = makeActivity({ id: 'walk', name: 'Walk', startDate: '2026-01-20' });
    const walk = { ...base, stats: foldHistory(base, full, '2026-01-30') };
    const window = new Map([...full].filter(([date]) => date >= '2026-01-01').map(([date, s]) => [date, rollup({ walk: s })]));
    const dash = progressDashboard({ activities: [walk], rollups: window, goals: [], today: '2026-01-30' });
    const stats = consistencyScore(walk, full, '2026-01-30');
    expect(stats).toMatchObject({ score: 86.7, completed: 26, expected: 30 });
    expect(dash.topConsistent[0]).toMatchObject({ score: stats.score, completed: stats.completed, expected: stats.expected });
    expect(dash.days.slice(0, 4).map((d) => d.rate)).toEqual([0, 0, 0, 0]);
  });

  it('a limit habit\u2019s empty day that is over counts as done', () => {
    const soda = makeActivity({ id: 'soda', name: 'Soda', direction: 'negative', goal: 1, startDate: '2026-01-05' });
    const dash = progressDashboard({ activities: [soda], rollups: new Map([['2026-01-06', rollup({ soda: slot('missed', 3) })]]), goals: [], today: '2026-01-07' });
    expect(dash.days.filter((d) => d.expected).map((d) => [d.date, d.done])).toEqual([
      ['2026-01-05', 1],
      ['2026-01-06', 0],
      ['2026-01-07', 0],
    ]);
    expect(dash.topConsistent[0]).toMatchObject({ completed: 1, expected: 2 });
  });
});
