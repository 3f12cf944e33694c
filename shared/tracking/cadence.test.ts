import { describe, expect, it } from 'vitest';
import { addDays, dateRange, dayNumber } from '../kit/dates.ts';
import { historyOf, makeActivity, seededRandom } from './analytics/test-fixtures.ts';
import {
  compileSchedule,
  deactivationDate,
  dueActivitiesOn,
  isActiveOn,
  isCadenceDay,
  isDueDay,
  isExpectedOn,
  isPaused,
  occasionsPerWeek,
  trackingSince,
  weekBounds,
  weekdayOf,
  weekOccasion,
  weekRequirement,
} from './cadence.ts';

describe('pauses', () => {
  it('includes both ends of a closed range', () => {
    const a = makeActivity({ pauses: [{ from: '2026-02-10', to: '2026-02-12' }] });
    expect(isPaused(a, '2026-02-09')).toBe(false);
    expect(isPaused(a, '2026-02-10')).toBe(true);
    expect(isPaused(a, '2026-02-12')).toBe(true);
    expect(isPaused(a, '2026-02-13')).toBe(false);
  });

  it('keeps an open-ended range paused for ever', () => {
    const a = makeActivity({ pauses: [{ from: '2026-02-10' }] });
    expect(isPaused(a, '2026-02-09')).toBe(false);
    expect(isPaused(a, '2026-02-10')).toBe(true);
    expect(isPaused(a, '2036-02-10')).toBe(true);
  });

  it('reads several ranges', () => {
    const a = makeActivity({ pauses: [{ from: '2026-01-01', to: '2026-01-02' }, { from: '2026-03-01' }] });
    expect(isPaused(a, '2026-01-02')).toBe(true);
    expect(isPaused(a, '2026-02-01')).toBe(false);
    expect(isPaused(a, '2026-03-05')).toBe(true);
  });
});

describe('due days', () => {
  it('a daily activity is due from its start date on', () => {
    const a = makeActivity({ startDate: '2026-01-05' });
    expect(isDueDay(a, '2026-01-04')).toBe(false);
    expect(isDueDay(a, '2026-01-05')).toBe(true);
    expect(isDueDay(a, '2026-06-30')).toBe(true);
  });

  it('a weekdays activity is due on its named days only', () => {
    const a = makeActivity({ cadence: { type: 'weekdays', weekdays: ['mon', 'wed', 'sun'] } });
    const due = dateRange('2026-01-05', '2026-01-11').filter((d) => isDueDay(a, d));
    expect(due).toEqual(['2026-01-05', '2026-01-07', '2026-01-11']);
  });

  it('is not due on paused days', () => {
    const a = makeActivity({ pauses: [{ from: '2026-01-07', to: '2026-01-08' }] });
    expect(dateRange('2026-01-05', '2026-01-10').filter((d) => isDueDay(a, d))).toEqual([
      '2026-01-05',
      '2026-01-06',
      '2026-01-09',
      '2026-01-10',
    ]);
  });

  it('an archived activity stops being due from the date of its deactivation', () => {
    const a = makeActivity({ status: 'archived', deactivatedAt: '2026-01-20T18:30:00.000Z' });
    expect(deactivationDate(a)).toBe('2026-01-20');
    expect(isDueDay(a, '2026-01-19')).toBe(true);
    expect(isDueDay(a, '2026-01-20')).toBe(false);
    expect(isDueDay(a, '2027-01-20')).toBe(false);
  });

  it('a weekly activity can be done on any active day', () => {
    const a = makeActivity({ cadence: { type: 'weekly', timesPerWeek: 2 }, pauses: [{ from: '2026-01-10' }] });
    expect(isDueDay(a, '2026-01-05')).toBe(true);
    expect(isDueDay(a, '2026-01-09')).toBe(true);
    expect(isDueDay(a, '2026-01-10')).toBe(false);
  });

  it('takes an earlier tracking start when given', () => {
    const a = makeActivity({ startDate: '2026-01-10' });
    expect(isDueDay(a, '2026-01-08')).toBe(false);
    expect(isDueDay(a, '2026-01-08', '2026-01-07')).toBe(true);
    expect(trackingSince(a, historyOf({ '2026-01-07': 'done', '2026-01-12': 'done' }))).toBe('2026-01-07');
    expect(trackingSince(a, historyOf({ '2026-01-12': 'done' }))).toBe('2026-01-10');
    expect(trackingSince(a)).toBe('2026-01-10');
  });

  it('names weekdays across a leap day and a year boundary', () => {
    expect(weekdayOf('2024-02-29')).toBe('thu');
    expect(weekdayOf('2026-12-31')).toBe('thu');
    expect(weekdayOf('2027-01-03')).toBe('sun');
    const a = makeActivity({ startDate: '2024-01-01', cadence: { type: 'weekdays', weekdays: ['thu'] } });
    expect(isDueDay(a, '2024-02-29')).toBe(true);
    expect(isCadenceDay(a.cadence, '2024-03-01')).toBe(false);
  });

  it('counts occasions per week', () => {
    expect(occasionsPerWeek({ type: 'daily' })).toBe(7);
    expect(occasionsPerWeek({ type: 'weekdays', weekdays: ['mon', 'fri'] })).toBe(2);
    expect(occasionsPerWeek({ type: 'weekly', timesPerWeek: 3 })).toBe(3);
  });

  it('the compiled schedule agrees with isActiveOn / isDueDay on random days', () => {
    const random = seededRandom(7);
    const a = makeActivity({
      startDate: '2025-03-03',
      cadence: { type: 'weekdays', weekdays: ['tue', 'sat'] },
      pauses: [{ from: '2025-04-01', to: '2025-04-09' }, { from: '2025-12-24' }],
      deactivatedAt: '2025-11-02T10:00:00Z',
    });
    const compiled = compileSchedule(a, '2025-02-20');
    for (let i = 0; i < 400; i++) {
      const date = addDays('2025-01-01', Math.floor(random() * 400));
      const day = dayNumber(date);
      expect(compiled.active(day)).toBe(isActiveOn(a, date, '2025-02-20'));
      expect(compiled.active(day) && compiled.cadenceDay(day)).toBe(isDueDay(a, date, '2025-02-20'));
    }
  });
});

describe('weekly occasions', () => {
  const weekly = (times: number, over = {}) => makeActivity({ cadence: { type: 'weekly', timesPerWeek: times }, ...over });

  it('needs timesPerWeek in a full week, pro rata (rounded up) otherwise', () => {
    expect(weekRequirement(3, 7)).toBe(3);
    expect(weekRequirement(3, 4)).toBe(2); // 12/7 = 1.71 → 2
    expect(weekRequirement(3, 2)).toBe(1); // 6/7 → 1
    expect(weekRequirement(3, 0)).toBe(0);
    expect(weekRequirement(7, 7)).toBe(7);
    expect(weekRequirement(7, 3)).toBe(3);
    expect(weekRequirement(1, 1)).toBe(1);
  });

  it('finds the ISO week across a year boundary', () => {
    expect(weekBounds('2027-01-01')).toEqual({ start: '2026-12-28', end: '2027-01-03' });
    expect(weekBounds('2021-01-03')).toEqual({ start: '2020-12-28', end: '2021-01-03' });
    const a = weekly(2, { startDate: '2026-12-01' });
    const w = weekOccasion(a, '2027-01-02', historyOf({ '2026-12-29': 'done', '2027-01-01': 'done' }));
    expect(w).toEqual({
      start: '2026-12-28',
      end: '2027-01-03',
      activeDays: 7,
      skippedDays: 0,
      required: 2,
      done: 2,
      satisfiedOn: '2027-01-01',
    });
  });

  it('is satisfied on the day of the last needed completion', () => {
    const a = weekly(3);
    const h = historyOf({ '2026-01-05': 'done', '2026-01-07': 'done', '2026-01-08': 'missed', '2026-01-09': 'done', '2026-01-10': 'done' });
    const w = weekOccasion(a, '2026-01-05', h);
    expect(w.satisfiedOn).toBe('2026-01-09');
    expect(w.done).toBe(4);
  });

  it('skips and pauses lower the requirement; pauses known ahead lower it at once', () => {
    // Paused Thursday to Sunday: 3 open days → ⌈9/7⌉ = 2, reached on Tuesday.
    const paused = weekly(3, { pauses: [{ from: '2026-01-08', to: '2026-01-11' }] });
    const w1 = weekOccasion(paused, '2026-01-05', historyOf({ '2026-01-05': 'done', '2026-01-06': 'done' }));
    expect([w1.activeDays, w1.required, w1.satisfiedOn]).toEqual([3, 2, '2026-01-06']);
    // Four skips (only known when they happen): 3 open days → 2, reached once the skips are in.
    const h = historyOf({
      '2026-01-05': 'done',
      '2026-01-06': 'done',
      '2026-01-07': 'skipped',
      '2026-01-08': 'skipped',
      '2026-01-09': 'skipped',
      '2026-01-10': 'skipped',
    });
    const w2 = weekOccasion(weekly(3), '2026-01-05', h);
    expect([w2.skippedDays, w2.required, w2.satisfiedOn]).toEqual([4, 2, '2026-01-09']);
  });

  it('a week before the start, or wholly paused, needs nothing', () => {
    expect(weekOccasion(weekly(3), '2025-12-31').required).toBe(0);
    expect(weekOccasion(weekly(3, { pauses: [{ from: '2026-01-05', to: '2026-01-11' }] }), '2026-01-07').activeDays).toBe(0);
    // The first week starts on Monday 5 January: full requirement.
    expect(weekOccasion(weekly(3), '2026-01-05').required).toBe(3);
    // Starting on Saturday: 2 open days → ⌈6/7⌉ = 1.
    expect(weekOccasion(weekly(3, { startDate: '2026-01-10' }), '2026-01-10').required).toBe(1);
  });

  it('a weekly activity is expected until its week is satisfied', () => {
    const a = weekly(2);
    const h = historyOf({ '2026-01-06': 'done', '2026-01-08': 'done' });
    const expected = dateRange('2026-01-05', '2026-01-11').filter((d) => isExpectedOn(a, d, h));
    expect(expected).toEqual(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08']);
    // Without a history: every active day.
    expect(dateRange('2026-01-05', '2026-01-11').filter((d) => isExpectedOn(a, d))).toHaveLength(7);
  });
});

describe('dueActivitiesOn', () => {
  it('lists what is expected on a date', () => {
    const daily = makeActivity({ id: 'daily' });
    const weekdays = makeActivity({ id: 'wd', cadence: { type: 'weekdays', weekdays: ['tue'] } });
    const weekly = makeActivity({ id: 'wk', cadence: { type: 'weekly', timesPerWeek: 1 } });
    const paused = makeActivity({ id: 'p', pauses: [{ from: '2026-01-01' }] });
    const archived = makeActivity({ id: 'ar', status: 'archived', deactivatedAt: '2026-01-07T00:00:00Z' });
    const all = [daily, weekdays, weekly, paused, archived];
    const histories = new Map([['wk', historyOf({ '2026-01-05': 'done' })]]);
    expect(dueActivitiesOn(all, '2026-01-06', histories).map((a) => a.id)).toEqual(['daily', 'wd', 'ar']);
    expect(dueActivitiesOn(all, '2026-01-05', histories).map((a) => a.id)).toEqual(['daily', 'wk', 'ar']);
    // Without histories the weekly one is expected every day.
    expect(dueActivitiesOn(all, '2026-01-07').map((a) => a.id)).toEqual(['daily', 'wk']);
    // Backfilled entries before the start date make the activity due from then.
    const backfilled = new Map([['daily', historyOf({ '2026-01-02': 'done' })]]);
    expect(dueActivitiesOn([daily], '2026-01-03', backfilled).map((a) => a.id)).toEqual(['daily']);
    expect(dueActivitiesOn([daily], '2026-01-03')).toEqual([]);
  });
});
