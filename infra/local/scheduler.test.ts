import { afterEach, describe, expect, it, vi } from 'vitest';
import { schedules } from '../routes/index.ts';
import { nextCron, rateMs, startScheduler } from './scheduler.ts';

const after = new Date('2026-11-21T10:17:30Z'); // a Saturday
const next = (expression: string, from = after) => nextCron(expression, from)?.toISOString();

describe('schedule expressions', () => {
  it('reads rate expressions', () => {
    expect(rateMs('rate(1 hour)')).toBe(3_600_000);
    expect(rateMs('rate(15 minutes)')).toBe(900_000);
    expect(rateMs('rate(2 days)')).toBe(172_800_000);
    expect(rateMs('cron(0 * * * ? *)')).toBeUndefined();
  });

  it('finds the next cron time in UTC', () => {
    expect(next('cron(0 * * * ? *)')).toBe('2026-11-21T11:00:00.000Z');
    expect(next('cron(30 2 * * ? *)')).toBe('2026-11-22T02:30:00.000Z');
    expect(next('cron(0/20 * * * ? *)')).toBe('2026-11-21T10:20:00.000Z');
    expect(next('cron(5,35 14 * * ? *)')).toBe('2026-11-21T14:05:00.000Z');
    expect(next('cron(0 8-10 * * ? *)')).toBe('2026-11-22T08:00:00.000Z');
  });

  it('is strictly after the given time', () => {
    expect(next('cron(0 * * * ? *)', new Date('2026-11-21T11:00:00Z'))).toBe('2026-11-21T12:00:00.000Z');
  });

  it('numbers days of the week 1 (Sunday) to 7 (Saturday), as EventBridge does', () => {
    // 2026-11-23 is a Monday.
    expect(next('cron(0 6 ? * 2 *)')).toBe('2026-11-23T06:00:00.000Z');
    expect(next('cron(0 6 ? * MON *)')).toBe('2026-11-23T06:00:00.000Z');
    expect(next('cron(0 6 ? * 1 *)')).toBe('2026-11-22T06:00:00.000Z');
    expect(next('cron(0 6 ? * 7 *)')).toBe('2026-11-28T06:00:00.000Z');
    expect(next('cron(0 10 ? * 2-6 *)')).toBe('2026-11-23T10:00:00.000Z');
  });

  it('knows the last day of the month, the nth weekday and the year field', () => {
    expect(next('cron(0 12 L * ? *)')).toBe('2026-11-30T12:00:00.000Z');
    // The third Friday (6#3) of December 2026.
    expect(next('cron(0 9 ? * 6#3 *)')).toBe('2026-12-18T09:00:00.000Z');
    expect(next('cron(0 8 1 * ? 2027)')).toBe('2027-01-01T08:00:00.000Z');
    expect(next('cron(0 8 1 * ? 2025)')).toBeUndefined();
  });

  it('refuses what EventBridge would refuse', () => {
    expect(() => nextCron('cron(0 * * * ?)', after)).toThrow(/six fields/);
    expect(() => nextCron('cron(0 25 * * ? *)', after)).toThrow();
    expect(nextCron('rate(1 hour)', after)).toBeUndefined();
  });

  it('understands every schedule in the route table', () => {
    for (const [name, s] of Object.entries(schedules)) {
      const firing = rateMs(s.expression) ?? nextCron(s.expression, after);
      expect(firing, `${name}: ${s.expression}`).toBeDefined();
    }
  });
});

describe('startScheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires each schedule at its times with the scheduled time, until stopped', () => {
    vi.useFakeTimers({ now: after });
    const fired: string[] = [];
    const scheduler = startScheduler(
      { hourly: { expression: 'cron(0 * * * ? *)' }, often: { expression: 'rate(15 minutes)' } },
      (name, at) => fired.push(`${name}@${at.toISOString()}`),
    );
    vi.advanceTimersByTime(60 * 60_000);
    expect(fired).toEqual([
      'often@2026-11-21T10:32:30.000Z',
      'often@2026-11-21T10:47:30.000Z',
      'hourly@2026-11-21T11:00:00.000Z',
      'often@2026-11-21T11:02:30.000Z',
      'often@2026-11-21T11:17:30.000Z',
    ]);
    scheduler.stop();
    vi.advanceTimersByTime(24 * 60 * 60_000);
    expect(fired).toHaveLength(5);
  });

  it('waits past setTimeout’s longest delay for a firing far ahead', () => {
    vi.useFakeTimers({ now: after });
    const fired: string[] = [];
    const scheduler = startScheduler({ yearly: { expression: 'cron(0 0 1 1 ? *)' } }, (name, at) => fired.push(at.toISOString()));
    vi.advanceTimersByTime(30 * 24 * 60 * 60_000); // 30 days: past 2^31 ms, not yet January
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(15 * 24 * 60 * 60_000);
    expect(fired).toEqual(['2027-01-01T00:00:00.000Z']);
    scheduler.stop();
  });

  it('refuses an unsupported expression when it starts', () => {
    expect(() => startScheduler({ odd: { expression: 'at(2026-12-01T00:00:00)' } }, () => undefined)).toThrow(/Unsupported/);
  });
});
