import { describe, expect, it } from 'vitest';
import { addDays, dateRange } from '../../kit/dates.ts';
import { EMPTY_STATS, type Activity, type DaySlot } from '../model.ts';
import type { Cadence, EntryStatus } from '../schemas.ts';
import { advanceStats, foldHistory, strengthMultiplier, strengthStep, type FoldStats } from './stats.ts';
import { historyOf, makeActivity, seededRandom } from './test-fixtures.ts';

const M_DAILY = 0.5 ** (1 / 13);
/** Strength after a sequence of completions (1 done, 0 missed) starting from 0. */
const strengthOf = (seq: number[], m = M_DAILY) => seq.reduce((s, c) => s * m + c * (1 - m), 0);

describe('strength constants', () => {
  it('follows Loop: 0.5^(√f / 13) per day, compounded per occasion', () => {
    expect(strengthMultiplier({ type: 'daily' })).toBeCloseTo(0.948078, 6);
    // 5 weekdays: one occasion spans 7/5 days on average (the values quoted in docs/metrics.md).
    expect(strengthMultiplier({ type: 'weekdays', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] })).toBeCloseTo(
      0.5 ** (Math.sqrt(7 / 5) / 13),
      12,
    );
    // 3 per week: seven days of Loop's daily multiplier at frequency 3/7.
    expect(strengthMultiplier({ type: 'weekly', timesPerWeek: 3 })).toBeCloseTo((0.5 ** (Math.sqrt(3 / 7) / 13)) ** 7, 12);
    // 7 per week equals seven daily steps.
    expect(strengthMultiplier({ type: 'weekly', timesPerWeek: 7 })).toBeCloseTo(M_DAILY ** 7, 12);
    expect(strengthMultiplier({ type: 'weekdays', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] })).toBeCloseTo(0.938861, 6);
    expect(strengthMultiplier({ type: 'weekly', timesPerWeek: 3 })).toBeCloseTo(0.783223, 6);
    expect(strengthStep(0.5, 1, 0.9)).toBeCloseTo(0.55, 12);
    expect(strengthStep(0.5, 0, 0.9)).toBeCloseTo(0.45, 12);
  });
});

describe('foldHistory, daily cadence', () => {
  const a = makeActivity({ startDate: '2026-01-05' });

  it('an empty history on the start date has nothing to fold (today is not missed)', () => {
    expect(foldHistory(a, new Map(), '2026-01-05')).toStrictEqual(EMPTY_STATS);
    expect(foldHistory(a, new Map(), '2026-01-01')).toStrictEqual(EMPTY_STATS);
  });

  it('empty past days are missed, today is pending', () => {
    const s = foldHistory(a, new Map(), '2026-01-08');
    expect(s).toMatchObject({ asOf: '2026-01-07', missedCount: 3, dueCount: 3, consecutiveMisses: 3, currentStreak: 0 });
    expect(s.strength).toBe(0);
  });

  it('a done today counts; an explicit missed today counts', () => {
    const done = foldHistory(a, historyOf({ '2026-01-05': 'done', '2026-01-06': 'done' }), '2026-01-06');
    expect(done).toMatchObject({ asOf: '2026-01-06', currentStreak: 2, doneCount: 2, lastDoneDate: '2026-01-06' });
    const missed = foldHistory(a, historyOf({ '2026-01-05': 'done', '2026-01-06': 'missed' }), '2026-01-06');
    expect(missed).toMatchObject({ asOf: '2026-01-06', currentStreak: 0, longestStreak: 1, missedCount: 1, consecutiveMisses: 1 });
  });

  it('counts streaks, totals and strength', () => {
    const h = historyOf({
      '2026-01-05': 'done',
      '2026-01-06': 'done',
      '2026-01-07': 'done',
      '2026-01-08': 'missed',
      '2026-01-10': 'done',
      '2026-01-11': 'done',
    });
    const s = foldHistory(a, h, '2026-01-11');
    expect(s).toStrictEqual({
      asOf: '2026-01-11',
      currentStreak: 2,
      longestStreak: 3,
      strength: strengthOf([1, 1, 1, 0, 0, 1, 1]),
      doneCount: 5,
      skippedCount: 0,
      missedCount: 2,
      dueCount: 7,
      lastDoneDate: '2026-01-11',
      consecutiveMisses: 0,
    });
  });

  it('a skipped day freezes streak, strength and the miss run', () => {
    const h = historyOf({ '2026-01-05': 'done', '2026-01-06': 'skipped', '2026-01-07': 'done' });
    const s = foldHistory(a, h, '2026-01-07');
    expect(s).toMatchObject({ currentStreak: 2, skippedCount: 1, dueCount: 2, doneCount: 2 });
    expect(s.strength).toBeCloseTo(strengthOf([1, 1]), 15);
    const misses = foldHistory(a, historyOf({ '2026-01-05': 'missed', '2026-01-06': 'skipped', '2026-01-07': 'missed' }), '2026-01-07');
    expect(misses.consecutiveMisses).toBe(2);
  });

  it('paused days freeze too, whatever their entries', () => {
    const paused = makeActivity({ pauses: [{ from: '2026-01-07', to: '2026-01-09' }] });
    const h = historyOf({ '2026-01-05': 'done', '2026-01-06': 'done', '2026-01-08': 'missed', '2026-01-10': 'done' });
    const s = foldHistory(paused, h, '2026-01-10');
    expect(s).toMatchObject({ currentStreak: 3, missedCount: 0, dueCount: 3, doneCount: 3 });
  });

  it('an open-ended pause stops all misses', () => {
    const paused = makeActivity({ pauses: [{ from: '2026-01-07' }] });
    const s = foldHistory(paused, historyOf({ '2026-01-05': 'done', '2026-01-06': 'done' }), '2027-01-07');
    expect(s).toMatchObject({ asOf: '2027-01-07', currentStreak: 2, missedCount: 0, dueCount: 2 });
    // A done on a paused day still is the last time it was done.
    const later = foldHistory(paused, historyOf({ '2026-01-05': 'done', '2026-03-01': 'done' }), '2026-03-02');
    expect(later).toMatchObject({ lastDoneDate: '2026-03-01', doneCount: 1, missedCount: 1 });
  });

  it('an archived activity is not due from its deactivation date on', () => {
    const archived = makeActivity({ status: 'archived', deactivatedAt: '2026-01-08T12:00:00Z' });
    const s = foldHistory(archived, historyOf({ '2026-01-05': 'done' }), '2026-02-01');
    expect(s).toMatchObject({ doneCount: 1, missedCount: 2, dueCount: 3, consecutiveMisses: 2, asOf: '2026-02-01' });
  });

  it('counts 29 February in a leap year', () => {
    const leap = makeActivity({ startDate: '2024-02-27' });
    const h = historyOf(Object.fromEntries(dateRange('2024-02-27', '2024-03-01').map((d) => [d, 'done' as const])));
    expect(foldHistory(leap, h, '2024-03-01')).toMatchObject({ currentStreak: 4, doneCount: 4 });
    const plain = makeActivity({ startDate: '2025-02-27' });
    const h2 = historyOf(Object.fromEntries(dateRange('2025-02-27', '2025-03-01').map((d) => [d, 'done' as const])));
    expect(foldHistory(plain, h2, '2025-03-01')).toMatchObject({ currentStreak: 3, doneCount: 3 });
  });

  it('entries before the start date move the start back', () => {
    const s = foldHistory(a, historyOf({ '2026-01-01': 'done', '2026-01-06': 'done' }), '2026-01-06');
    // 1 Jan done, 2–5 Jan missed, 6 Jan done.
    expect(s).toMatchObject({ doneCount: 2, missedCount: 4, currentStreak: 1, longestStreak: 1 });
  });

  it('ignores entries after the date folded to', () => {
    const s = foldHistory(a, historyOf({ '2026-01-05': 'done', '2026-01-09': 'done' }), '2026-01-06');
    expect(s).toMatchObject({ asOf: '2026-01-05', doneCount: 1, lastDoneDate: '2026-01-05' });
  });
});

describe('foldHistory, weekdays cadence and negative direction', () => {
  it('only the named days are occasions', () => {
    const a = makeActivity({ cadence: { type: 'weekdays', weekdays: ['mon', 'wed', 'fri'] } });
    // Mon done, Tue (not due) empty, Wed done, Thu done (not due), Fri empty, Sat/Sun not due.
    const h = historyOf({ '2026-01-05': 'done', '2026-01-07': 'done', '2026-01-08': 'done' });
    const s = foldHistory(a, h, '2026-01-11');
    const m = strengthMultiplier(a.cadence);
    expect(s).toMatchObject({ doneCount: 2, missedCount: 1, dueCount: 3, currentStreak: 0, longestStreak: 2, lastDoneDate: '2026-01-08' });
    expect(s.strength).toBeCloseTo(strengthOf([1, 1, 0], m), 15);
    // A non-due day as "today" is settled (nothing pending).
    expect(foldHistory(a, h, '2026-01-06').asOf).toBe('2026-01-06');
  });

  it('a negative habit folds by its entry statuses like any other', () => {
    const a = makeActivity({ direction: 'negative', goal: 2 });
    const s = foldHistory(a, historyOf({ '2026-01-05': ['done', 1], '2026-01-06': ['missed', 4], '2026-01-07': ['done', 0] }), '2026-01-07');
    expect(s).toMatchObject({ doneCount: 2, missedCount: 1, currentStreak: 1, longestStreak: 1 });
  });
});

describe('foldHistory, weekly cadence', () => {
  const a = makeActivity({ cadence: { type: 'weekly', timesPerWeek: 3 }, startDate: '2026-01-05' });
  const m = strengthMultiplier(a.cadence);

  it('counts a week once it reaches timesPerWeek; the current week never breaks the streak', () => {
    const h = historyOf({ '2026-01-05': 'done', '2026-01-07': 'done', '2026-01-09': 'done', '2026-01-12': 'done' });
    const s = foldHistory(a, h, '2026-01-14');
    expect(s).toStrictEqual({
      asOf: '2026-01-14',
      currentStreak: 1,
      longestStreak: 1,
      strength: strengthOf([1], m),
      doneCount: 1,
      skippedCount: 0,
      missedCount: 0,
      dueCount: 1,
      lastDoneDate: '2026-01-12',
      consecutiveMisses: 0,
      weekDone: 1,
      weekOff: 0,
    });
    // On the week's Sunday it is still open; on Monday it is missed with partial credit 1/3.
    expect(foldHistory(a, h, '2026-01-18')).toMatchObject({ currentStreak: 1, missedCount: 0 });
    const monday = foldHistory(a, h, '2026-01-19');
    expect(monday).toMatchObject({ currentStreak: 0, longestStreak: 1, missedCount: 1, dueCount: 2, consecutiveMisses: 1, weekDone: 0 });
    expect(monday.strength).toBeCloseTo(strengthOf([1, 1 / 3], m), 15);
  });

  it('a wholly paused week freezes; a partly paused week needs its share', () => {
    const paused = makeActivity({
      cadence: { type: 'weekly', timesPerWeek: 3 },
      pauses: [{ from: '2026-01-12', to: '2026-01-18' }, { from: '2026-01-22', to: '2026-01-25' }],
    });
    const h = historyOf({
      '2026-01-05': 'done',
      '2026-01-06': 'done',
      '2026-01-07': 'done',
      // week of the 12th wholly paused
      '2026-01-19': 'done',
      '2026-01-20': 'done', // Thu–Sun paused: 3 open days need ⌈9/7⌉ = 2
    });
    const s = foldHistory(paused, h, '2026-01-26');
    expect(s).toMatchObject({ currentStreak: 2, doneCount: 2, missedCount: 0, dueCount: 2 });
  });

  it('a pause ahead in the week (through Sunday) counts as soon as the week is reached', () => {
    const paused = makeActivity({ cadence: { type: 'weekly', timesPerWeek: 3 }, pauses: [{ from: '2026-01-09', to: '2026-01-11' }] });
    // Fri–Sun paused: 4 open days need ⌈12/7⌉ = 2, reached on Tuesday already.
    const s = foldHistory(paused, historyOf({ '2026-01-05': 'done', '2026-01-06': 'done' }), '2026-01-06');
    expect(s).toMatchObject({ currentStreak: 1, doneCount: 1, weekDone: 2, weekOff: 0 });
  });

  it('skipped days lower the requirement pro rata and are counted', () => {
    const h = historyOf({
      '2026-01-05': 'done',
      '2026-01-06': 'skipped',
      '2026-01-07': 'skipped',
      '2026-01-08': 'skipped',
      '2026-01-09': 'done', // 4 open days → ⌈12/7⌉ = 2
    });
    const s = foldHistory(a, h, '2026-01-09');
    expect(s).toMatchObject({ currentStreak: 1, doneCount: 1, skippedCount: 3, weekDone: 2, weekOff: 3 });
    // A week with every day skipped is frozen.
    const allSkipped = historyOf(Object.fromEntries(dateRange('2026-01-05', '2026-01-11').map((d) => [d, 'skipped' as const])));
    expect(foldHistory(a, allSkipped, '2026-01-12')).toMatchObject({ dueCount: 0, missedCount: 0, skippedCount: 7 });
  });

  it('folds ISO weeks across a year boundary', () => {
    const w = makeActivity({ cadence: { type: 'weekly', timesPerWeek: 2 }, startDate: '2026-12-21' });
    const h = historyOf({ '2026-12-22': 'done', '2026-12-23': 'done', '2026-12-31': 'done', '2027-01-02': 'done' });
    const s = foldHistory(w, h, '2027-01-04');
    expect(s).toMatchObject({ currentStreak: 2, doneCount: 2, weekDone: 0, asOf: '2027-01-04' });
  });

  it('a first week starting mid-week needs its share only', () => {
    const late = makeActivity({ cadence: { type: 'weekly', timesPerWeek: 3 }, startDate: '2026-01-10' }); // Saturday
    const s = foldHistory(late, historyOf({ '2026-01-11': 'done' }), '2026-01-12');
    expect(s).toMatchObject({ currentStreak: 1, doneCount: 1, weekOff: 0, weekDone: 0 });
  });
});

describe('advanceStats', () => {
  const a = makeActivity();

  it('returns the stats unchanged when they are already at or past today', () => {
    const s = foldHistory(a, historyOf({ '2026-01-05': 'done' }), '2026-01-05');
    expect(advanceStats(a, s, '2026-01-05')).toBe(s);
    expect(advanceStats(a, s, '2026-01-01')).toBe(s);
  });

  it('rolls misses forward but never counts today', () => {
    const s = foldHistory(a, historyOf({ '2026-01-05': 'done', '2026-01-06': 'done' }), '2026-01-06');
    const next = advanceStats(a, s, '2026-01-07');
    expect(next).toMatchObject({ asOf: '2026-01-06', currentStreak: 2, missedCount: 0 });
    const later = advanceStats(a, s, '2026-01-09');
    expect(later).toMatchObject({ asOf: '2026-01-08', currentStreak: 0, longestStreak: 2, missedCount: 2, consecutiveMisses: 2 });
  });

  it('starts from the start date when the stats are empty', () => {
    expect(advanceStats(a, EMPTY_STATS, '2026-01-01')).toBe(EMPTY_STATS);
    expect(advanceStats(a, EMPTY_STATS, '2026-01-10')).toStrictEqual(foldHistory(a, new Map(), '2026-01-10'));
  });

  it('finishes a weekly week from the stored week state', () => {
    const w = makeActivity({ cadence: { type: 'weekly', timesPerWeek: 3 } });
    const h = historyOf({ '2026-01-05': 'done', '2026-01-06': 'skipped', '2026-01-07': 'skipped', '2026-01-08': 'skipped', '2026-01-09': 'skipped' });
    const s = foldHistory(w, h, '2026-01-09'); // 3 open days → needs 2, has 1
    expect(s).toMatchObject({ weekDone: 1, weekOff: 4 });
    const next = advanceStats(w, s, '2026-01-13');
    expect(next).toMatchObject({ missedCount: 1, consecutiveMisses: 1 });
    expect(next.strength).toBeCloseTo(strengthOf([0.5], strengthMultiplier(w.cadence)), 15);
    // Stats written without weekOff are finished as if no day had been skipped (needs 3).
    const { weekOff: _omit, ...legacy } = s;
    expect(advanceStats(w, legacy, '2026-01-13').strength).toBeCloseTo(strengthOf([1 / 3], strengthMultiplier(w.cadence)), 15);
  });

  it('keeps counting from entries before the start date', () => {
    const late = makeActivity({ startDate: '2026-01-20' });
    const h = historyOf({ '2026-01-05': 'done', '2026-01-06': 'done' });
    expect(advanceStats(late, foldHistory(late, h, '2026-01-06'), '2026-01-10')).toStrictEqual(foldHistory(late, h, '2026-01-10'));
  });
});

describe('issue 8: limit habits, partial credit, days planned ahead', () => {
  it('a limit habit logged only on its bad days: unlogged days are kept (Loop), the streak runs from the last bad day', () => {
    const a = makeActivity({ direction: 'negative', goal: 2 });
    // 5–18 January, bad days (over the limit) logged on the 7th and the 12th only; today the 19th, empty.
    const h = historyOf({ '2026-01-07': ['missed', 4], '2026-01-12': ['missed', 3] });
    const s = foldHistory(a, h, '2026-01-19');
    // Kept days count 1; 4 on a limit of 2 earns nothing, 3 earns 1 − (3 − 2) / 2 = 0.5 (partial credit).
    const seq = dateRange('2026-01-05', '2026-01-18').map((d) => (d === '2026-01-07' ? 0 : d === '2026-01-12' ? 0.5 : 1));
    expect(s).toMatchObject({ asOf: '2026-01-18', currentStreak: 6, longestStreak: 6, doneCount: 12, missedCount: 2, dueCount: 14, consecutiveMisses: 0 });
    expect(s.strength).toBeCloseTo(strengthOf(seq), 12);
    // Rolled forward with nothing logged, the days stay kept.
    expect(advanceStats(a, s, '2026-01-22')).toMatchObject({ asOf: '2026-01-21', currentStreak: 9, missedCount: 2 });
  });

  it('a limit habit without a limit value: an empty day is kept, any logged amount is a slip', () => {
    const a = makeActivity({ direction: 'negative' });
    const s = foldHistory(a, historyOf({ '2026-01-06': ['missed', 1] }), '2026-01-08');
    expect(s).toMatchObject({ doneCount: 2, missedCount: 1, currentStreak: 1, asOf: '2026-01-07' });
  });

  it('numeric partial credit: 4.9 of 5 km counts 0.98 toward strength (the streak still breaks)', () => {
    const a = makeActivity({ goal: 5, unit: 'km' });
    const s = foldHistory(a, historyOf({ '2026-01-05': ['done', 5], '2026-01-06': ['missed', 4.9] }), '2026-01-06');
    expect(s.strength).toBeCloseTo(strengthOf([1, 0.98]), 12);
    expect(s).toMatchObject({ currentStreak: 0, missedCount: 1 });
  });

  it('numeric partial credit of a limit: 45 min on a 30 min limit counts 0.5, twice the limit 0', () => {
    const a = makeActivity({ direction: 'negative', goal: 30 });
    const s = foldHistory(a, historyOf({ '2026-01-05': ['missed', 45], '2026-01-06': ['missed', 60], '2026-01-07': ['done', 10] }), '2026-01-07');
    expect(s.strength).toBeCloseTo(strengthOf([0.5, 0, 1]), 12);
  });

  it('an entry planned for tomorrow does not break today\'s streak; it counts when its day comes', () => {
    const a = makeActivity();
    // Done Mon–Thu; today Friday the 9th is still open; Saturday's skip is planned ahead.
    const h = historyOf({ '2026-01-05': 'done', '2026-01-06': 'done', '2026-01-07': 'done', '2026-01-08': 'done', '2026-01-10': 'skipped' });
    const today = foldHistory(a, h, '2026-01-09');
    expect(today).toMatchObject({ asOf: '2026-01-08', currentStreak: 4, missedCount: 0, ahead: [{ date: '2026-01-10', status: 'skipped', value: null }] });
    expect(advanceStats(a, today, '2026-01-09')).toMatchObject({ currentStreak: 4 });
    // Saturday: Friday stayed empty (missed), Saturday's skip is counted.
    const saturday = advanceStats(a, today, '2026-01-10');
    expect(saturday).toStrictEqual(foldHistory(a, h, '2026-01-10'));
    expect(saturday).toMatchObject({ asOf: '2026-01-10', currentStreak: 0, missedCount: 1, skippedCount: 1 });
    expect(saturday.ahead).toBeUndefined();
  });

  it('carries the tracking start when entries predate the start date', () => {
    const a = makeActivity({ startDate: '2026-01-10' });
    expect(foldHistory(a, historyOf({ '2026-01-05': 'done' }), '2026-01-12').since).toBe('2026-01-05');
    expect(foldHistory(a, historyOf({ '2026-01-11': 'done' }), '2026-01-12').since).toBeUndefined();
  });
});

describe('more cadences (issue 8): every N days, N times a month', () => {
  it('every 3 days: due on the start date and every third day after, strength decays per Loop day', () => {
    const a = makeActivity({ cadence: { type: 'interval', everyDays: 3 } });
    // Due 5, 8, 11, 14 January; done 5th, 8th (a done on the 9th is not an occasion), 11th empty.
    const s = foldHistory(a, historyOf({ '2026-01-05': 'done', '2026-01-08': 'done', '2026-01-09': 'done' }), '2026-01-13');
    const m = 0.5 ** (Math.sqrt(3) / 13);
    expect(strengthMultiplier(a.cadence)).toBeCloseTo(m, 15);
    expect(s).toMatchObject({ asOf: '2026-01-13', doneCount: 2, missedCount: 1, dueCount: 3, currentStreak: 0, longestStreak: 2, lastDoneDate: '2026-01-09' });
    expect(s.strength).toBeCloseTo(strengthOf([1, 1, 0], m), 12);
  });

  it('4 times a month: judged per calendar month, pro rata for a partial first month, skips lower it', () => {
    const a = makeActivity({ cadence: { type: 'monthly', timesPerMonth: 4 }, startDate: '2026-01-20' });
    // January: 12 active days of 31 → ⌈4 × 12 / 31⌉ = 2, done 2 → met on the 25th.
    // February (28 days, 3 skipped → 25 open): ⌈4 × 25 / 28⌉ = 4, done 3 → missed (credit 3/4), judged on 1 March.
    const h = historyOf({
      '2026-01-21': 'done',
      '2026-01-25': 'done',
      '2026-02-02': 'skipped',
      '2026-02-03': 'skipped',
      '2026-02-04': 'skipped',
      '2026-02-10': 'done',
      '2026-02-11': 'done',
      '2026-02-12': 'done',
    });
    const m = 0.5 ** (Math.sqrt((365.25 / 12) * 4) / 13);
    expect(foldHistory(a, h, '2026-02-28')).toMatchObject({ doneCount: 1, missedCount: 0, currentStreak: 1, weekDone: 3, weekOff: 3 });
    const s = foldHistory(a, h, '2026-03-01');
    expect(s).toMatchObject({ doneCount: 1, missedCount: 1, dueCount: 2, currentStreak: 0, skippedCount: 3 });
    expect(s.strength).toBeCloseTo(strengthOf([1, 0.75], m), 12);
  });
});

describe('advanceStats(foldHistory(h, d1), d2) equals foldHistory(h, d2) (randomized)', () => {
  const STATUSES: EntryStatus[] = ['done', 'done', 'done', 'skipped', 'missed'];
  const CADENCES: Cadence[] = [
    { type: 'daily' },
    { type: 'weekdays', weekdays: ['mon', 'wed', 'fri'] },
    { type: 'weekdays', weekdays: ['sun'] },
    { type: 'weekly', timesPerWeek: 1 },
    { type: 'weekly', timesPerWeek: 3 },
    { type: 'weekly', timesPerWeek: 7 },
    { type: 'interval', everyDays: 3 },
    { type: 'monthly', timesPerMonth: 5 },
    { type: 'monthly', timesPerMonth: 28 },
  ];

  it('holds for 600 random activities, histories and dates', () => {
    const random = seededRandom(20260105);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const int = (n: number) => Math.floor(random() * n);
    for (let run = 0; run < 600; run++) {
      const startDate = addDays('2023-12-20', int(120)); // crosses the 2024 leap day and year ends
      const pauses: Activity['pauses'] = [];
      for (let p = int(3); p > 0; p--) {
        const from = addDays(startDate, int(120) - 10);
        pauses.push(random() < 0.3 ? { from } : { from, to: addDays(from, int(15)) });
      }
      const deactivatedAt = random() < 0.2 ? `${addDays(startDate, int(150))}T${String(int(24)).padStart(2, '0')}:00:00Z` : null;
      const direction = random() < 0.3 ? 'negative' : 'positive';
      const goal = random() < 0.5 ? null : int(40);
      const activity = makeActivity({ cadence: pick(CADENCES), startDate, pauses, deactivatedAt, direction, goal, status: deactivatedAt ? 'archived' : 'active' });
      // Entries from a little before the start (backfill) to d1, and up to two days planned after it.
      const first = addDays(startDate, int(20) - 10);
      const d1 = addDays(first, int(100));
      const d2 = addDays(d1, int(60));
      const h = new Map<string, DaySlot>();
      const density = random();
      for (const date of dateRange(first, addDays(d1, 2))) {
        if (date > d1 && random() < 0.7) continue;
        if (random() < density) h.set(date, { status: pick(STATUSES), value: random() < 0.5 ? null : int(50) });
      }
      const folded = foldHistory(activity, h, d1);
      const advanced = advanceStats(activity, folded, d2);
      const direct = foldHistory(activity, h, d2);
      if (JSON.stringify(advanced) !== JSON.stringify(direct)) {
        throw new Error(`run ${run}: ${JSON.stringify({ activity: { cadence: activity.cadence, startDate, pauses, deactivatedAt }, h: [...h], d1, d2 })}`);
      }
      expect(advanced).toStrictEqual(direct);
      // And stepwise, one day at a time.
      let stepped: FoldStats = folded;
      for (let d = addDays(d1, 1); d <= d2; d = addDays(d, 7)) stepped = advanceStats(activity, stepped, d);
      expect(advanceStats(activity, stepped, d2)).toStrictEqual(direct);
    }
  });
});

describe('performance (not asserted)', () => {
  it('folds ten years of daily history and advances ten years of empty days', () => {
    const a = makeActivity({ startDate: '2016-01-01', pauses: [{ from: '2018-06-01', to: '2018-06-20' }] });
    const h = new Map<string, DaySlot>();
    dateRange('2016-01-01', '2025-12-31').forEach((d, i) => h.set(d, { status: i % 7 === 3 ? 'missed' : 'done', value: i % 60 }));
    foldHistory(a, h, '2025-12-31'); // warm-up
    let t = performance.now();
    const s = foldHistory(a, h, '2025-12-31');
    const foldMs = performance.now() - t;
    const weekly = makeActivity({ startDate: '2016-01-01', cadence: { type: 'weekly', timesPerWeek: 3 } });
    t = performance.now();
    const w = advanceStats(weekly, EMPTY_STATS, '2025-12-31');
    const advanceMs = performance.now() - t;
    console.log(`foldHistory over ${h.size} days: ${foldMs.toFixed(2)} ms; advanceStats over ten empty years: ${advanceMs.toFixed(2)} ms`);
    expect(s.dueCount).toBe(h.size - 20);
    expect(w.missedCount).toBeGreaterThan(500);
  });
});
