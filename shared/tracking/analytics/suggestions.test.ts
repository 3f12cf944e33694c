import { describe, expect, it } from 'vitest';
import { EMPTY_STATS } from '../model.ts';
import { foldHistory } from './stats.ts';
import { adaptiveSuggestions, easierGoal, isAtRisk, lowerFrequency, needsNudge } from './suggestions.ts';
import { historyOf, makeActivity } from './test-fixtures.ts';

describe('isAtRisk', () => {
  it('needs two consecutive missed occasions', () => {
    expect(isAtRisk({ consecutiveMisses: 0 })).toBe(false);
    expect(isAtRisk({ consecutiveMisses: 1 })).toBe(false);
    expect(isAtRisk({ consecutiveMisses: 2 })).toBe(true);
    const a = makeActivity();
    // Two past days missed (one empty), today pending.
    expect(isAtRisk(foldHistory(a, historyOf({ '2026-01-05': 'done', '2026-01-06': 'missed' }), '2026-01-08'))).toBe(true);
    expect(isAtRisk(foldHistory(a, historyOf({ '2026-01-05': 'done', '2026-01-06': 'missed' }), '2026-01-07'))).toBe(false);
  });
});

describe('needsNudge', () => {
  const a = makeActivity({ startDate: '2026-01-05' });

  it('nudges an active activity due today after 2 days without entries', () => {
    expect(needsNudge(a, '2026-01-10', '2026-01-12')).toBe(true);
    expect(needsNudge(a, '2026-01-11', '2026-01-12')).toBe(false);
    expect(needsNudge(a, '2026-01-12', '2026-01-12')).toBe(false);
    // Never logged: counted from the day before the start.
    expect(needsNudge(a, null, '2026-01-06')).toBe(true);
    expect(needsNudge(a, null, '2026-01-05')).toBe(false);
  });

  it('never nudges paused, archived or not-due activities', () => {
    expect(needsNudge(makeActivity({ status: 'paused' }), '2026-01-01', '2026-01-12')).toBe(false);
    expect(needsNudge(makeActivity({ pauses: [{ from: '2026-01-11' }] }), '2026-01-01', '2026-01-12')).toBe(false);
    expect(needsNudge(makeActivity({ status: 'archived', deactivatedAt: '2026-01-10T00:00:00Z' }), '2026-01-01', '2026-01-12')).toBe(false);
    const tuesdays = makeActivity({ cadence: { type: 'weekdays', weekdays: ['tue'] } });
    expect(needsNudge(tuesdays, '2026-01-06', '2026-01-12')).toBe(false); // a Monday
    expect(needsNudge(tuesdays, '2026-01-06', '2026-01-13')).toBe(true);
  });
});

describe('easierGoal', () => {
  it.each([
    ['positive', 30, 23], // 22.5 → 23
    ['positive', 10, 8], // 7.5 → 8
    ['positive', 2, 1], // 1.5 → 2 is no smaller: 1
    ['positive', 1, null],
    ['positive', 0, null],
    ['positive', 10000, 7500],
    ['positive', 2.5, 1.9], // 1.875, two significant digits
    ['positive', 0.5, 0.38],
    ['positive', null, null],
    ['negative', 4, 5],
    ['negative', 3, 4], // 3.75 → 4
    ['negative', 1, 2], // 1.25 → 1 is no larger: 2
    ['negative', 0, 1],
    ['negative', 0.4, 0.5],
  ] as const)('%s goal %o → %o', (direction, goal, expected) => {
    expect(easierGoal({ direction, goal })).toBe(expected);
  });
});

describe('lowerFrequency', () => {
  it('daily → 5 a week, N a week → N − 1, never below 1', () => {
    expect(lowerFrequency(makeActivity(), new Map(), '2026-02-01')).toEqual({ type: 'weekly', timesPerWeek: 5 });
    expect(lowerFrequency(makeActivity({ cadence: { type: 'weekly', timesPerWeek: 3 } }), new Map(), '2026-02-01')).toEqual({ type: 'weekly', timesPerWeek: 2 });
    expect(lowerFrequency(makeActivity({ cadence: { type: 'weekly', timesPerWeek: 1 } }), new Map(), '2026-02-01')).toBeNull();
  });

  it('drops the weekday missed most often (ties: the later one)', () => {
    const a = makeActivity({ cadence: { type: 'weekdays', weekdays: ['mon', 'wed', 'fri'] } });
    // Mondays 5, 12 done; Wednesdays 7 missed, 14 done; Fridays 9, 16 missed.
    const h = historyOf({ '2026-01-05': 'done', '2026-01-12': 'done', '2026-01-07': 'missed', '2026-01-14': 'done', '2026-01-09': 'missed', '2026-01-16': 'missed' });
    expect(lowerFrequency(a, h, '2026-01-17')).toEqual({ type: 'weekdays', weekdays: ['mon', 'wed'] });
    const tie = historyOf({ '2026-01-05': 'missed', '2026-01-07': 'missed', '2026-01-09': 'done' });
    expect(lowerFrequency(a, tie, '2026-01-10')).toEqual({ type: 'weekdays', weekdays: ['mon', 'fri'] });
    expect(lowerFrequency(makeActivity({ cadence: { type: 'weekdays', weekdays: ['sun'] } }), new Map(), '2026-01-10')).toBeNull();
  });
});

describe('adaptiveSuggestions', () => {
  const start = { startDate: '2026-01-28' };

  it('failure rate above 50% → a lower frequency, with the numbers', () => {
    const a = makeActivity(start);
    // Due 28 Jan – 2 Feb: done 2, missed 4 (30th empty); today 3 Feb pending. Consistency 33.3: no make_easier.
    const h = historyOf({ '2026-01-28': 'done', '2026-01-29': 'missed', '2026-01-31': 'done', '2026-02-01': 'missed', '2026-02-02': 'missed' });
    expect(adaptiveSuggestions(a, h, '2026-02-03', foldHistory(a, h, '2026-02-03'))).toEqual([
      {
        kind: 'lower_frequency',
        message: 'Missed 4 of 6 due days in the last 30 days: try 5× a week instead of every day.',
        evidence: { failureRate: 0.6667, missed: 4, due: 6, windowDays: 30 },
        proposal: { cadence: { type: 'weekly', timesPerWeek: 5 } },
      },
    ]);
  });

  it('exactly 50% failure, or too few occasions, suggests nothing', () => {
    const a = makeActivity(start);
    const half = historyOf({ '2026-01-28': 'done', '2026-01-29': 'missed', '2026-01-30': 'done', '2026-01-31': 'missed', '2026-02-01': 'done', '2026-02-02': 'missed' });
    expect(adaptiveSuggestions(a, half, '2026-02-03', foldHistory(a, half, '2026-02-03'))).toEqual([]);
    const two = historyOf({ '2026-02-01': 'missed', '2026-02-02': 'missed' });
    const b = makeActivity({ startDate: '2026-02-01' });
    expect(adaptiveSuggestions(b, two, '2026-02-03', EMPTY_STATS)).toEqual([]);
  });

  it('consistency below 30% → easier difficulty and goal', () => {
    const a = makeActivity({ ...start, difficulty: 'hard', goal: 30 });
    // 1 done of 6 due: consistency 16.7, failure 83%.
    const h = historyOf({ '2026-01-28': ['done', 30] });
    const out = adaptiveSuggestions(a, h, '2026-02-03', foldHistory(a, h, '2026-02-03'));
    expect(out.map((s) => s.kind)).toEqual(['lower_frequency', 'make_easier']);
    expect(out[1]).toEqual({
      kind: 'make_easier',
      message: 'Consistency is 16.7% over the last 30 days: make it easier (difficulty medium and goal 23).',
      evidence: { consistency: 16.7, completed: 1, expected: 6, windowDays: 30 },
      proposal: { difficulty: 'medium', goal: 23 },
    });
    // Already easy, no goal: nothing to make easier.
    const easy = makeActivity({ ...start, difficulty: 'easy' });
    expect(adaptiveSuggestions(easy, h, '2026-02-03', EMPTY_STATS).map((s) => s.kind)).toEqual(['lower_frequency']);
  });

  it('a broken streak → restart smaller', () => {
    const a = makeActivity({ startDate: '2026-01-20', direction: 'negative', goal: 3 });
    const h = historyOf({
      '2026-01-20': 'done',
      '2026-01-21': 'done',
      '2026-01-22': 'done',
      '2026-01-23': 'done',
      '2026-01-24': 'done',
      '2026-01-25': 'missed',
    });
    const stats = foldHistory(a, h, '2026-01-26');
    expect(stats).toMatchObject({ longestStreak: 5, currentStreak: 0 });
    expect(adaptiveSuggestions(a, h, '2026-01-26', stats)).toEqual([
      {
        kind: 'restart_smaller',
        message: 'Your streak of 5 days is broken: restart small, aim for 3 in a row with 4 as the goal.',
        evidence: { longestStreak: 5, currentStreak: 0, consecutiveMisses: 1 },
        proposal: { targetStreak: 3, goal: 4 },
      },
    ]);
    // A streak of 2 is not "broken" enough.
    const short = historyOf({ '2026-01-20': 'done', '2026-01-21': 'done', '2026-01-22': 'missed' });
    expect(adaptiveSuggestions(a, short, '2026-01-23', foldHistory(a, short, '2026-01-23'))).toEqual([]);
  });

  it('uses the stored stats advanced to today by default; nothing for paused or archived activities', () => {
    const h = historyOf({ '2026-01-20': 'done', '2026-01-21': 'done', '2026-01-22': 'done' });
    const base = makeActivity({ startDate: '2026-01-20' });
    const a = { ...base, stats: foldHistory(base, h, '2026-01-22') };
    // Advanced to the 24th: the 23rd is missed, the streak broken.
    expect(adaptiveSuggestions(a, h, '2026-01-24').map((s) => s.kind)).toEqual(['restart_smaller']);
    expect(adaptiveSuggestions({ ...a, status: 'paused' }, h, '2026-01-24')).toEqual([]);
    expect(adaptiveSuggestions({ ...a, status: 'archived' }, h, '2026-01-24')).toEqual([]);
  });

  it('speaks in weeks for a weekly cadence', () => {
    const a = makeActivity({ cadence: { type: 'weekly', timesPerWeek: 2 }, startDate: '2026-01-05' });
    // Weeks of 5th, 12th, 19th, 26th: one done (5th–6th), three missed; 2 Feb week pending.
    const h = historyOf({ '2026-01-05': 'done', '2026-01-06': 'done' });
    const out = adaptiveSuggestions(a, h, '2026-02-03', foldHistory(a, h, '2026-02-03'));
    expect(out[0]).toMatchObject({
      kind: 'lower_frequency',
      message: 'Missed 6 of 8 due completions in the last 30 days: try 1× a week instead of 2× a week.',
      proposal: { cadence: { type: 'weekly', timesPerWeek: 1 } },
    });
  });
});

describe('limit habits (issue 8)', () => {
  it('a limit over on most days is told to loosen the limit, never to "try 5× a week"', () => {
    const a = makeActivity({ direction: 'negative', goal: 2, startDate: '2026-01-28' });
    // Over the limit on 28, 29, 31 Jan and 1 Feb; the 30th and 2nd unlogged (kept); today the 3rd.
    const h = historyOf({ '2026-01-28': ['missed', 4], '2026-01-29': ['missed', 3], '2026-01-31': ['missed', 5], '2026-02-01': ['missed', 3] });
    const out = adaptiveSuggestions(a, h, '2026-02-03', foldHistory(a, h, '2026-02-03'));
    expect(out.map((s) => s.kind)).not.toContain('lower_frequency');
    expect(out[0]).toEqual({
      kind: 'make_easier',
      message: 'Over the limit on 4 of 6 days in the last 30 days: cut down step by step, with a limit of 3 instead of 2.',
      evidence: { failureRate: 0.6667, missed: 4, due: 6, windowDays: 30 },
      proposal: { goal: 3 },
    });
  });

  it('a limit logged only on its bad days is doing well: no suggestion, no nudge', () => {
    const a = makeActivity({ direction: 'negative', goal: 2, startDate: '2026-01-05' });
    const h = historyOf({ '2026-01-09': ['missed', 3] });
    expect(adaptiveSuggestions(a, h, '2026-02-03', foldHistory(a, h, '2026-02-03'))).toEqual([]);
    expect(needsNudge(a, null, '2026-02-03')).toBe(false);
  });
});
