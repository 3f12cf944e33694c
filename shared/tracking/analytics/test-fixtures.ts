import type { IsoDate } from '../../kit/dates.ts';
import { EMPTY_STATS, type Activity, type DaySlot, type Goal } from '../model.ts';
import type { EntryStatus } from '../schemas.ts';

/** Test helpers for the analytics: compact activities, histories and a seeded PRNG. */

/** An active, positive, daily activity starting 2026-01-05 (a Monday), with `over` applied. */
export function makeActivity(over: Partial<Activity> = {}): Activity {
  return {
    id: 'a1',
    userId: 'u1',
    name: 'Read',
    description: '',
    category: 'mind',
    unit: 'min',
    goal: null,
    direction: 'positive',
    cadence: { type: 'daily' },
    difficulty: 'medium',
    priority: 'medium',
    color: 'blue',
    icon: null,
    position: 0,
    status: 'active',
    pauses: [],
    atRisk: false,
    lastLoggedDate: null,
    startDate: '2026-01-05',
    createdAt: '2026-01-05T08:00:00.000Z',
    updatedAt: '2026-01-05T08:00:00.000Z',
    deactivatedAt: null,
    reminders: [],
    stats: EMPTY_STATS,
    ...over,
  };
}

/** A day in compact form: a status, or a status with a value. */
export type CompactSlot = EntryStatus | [EntryStatus, number | null];

/** A history from `{ date: 'done' | ['done', 30] }`, dates ascending. */
export function historyOf(days: Record<IsoDate, CompactSlot>): Map<IsoDate, DaySlot> {
  return new Map(
    Object.keys(days)
      .sort()
      .map((date) => {
        const d = days[date]!;
        return [date, typeof d === 'string' ? { status: d, value: null } : { status: d[0], value: d[1] }];
      }),
  );
}

/** A goal with no links starting 2026-01-01, with `over` applied. */
export function makeGoal(over: Partial<Goal> = {}): Goal {
  return {
    id: 'g1',
    userId: 'u1',
    name: 'Goal',
    description: '',
    targetValue: 100,
    unit: '',
    startDate: '2026-01-01',
    deadline: null,
    links: [],
    currentValue: 0,
    completedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

/** Mulberry32: a small seeded PRNG returning floats in [0, 1), for reproducible random tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
