import { describe, expect, it } from 'vitest';
import { dayContribution, goalContribution, goalCurrentValue, goalProgress } from './goals.ts';
import { historyOf, makeGoal } from './test-fixtures.ts';

describe('goal contributions', () => {
  const history = historyOf({
    '2025-12-31': ['done', 50], // before the goal's start
    '2026-01-01': ['done', 10],
    '2026-01-02': 'done', // check-in: 1
    '2026-01-03': ['missed', 4], // a value counts whatever the status
    '2026-01-04': 'skipped', // 0
    '2026-01-05': ['done', 0.1],
    '2026-02-01': ['done', 7], // after the deadline below
  });

  it('sums value, else 1 when done, else 0, times the weight, within the span', () => {
    const goal = makeGoal({ links: [{ activityId: 'a1', weight: 2 }], deadline: '2026-01-31' });
    // 10 + 1 + 4 + 0 + 0.1 = 15.1; × 2 = 30.2
    expect(goalContribution(goal, 'a1', history)).toBe(30.2);
    expect(goalContribution({ ...goal, deadline: null }, 'a1', history)).toBe(44.2);
    expect(goalContribution(goal, 'other', history)).toBe(0);
    expect(goalContribution(goal, 'a1', new Map())).toBe(0);
  });

  it('includes both ends of the span', () => {
    const goal = makeGoal({ startDate: '2026-01-02', deadline: '2026-01-03', links: [{ activityId: 'a1', weight: 1 }] });
    expect(goalContribution(goal, 'a1', history)).toBe(5);
  });

  it('adds every linked activity', () => {
    const goal = makeGoal({ links: [{ activityId: 'a1', weight: 1 }, { activityId: 'a2', weight: 0.5 }, { activityId: 'gone', weight: 3 }] });
    const histories = new Map([['a1', historyOf({ '2026-01-01': ['done', 0.1], '2026-01-02': ['done', 0.2] })], ['a2', historyOf({ '2026-01-02': 'done' })]]);
    expect(goalCurrentValue(goal, histories)).toBe(0.8); // 0.1 + 0.2 (no float dust) + 0.5
  });

  it('what a day adds before weighting', () => {
    expect(dayContribution({ status: 'done', value: null })).toBe(1);
    expect(dayContribution({ status: 'missed', value: null })).toBe(0);
    expect(dayContribution({ status: 'skipped', value: 3 })).toBe(3);
  });
});

describe('goalProgress', () => {
  it('caps the ratio, says what remains and how long is left', () => {
    expect(goalProgress(makeGoal({ currentValue: 40, targetValue: 100, deadline: '2026-01-31', unit: 'km' }), '2026-01-07')).toEqual({
      goalId: 'g1',
      name: 'Goal',
      unit: 'km',
      currentValue: 40,
      targetValue: 100,
      progress: 0.4,
      remaining: 60,
      reached: false,
      deadline: '2026-01-31',
      daysToDeadline: 24,
    });
    expect(goalProgress(makeGoal({ currentValue: 130, targetValue: 100 }))).toMatchObject({ progress: 1, remaining: 0, reached: true, daysToDeadline: null });
    expect(goalProgress(makeGoal({ currentValue: 1, targetValue: 3 })).progress).toBe(0.3333);
    expect(goalProgress(makeGoal({ deadline: '2026-01-01' }), '2026-01-04').daysToDeadline).toBe(-3);
    expect(goalProgress(makeGoal({ targetValue: 0 })).progress).toBe(1);
  });
});
