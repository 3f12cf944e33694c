import { describe, expect, it } from 'vitest';
import { cellFace, gridDates, nextTap } from './grid-cell.ts';

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

  it('lists the last days oldest first, across a month end', () => {
    expect(gridDates('2026-03-02', 4)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});
