import { describe, expect, it } from 'vitest';
import { dateRange } from '../../kit/dates.ts';
import {
  completionRate,
  consistencyScore,
  consistencyTrend,
  heatLevel,
  heatmap,
  monthlySeries,
  occasionsBetween,
  weeklySeries,
  yearStart,
} from './series.ts';
import { historyOf, makeActivity } from './test-fixtures.ts';

// A daily habit from Monday 5 January 2026, paused 13–14 January; "today" is Sunday the 18th.
const daily = makeActivity({ pauses: [{ from: '2026-01-13', to: '2026-01-14' }] });
const dailyLog = {
  '2026-01-05': ['done', 20],
  '2026-01-06': ['done', 30],
  '2026-01-07': 'skipped',
  '2026-01-08': 'done',
  '2026-01-09': ['missed', 5],
  // 10th empty: missed
  '2026-01-11': 'done',
  '2026-01-12': 'done',
  // 13th, 14th paused
  '2026-01-15': 'done',
  '2026-01-16': 'done',
  '2026-01-17': 'done',
  // 18th (today) empty: pending
} as const;
const dailyHistory = historyOf(dailyLog as never);

describe('consistencyScore and completionRate, daily', () => {
  it('expected = due days not skipped, not paused, not today-without-entry', () => {
    expect(consistencyScore(daily, dailyHistory, '2026-01-18')).toEqual({
      score: 80,
      completed: 8,
      expected: 10,
      from: '2025-12-20',
      to: '2026-01-18',
    });
    expect(completionRate(daily, dailyHistory, '2026-01-18')).toEqual({ due: 10, done: 8, skipped: 1, missed: 2, pending: 1, rate: 0.8 });
  });

  it('today counts once it has an entry', () => {
    const withToday = historyOf({ ...dailyLog, '2026-01-18': 'done' } as never);
    expect(consistencyScore(daily, withToday, '2026-01-18')).toMatchObject({ score: 81.8, completed: 9, expected: 11 });
    const missedToday = historyOf({ ...dailyLog, '2026-01-18': 'missed' } as never);
    expect(consistencyScore(daily, missedToday, '2026-01-18')).toMatchObject({ score: 72.7, completed: 8, expected: 11 });
  });

  it('honours the window length', () => {
    expect(consistencyScore(daily, dailyHistory, '2026-01-18', 7)).toMatchObject({ score: 100, completed: 4, expected: 4, from: '2026-01-12' });
  });

  it('is null with nothing expected (empty history before the start, archived)', () => {
    expect(consistencyScore(daily, new Map(), '2026-01-04').score).toBeNull();
    expect(consistencyScore(daily, new Map(), '2026-01-05').score).toBeNull(); // today only, pending
    expect(consistencyScore(daily, new Map(), '2026-01-06').score).toBe(0);
    const archived = makeActivity({ status: 'archived', deactivatedAt: '2026-01-06T10:00:00Z' });
    expect(consistencyScore(archived, historyOf({ '2026-01-05': 'done' }), '2026-01-20')).toMatchObject({ score: 100, expected: 1 });
    expect(consistencyScore(archived, historyOf({ '2026-01-05': 'done' }), '2026-03-01').score).toBeNull();
  });

  it('a weekdays habit expects its named days only', () => {
    const wd = makeActivity({ cadence: { type: 'weekdays', weekdays: ['mon', 'thu'] } });
    const h = historyOf({ '2026-01-05': 'done', '2026-01-06': 'done', '2026-01-08': 'missed', '2026-01-12': 'done' });
    // Due: 5 (done), 8 (missed), 12 (done), 15 (empty, past) → 2 / 4.
    expect(consistencyScore(wd, h, '2026-01-16')).toMatchObject({ score: 50, completed: 2, expected: 4 });
  });
});

describe('consistencyScore and completionRate, weekly', () => {
  const weekly = makeActivity({ cadence: { type: 'weekly', timesPerWeek: 3 } });
  const h = historyOf({
    '2026-01-05': 'done',
    '2026-01-06': 'done',
    '2026-01-09': 'done',
    '2026-01-10': 'done',
    '2026-01-13': 'skipped',
    '2026-01-14': 'done',
    '2026-01-19': 'done',
  });

  it('counts whole completions: ⌈3 × open / 7⌉ per week that is over, what the current week has (issue 8)', () => {
    // Window Thu 8 – Wed 21 (today, empty).
    // Week 5–11: 4 days inside (8–11), needs ⌈12/7⌉ = 2, done 2 (9th, 10th) → 2 of 2.
    // Week 12–18: 6 open days (13th skipped), needs ⌈18/7⌉ = 3, done 1 → 1 of 3, 2 missed.
    // Week 19–25: in progress, needs 3, done 1 → 1 done, 2 pending (not expected yet).
    // 4 of 6: 66.7 — whole numbers, the same units and figure as the completion rate.
    expect(consistencyScore(weekly, h, '2026-01-21', 14)).toEqual({
      score: 66.7,
      completed: 4,
      expected: 6,
      from: '2026-01-08',
      to: '2026-01-21',
    });
    expect(completionRate(weekly, h, '2026-01-21', 14)).toEqual({ due: 6, done: 4, skipped: 1, missed: 2, pending: 2, rate: 0.6667 });
  });

  it('judges whole ISO weeks as occasions (streak units)', () => {
    expect(occasionsBetween(weekly, h, '2026-01-08', '2026-01-21', '2026-01-21')).toEqual([
      { start: '2026-01-05', end: '2026-01-11', outcome: 'done' },
      { start: '2026-01-12', end: '2026-01-18', outcome: 'missed' },
      { start: '2026-01-19', end: '2026-01-25', outcome: 'pending' },
    ]);
  });

  it('a week is pending through its Sunday, skipped when all its days were, absent when paused', () => {
    const w = makeActivity({ cadence: { type: 'weekly', timesPerWeek: 1 }, pauses: [{ from: '2026-01-19', to: '2026-01-25' }] });
    const skips = historyOf(Object.fromEntries(dateRange('2026-01-12', '2026-01-18').map((d) => [d, 'skipped' as const])));
    expect(occasionsBetween(w, skips, '2026-01-05', '2026-02-01', '2026-02-01').map((o) => `${o.start}:${o.outcome}`)).toEqual([
      '2026-01-05:missed',
      '2026-01-12:skipped',
      '2026-01-26:pending',
    ]);
  });
});

describe('heatmap', () => {
  it('covers 366 days exactly when the year holds a 29 February', () => {
    expect(heatmap(daily, dailyHistory, '2024-12-31')).toHaveLength(366);
    expect(heatmap(daily, dailyHistory, '2025-12-31')).toHaveLength(365);
    expect(yearStart('2024-02-29')).toBe('2023-03-01');
    expect(heatmap(daily, dailyHistory, '2024-02-29')).toHaveLength(366);
    expect(yearStart('2025-03-01')).toBe('2024-03-02');
    expect(heatmap(daily, dailyHistory, '2025-03-01')).toHaveLength(365);
    expect(heatmap(daily, dailyHistory, '2024-03-01')).toHaveLength(366);
  });

  it('gives each day its status, value, due flag and level', () => {
    const a = makeActivity({ goal: 30, pauses: [{ from: '2026-01-13', to: '2026-01-14' }] });
    const cells = heatmap(a, dailyHistory, '2026-01-18');
    expect(cells[0]!.date).toBe('2025-01-19');
    const byDate = new Map(cells.map((c) => [c.date, c]));
    expect(byDate.get('2026-01-04')).toEqual({ date: '2026-01-04', status: null, value: null, due: false, outcome: null, level: 0 });
    expect(byDate.get('2026-01-05')).toEqual({ date: '2026-01-05', status: 'done', value: 20, due: true, outcome: 'done', level: 2 });
    expect(byDate.get('2026-01-06')).toEqual({ date: '2026-01-06', status: 'done', value: 30, due: true, outcome: 'done', level: 3 });
    expect(byDate.get('2026-01-08')).toEqual({ date: '2026-01-08', status: 'done', value: null, due: true, outcome: 'done', level: 4 });
    expect(byDate.get('2026-01-09')).toEqual({ date: '2026-01-09', status: 'missed', value: 5, due: true, outcome: 'missed', level: 0 });
    expect(byDate.get('2026-01-13')).toMatchObject({ due: false, outcome: null, level: 0 });
    expect(byDate.get('2026-01-18')).toMatchObject({ status: null, due: true, outcome: 'pending', level: 0 });
  });

  it('marks a weekly habit due until its week is satisfied', () => {
    const w = makeActivity({ cadence: { type: 'weekly', timesPerWeek: 2 } });
    const cells = heatmap(w, historyOf({ '2026-01-06': 'done', '2026-01-07': 'done' }), '2026-01-11');
    expect(cells.slice(-7).map((c) => c.due)).toEqual([true, true, true, false, false, false, false]);
  });

  it('never paints a weekly habit\'s empty day missed: rest days (issue 8)', () => {
    const w = makeActivity({ cadence: { type: 'weekly', timesPerWeek: 3 } });
    // Week 5–11 missed as a week (1 of 3), week 12–18 in progress (today the 14th).
    const cells = heatmap(w, historyOf({ '2026-01-06': 'done', '2026-01-13': 'done' }), '2026-01-14');
    expect(cells.slice(-10).map((c) => c.outcome)).toEqual(['rest', 'done', 'rest', 'rest', 'rest', 'rest', 'rest', 'rest', 'done', 'pending']);
    expect(cells.some((c) => c.outcome === 'missed')).toBe(false);
  });

  it('a limit: an empty day over is kept (level 4), a value over the limit is "over" whatever its status (issue 8)', () => {
    const limit = makeActivity({ direction: 'negative', goal: 30 });
    const cells = heatmap(limit, historyOf({ '2026-01-06': ['missed', 45], '2026-01-07': ['done', 10] }), '2026-01-08');
    expect(cells.slice(-4).map((c) => [c.outcome, c.level])).toEqual([
      ['kept', 4],
      ['over', 0],
      ['done', 3],
      ['pending', 0],
    ]);
  });

  it.each([
    ['positive', 30, 'done', 10, 1],
    ['positive', 30, 'done', 15, 2],
    ['positive', 30, 'done', 29, 2],
    ['positive', 30, 'done', 30, 3],
    ['positive', 30, 'done', 44, 3],
    ['positive', 30, 'done', 45, 4],
    ['positive', 30, 'missed', 20, 0],
    ['positive', 30, 'skipped', null, 0],
    ['positive', null, 'done', 7, 4],
    ['positive', 0, 'done', 0, 4],
    ['negative', 4, 'done', 0, 4],
    ['negative', 4, 'done', 2, 3],
    ['negative', 4, 'done', 3, 2],
    ['negative', 4, 'done', 4, 2],
    ['negative', 4, 'done', 5, 1],
    ['negative', 4, 'missed', 9, 0],
  ] as const)('%s goal %o, %s with %o → level %d', (direction, goal, status, value, level) => {
    expect(heatLevel({ direction, goal }, { status, value })).toBe(level);
  });
});

describe('weekly and monthly series', () => {
  it('counts occasions and values per ISO week', () => {
    expect(weeklySeries(daily, dailyHistory, '2026-01-18', 3)).toEqual([
      { period: '2025-12-29', from: '2025-12-29', to: '2026-01-04', due: 0, done: 0, skipped: 0, missed: 0, pending: 0, rate: null, valueSum: 0 },
      { period: '2026-01-05', from: '2026-01-05', to: '2026-01-11', due: 6, done: 4, skipped: 1, missed: 2, pending: 0, rate: 0.6667, valueSum: 55 },
      { period: '2026-01-12', from: '2026-01-12', to: '2026-01-18', due: 4, done: 4, skipped: 0, missed: 0, pending: 1, rate: 1, valueSum: 0 },
    ]);
  });

  it('counts per month; a weekly occasion belongs to the month of its Monday', () => {
    const w = makeActivity({ cadence: { type: 'weekly', timesPerWeek: 1 }, startDate: '2026-01-26' });
    const h = historyOf({ '2026-02-01': ['done', 3] });
    const rows = monthlySeries(w, h, '2026-02-10', 2);
    expect(rows).toEqual([
      { period: '2026-01', from: '2026-01-01', to: '2026-01-31', due: 1, done: 1, skipped: 0, missed: 0, pending: 0, rate: 1, valueSum: 0 },
      { period: '2026-02', from: '2026-02-01', to: '2026-02-28', due: 1, done: 0, skipped: 0, missed: 1, pending: 1, rate: 0, valueSum: 3 },
    ]);
  });

  it('months cross a year end and leap February', () => {
    const rows = monthlySeries(makeActivity({ startDate: '2024-02-01' }), new Map(), '2024-03-05', 4);
    expect(rows.map((r) => [r.period, r.to, r.missed])).toEqual([
      ['2023-12', '2023-12-31', 0],
      ['2024-01', '2024-01-31', 0],
      ['2024-02', '2024-02-29', 29],
      ['2024-03', '2024-03-31', 4],
    ]);
  });
});

describe('consistencyTrend', () => {
  it('samples each week end (today for the current week) over a trailing window', () => {
    expect(consistencyTrend(daily, dailyHistory, '2026-01-18', 3, 7)).toEqual([
      { weekStart: '2025-12-29', date: '2026-01-04', score: null },
      { weekStart: '2026-01-05', date: '2026-01-11', score: 66.7 }, // 4 of 6 (7th skipped)
      { weekStart: '2026-01-12', date: '2026-01-18', score: 100 },
    ]);
  });

  it('a past Sunday without an entry counts as missed', () => {
    const { '2026-01-11': _sunday, ...rest } = dailyLog;
    const h = historyOf(rest as never);
    expect(consistencyTrend(daily, h, '2026-01-18', 2, 7)[0]).toEqual({ weekStart: '2026-01-05', date: '2026-01-11', score: 50 });
    // Read on the Sunday itself, it was still pending.
    expect(consistencyScore(daily, h, '2026-01-11', 7).score).toBe(60);
  });
});

describe('more cadences (issue 8)', () => {
  it('every 2 days: due days on the heatmap, consistency over them', () => {
    const a = makeActivity({ cadence: { type: 'interval', everyDays: 2 } });
    const h = historyOf({ '2026-01-05': 'done', '2026-01-09': 'done' });
    const cells = heatmap(a, h, '2026-01-10');
    expect(cells.slice(-6).map((c) => [c.date.slice(8), c.outcome])).toEqual([
      ['05', 'done'],
      ['06', null],
      ['07', 'missed'],
      ['08', null],
      ['09', 'done'],
      ['10', null],
    ]);
    expect(consistencyScore(a, h, '2026-01-10', 6)).toMatchObject({ completed: 2, expected: 3 });
  });

  it('twice a month: completions per calendar month, the current month pending, its days rest', () => {
    const a = makeActivity({ cadence: { type: 'monthly', timesPerMonth: 2 }, startDate: '2026-01-01' });
    const h = historyOf({ '2026-01-10': 'done', '2026-02-03': 'done' });
    // January needs 2, has 1: 1 done, 1 missed. February (today the 10th): 1 done, 1 pending.
    expect(completionRate(a, h, '2026-02-10', 41)).toEqual({ due: 3, done: 2, skipped: 0, missed: 1, pending: 1, rate: 0.6667 });
    expect(monthlySeries(a, h, '2026-02-10', 2).map((r) => [r.period, r.done, r.missed, r.pending])).toEqual([
      ['2026-01', 1, 1, 0],
      ['2026-02', 1, 0, 1],
    ]);
    expect(heatmap(a, h, '2026-02-10').find((c) => c.date === '2026-01-20')?.outcome).toBe('rest');
  });
});
