import { describe, expect, it } from 'vitest';
import type { TodayItem } from '../../../api/types.ts';
import { summarize } from './today-summary.tsx';

const item = (direction: 'positive' | 'negative', due: boolean, entry: { status: 'done' | 'skipped' | 'missed' } | null, outcome: TodayItem['outcome']) =>
  ({ activity: { direction }, due, entry, outcome }) as unknown as TodayItem;

describe('summarize', () => {
  it('counts a limit’s kept day as done and never as open; open is what is left to do', () => {
    const past = [
      item('positive', true, { status: 'done' }, 'done'),
      item('positive', true, null, 'missed'), // not closed yet: open
      item('negative', true, null, 'kept'), // cut down, nothing logged: kept
      item('positive', true, { status: 'skipped' }, 'skipped'),
      item('positive', true, { status: 'missed' }, 'missed'),
    ];
    expect(summarize(past)).toEqual({ done: 2, skipped: 1, missed: 1, open: 1, expected: 4 });
    // Today, a limit with nothing logged yet is not a task either.
    expect(summarize([item('negative', true, null, 'pending')]).open).toBe(0);
  });
});
