import { describe, expect, it } from 'vitest';
import type { TodayItem } from '../../../api/types.ts';
import { summarize } from './today-summary.tsx';

type Status = 'done' | 'skipped' | 'missed';
const item = (direction: 'positive' | 'negative', due: boolean, entry: { status: Status; statusSource?: string } | null, outcome: TodayItem['outcome']) =>
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
    expect(summarize(past, false)).toEqual({ done: 2, skipped: 1, missed: 1, open: 1, expected: 4 });
    // Today, a limit with nothing logged yet is not a task either.
    expect(summarize([item('negative', true, null, 'pending')], true).open).toBe(0);
  });

  it('counts today’s amount short of its goal as open, and the same amount on a past day as missed', () => {
    const short = item('positive', true, { status: 'missed', statusSource: 'derived' }, 'missed');
    const markedMissed = item('positive', true, { status: 'missed', statusSource: 'explicit' }, 'missed');
    expect(summarize([short, markedMissed], true)).toMatchObject({ missed: 1, open: 1 });
    expect(summarize([short, markedMissed], false)).toMatchObject({ missed: 2, open: 0 });
    // A limit's amount is never under way: over is over.
    expect(summarize([item('negative', true, { status: 'missed', statusSource: 'derived' }, 'missed')], true)).toMatchObject({ missed: 1, open: 0 });
  });
});
