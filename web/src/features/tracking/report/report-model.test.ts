import { describe, expect, it } from 'vitest';
import type { ActivityInsights, HeatCell } from '../../../api/types.ts';
import { activityInMonth, activityMonth, goalInMonth, parseMonth, reportMonth, shiftMonth } from './report-model.ts';

describe('the report month', () => {
  it('moves across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-03', 0)).toBe('2026-03');
  });

  it("reads ?month=, falling back to today's month for nothing, nonsense or the future", () => {
    expect(parseMonth('2026-02', '2026-03-10')).toBe('2026-02');
    expect(parseMonth(null, '2026-03-10')).toBe('2026-03');
    expect(parseMonth('2026-13', '2026-03-10')).toBe('2026-03');
    expect(parseMonth('2026-04', '2026-03-10')).toBe('2026-03');
  });

  it('has every day of the month, and counts up to today while the month runs', () => {
    const feb = reportMonth('2028-02', '2028-03-05');
    expect(feb).toMatchObject({ from: '2028-02-01', to: '2028-02-29', asOf: '2028-02-29', statsDate: '2028-03-01' });
    expect(feb.days).toHaveLength(29);
    expect(reportMonth('2028-03', '2028-03-05')).toMatchObject({ from: '2028-03-01', to: '2028-03-31', asOf: '2028-03-05', statsDate: '2028-03-05' });
  });

  it('holds the activities and goals of that month only', () => {
    const march = reportMonth('2026-03', '2026-04-02');
    const stats = {};
    expect(activityInMonth({ startDate: '2026-03-31', deactivatedAt: null, stats }, march)).toBe(true);
    expect(activityInMonth({ startDate: '2026-04-01', deactivatedAt: null, stats }, march)).toBe(false);
    // Created later, with entries back in March: tracked since the first of them.
    expect(activityInMonth({ startDate: '2026-04-01', deactivatedAt: null, stats: { since: '2026-03-20' } }, march)).toBe(true);
    expect(activityInMonth({ startDate: '2026-01-01', deactivatedAt: '2026-02-27T10:00:00.000Z', stats }, march)).toBe(false);
    expect(activityInMonth({ startDate: '2026-01-01', deactivatedAt: '2026-03-02T10:00:00.000Z', stats }, march)).toBe(true);
    expect(goalInMonth({ startDate: '2026-01-01', deadline: null }, march)).toBe(true);
    expect(goalInMonth({ startDate: '2026-01-01', deadline: '2026-02-28' }, march)).toBe(false);
    expect(goalInMonth({ startDate: '2026-04-01', deadline: null }, march)).toBe(false);
  });
});

describe("an activity's month", () => {
  const cell = (date: string, change: Partial<HeatCell> = {}): HeatCell => ({ date, status: null, value: null, due: true, outcome: 'missed', level: 0, ...change });
  const insights = (heatmap: HeatCell[]): ActivityInsights =>
    ({
      activity: { id: 'a1', name: 'Run', startDate: '2026-03-03', stats: { currentStreak: 2, longestStreak: 4, strength: 0.61 } },
      date: '2026-03-06',
      heatmap,
      monthly: [
        { period: '2026-02', from: '2026-02-01', to: '2026-02-28', due: 0, done: 0, skipped: 0, missed: 0, pending: 0, rate: null, valueSum: 0 },
        { period: '2026-03', from: '2026-03-01', to: '2026-03-31', due: 3, done: 2, skipped: 1, missed: 1, pending: 1, rate: 0.6667, valueSum: 10.5 },
      ],
    }) as unknown as ActivityInsights;

  it('marks each day by its outcome, with the days before the start and after the report day apart', () => {
    const month = reportMonth('2026-03', '2026-03-06');
    const m = activityMonth(
      insights([
        cell('2026-03-03', { status: 'done', value: 5, outcome: 'done', level: 4 }),
        cell('2026-03-04', { status: 'skipped', due: false, outcome: 'skipped' }),
        cell('2026-03-05'),
        cell('2026-03-06', { status: 'done', value: 5.5, outcome: 'done', level: 4 }),
      ]),
      month,
    );
    expect(m.days.slice(0, 7).map((d) => `${d.date.slice(8)} ${d.mark}`)).toEqual(['01 before', '02 before', '03 done', '04 skipped', '05 missed', '06 done', '07 future']);
    expect(m.days).toHaveLength(31);
    expect(m.days[5]!.value).toBe(5.5);
    expect(m.counts).toEqual({ due: 3, done: 2, skipped: 1, missed: 1, pending: 1, rate: 0.6667, valueSum: 10.5 });
    expect([m.currentStreak, m.longestStreak, m.strength]).toEqual([2, 4, 0.61]);
  });

  it('shows a day that was not due as such, and has no counts for a month without a row', () => {
    const month = reportMonth('2026-04', '2026-04-30');
    const m = activityMonth(insights([cell('2026-04-01', { due: false, outcome: null })]), month);
    expect(m.days[0]!.mark).toBe('none');
    expect(m.counts).toBeNull();
  });
});
