import { describe, expect, it } from 'vitest';
import type { TodayItem } from '../../../api/types.ts';
import { cellFace, cellOf, gridDates, nextTap } from './grid-cell.ts';

describe('the multi-day grid', () => {
  it('cycles a habit empty → done → skipped → empty, and a limit empty → missed → skipped → empty', () => {
    expect(nextTap('positive', null)).toEqual({ status: 'done' });
    expect(nextTap('positive', 'done')).toEqual({ status: 'skipped' });
    expect(nextTap('positive', 'skipped')).toBeNull();
    expect(nextTap('negative', null)).toEqual({ status: 'missed' });
    expect(nextTap('negative', 'missed')).toEqual({ status: 'skipped' });
    expect(nextTap('positive', 'missed')).toEqual({ status: 'skipped' });
  });

  it('says what a cell is in words, rest days and kept days included', () => {
    expect(cellFace({ status: null, outcome: 'rest' }, 'positive')).toEqual({ symbol: '·', words: 'rest day' });
    expect(cellFace({ status: null, outcome: 'kept' }, 'negative').words).toBe('kept');
    expect(cellFace({ status: 'missed', outcome: 'over' }, 'negative').words).toBe('over the limit');
    expect(cellFace({ status: null, outcome: null }, 'positive').words).toBe('not due');
  });

  it('shows today’s amount short of its goal as in progress, and the same amount on a past day as missed', () => {
    const short = { activity: { direction: 'positive' }, entry: { status: 'missed', statusSource: 'derived' }, outcome: 'missed' } as unknown as TodayItem;
    expect(cellFace(cellOf(short, true), 'positive')).toEqual({ symbol: '…', words: 'in progress' });
    expect(cellFace(cellOf(short, false), 'positive')).toEqual({ symbol: '✗', words: 'missed' });
    expect(cellOf(undefined, true)).toEqual({ status: null, outcome: null });
  });

  it('lists the last days oldest first, across a month end', () => {
    expect(gridDates('2026-03-02', 4)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});
