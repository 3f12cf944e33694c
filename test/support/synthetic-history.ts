/**
 * Deterministic synthetic histories (a seeded PRNG), as Mosaic JSON documents: for the round-trip
 * tests and the benchmark.
 */
import { addDays, dateRange, type IsoDate } from '../../shared/kit/dates.ts';
import { seededRandom } from '../../shared/tracking/analytics/test-fixtures.ts';

const CADENCES = [
  { type: 'daily' },
  { type: 'weekly', timesPerWeek: 3 },
  { type: 'weekdays', weekdays: ['mon', 'wed', 'fri'] },
  { type: 'daily' },
] as const;

export interface SyntheticOptions {
  activities: number;
  days: number;
  /** Last day of the history (default: yesterday in UTC). */
  end?: IsoDate;
  seed?: number;
  /** Share of days with an entry (default 0.85). */
  density?: number;
}

/** A Mosaic JSON document with `activities` activities of `days` days each. */
export function syntheticHistory(options: SyntheticOptions) {
  const random = seededRandom(options.seed ?? 42);
  const end = options.end ?? addDays(new Date().toISOString().slice(0, 10), -1);
  const start = addDays(end, 1 - options.days);
  const density = options.density ?? 0.85;
  const activities = Array.from({ length: options.activities }, (_, i) => {
    const withGoal = i % 3 === 0;
    const negative = i % 7 === 6;
    const entries = dateRange(start, end).flatMap((date) => {
      if (random() > density) return [];
      const roll = random();
      const status = roll < 0.75 ? 'done' : roll < 0.9 ? 'missed' : 'skipped';
      const value = withGoal ? Math.round(random() * 100) / 10 : null;
      return [{ date, value, note: roll < 0.05 ? `note, "quoted"\nline ${date}` : '', status }];
    });
    return {
      name: `Habit ${String(i + 1).padStart(2, '0')}`,
      description: '',
      category: ['fitness', 'mind', 'health', 'work'][i % 4]!,
      unit: withGoal ? 'km' : '',
      goal: withGoal ? 5 : negative ? 2 : null,
      direction: negative ? 'negative' : 'positive',
      cadence: CADENCES[i % CADENCES.length]!,
      difficulty: 'medium',
      priority: 'medium',
      status: 'active',
      pauses: i % 5 === 4 ? [{ from: addDays(start, 20), to: addDays(start, 30) }] : [],
      startDate: start,
      entries,
    };
  });
  return { format: 'mosaic', version: 1, exportedAt: new Date().toISOString(), activities };
}
