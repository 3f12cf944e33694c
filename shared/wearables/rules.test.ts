import { describe, expect, it } from 'vitest';
import type { WearableRecord } from './model.ts';
import { aggregateDay, checkRule, localDaysOf } from './rules.ts';

const rec = (start: string, end: string, value: number, metric: WearableRecord['metric'] = 'steps'): WearableRecord => ({
  source: 'generic', metric, start, end, value, unit: 'count', dedupeKey: start, contentHash: start, batchId: 'b',
});

describe('a day from its records', () => {
  const day = [rec('2026-11-28T07:00:00.000Z', '2026-11-28T08:00:00.000Z', 1000), rec('2026-11-28T18:00:00.000Z', '2026-11-28T18:30:00.000Z', 3000), rec('2026-11-28T12:00:00.000Z', '2026-11-28T12:10:00.000Z', 500)];

  it('sums, takes the max, the last by start, or the time covered, in the rule\u2019s unit', () => {
    expect(aggregateDay({ metric: 'steps', aggregation: 'sum', unit: 'count' }, day)).toBe(4500);
    expect(aggregateDay({ metric: 'steps', aggregation: 'max', unit: 'count' }, day)).toBe(3000);
    expect(aggregateDay({ metric: 'steps', aggregation: 'last', unit: 'count' }, day)).toBe(3000);
    expect(aggregateDay({ metric: 'steps', aggregation: 'duration', unit: 'min' }, day)).toBe(100);
    const km = [rec('2026-11-28T07:00:00.000Z', '2026-11-28T08:00:00.000Z', 2500, 'distance'), rec('2026-11-28T09:00:00.000Z', '2026-11-28T10:00:00.000Z', 1234, 'distance')];
    expect(aggregateDay({ metric: 'distance', aggregation: 'sum', unit: 'km' }, km)).toBe(3.73);
    const night = [rec('2026-11-27T22:30:00.000Z', '2026-11-28T06:00:00.000Z', 450, 'sleep')];
    expect(aggregateDay({ metric: 'sleep', aggregation: 'sum', unit: 'h' }, night)).toBe(7.5);
    expect(aggregateDay({ metric: 'steps', aggregation: 'sum', unit: 'count' }, [])).toBeUndefined();
  });

  it('finds the local days a UTC day touches', () => {
    expect(localDaysOf(['2026-11-28'], 'UTC')).toEqual(['2026-11-28']);
    expect(localDaysOf(['2026-11-28'], 'Europe/Berlin')).toEqual(['2026-11-28', '2026-11-29']);
    expect(localDaysOf(['2026-11-28'], 'America/New_York')).toEqual(['2026-11-27', '2026-11-28']);
  });

  it('refuses a unit the metric cannot be converted to', () => {
    expect(() => checkRule({ metric: 'distance', activityId: 'a', aggregation: 'sum', unit: 'kcal' })).toThrow(/unit/);
    expect(() => checkRule({ metric: 'sleep', activityId: 'a', aggregation: 'duration', unit: 'h' })).not.toThrow();
    expect(() => checkRule({ metric: 'steps', activityId: 'a', aggregation: 'duration', unit: 'count' })).toThrow(/unit/);
  });
});
