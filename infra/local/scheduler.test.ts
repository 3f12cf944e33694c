import { describe, expect, it } from 'vitest';
import { nextCron, rateMs } from './scheduler.ts';

describe('schedule expressions', () => {
  it('reads rate expressions', () => {
    expect(rateMs('rate(1 hour)')).toBe(3_600_000);
    expect(rateMs('rate(15 minutes)')).toBe(900_000);
    expect(rateMs('rate(2 days)')).toBe(172_800_000);
    expect(rateMs('cron(0 * * * ? *)')).toBeUndefined();
  });

  it('finds the next cron time in UTC', () => {
    const after = new Date('2026-11-21T10:17:30Z');
    expect(nextCron('cron(0 * * * ? *)', after)?.toISOString()).toBe('2026-11-21T11:00:00.000Z');
    expect(nextCron('cron(30 2 * * ? *)', after)?.toISOString()).toBe('2026-11-22T02:30:00.000Z');
    expect(nextCron('cron(0/20 * * * ? *)', after)?.toISOString()).toBe('2026-11-21T10:20:00.000Z');
    // Day of week 2 = Monday in EventBridge's numbering; 2026-11-23 is a Monday.
    expect(nextCron('cron(0 6 ? * 2 *)', after)?.toISOString()).toBe('2026-11-23T06:00:00.000Z');
  });
});
