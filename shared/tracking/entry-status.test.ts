import { describe, expect, it } from 'vitest';
import { deriveStatus } from './entry-status.ts';

describe('deriveStatus', () => {
  const pos = (goal: number | null) => ({ direction: 'positive' as const, goal });
  const neg = (goal: number | null) => ({ direction: 'negative' as const, goal });

  it('an explicit status wins over any value', () => {
    expect(deriveStatus(pos(30), 45, 'skipped')).toEqual({ status: 'skipped', statusSource: 'explicit' });
    expect(deriveStatus(neg(0), 10, 'done')).toEqual({ status: 'done', statusSource: 'explicit' });
    expect(deriveStatus(pos(null), null, 'missed')).toEqual({ status: 'missed', statusSource: 'explicit' });
  });

  it('a null value is a plain check-in: done', () => {
    expect(deriveStatus(pos(30), null)).toEqual({ status: 'done', statusSource: 'derived' });
    expect(deriveStatus(neg(2), null)).toEqual({ status: 'done', statusSource: 'derived' });
  });

  it.each([
    // positive with a goal: done at or above it
    [pos(30), 29.9, 'missed'],
    [pos(30), 30, 'done'],
    [pos(30), 31, 'done'],
    [pos(0), 0, 'done'],
    // positive without a goal: done above 0
    [pos(null), 0, 'missed'],
    [pos(null), 0.5, 'done'],
    // negative with a limit: done at or below it
    [neg(3), 3, 'done'],
    [neg(3), 3.5, 'missed'],
    [neg(0), 0, 'done'],
    [neg(0), 1, 'missed'],
    // negative without a goal: done only at 0
    [neg(null), 0, 'done'],
    [neg(null), 1, 'missed'],
  ] as const)('%o with value %d is %s', (activity, value, status) => {
    expect(deriveStatus(activity, value)).toEqual({ status, statusSource: 'derived' });
  });
});
