import { describe, expect, it } from 'vitest';
import { addDays, dateRange, daysBetween, isIanaTimeZone, isRealDate, isoWeekday, localDate, weekStart } from './dates.ts';

describe('dates', () => {
  it('knows real calendar dates', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2026-02-29')).toBe(false);
    expect(isRealDate('2026-02-30')).toBe(false);
    expect(isRealDate('2026-13-01')).toBe(false);
    expect(isRealDate('2026-1-01')).toBe(false);
  });

  it('does day arithmetic across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(dateRange('2026-01-30', '2026-02-02')).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
  });

  it('finds ISO weekdays and week starts across a year boundary', () => {
    expect(isoWeekday('2026-11-21')).toBe(6); // a Saturday
    expect(isoWeekday('2026-11-22')).toBe(7);
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
  });

  it('gives the local date in a time zone', () => {
    const at = new Date('2026-11-21T23:30:00Z');
    expect(localDate('UTC', at)).toBe('2026-11-21');
    expect(localDate('Asia/Tokyo', at)).toBe('2026-11-22');
    expect(localDate('America/Los_Angeles', at)).toBe('2026-11-21');
  });

  it('turns the date at a zone\'s midnight, also right after asking within the minute before', () => {
    // Kolkata is UTC+05:30: its midnight falls on the half hour of UTC.
    expect(localDate('Asia/Kolkata', new Date('2026-11-21T18:29:00.000Z'))).toBe('2026-11-21');
    expect(localDate('Asia/Kolkata', new Date('2026-11-21T18:29:59.999Z'))).toBe('2026-11-21');
    expect(localDate('Asia/Kolkata', new Date('2026-11-21T18:30:00.000Z'))).toBe('2026-11-22');
    // And back to an earlier minute (a caller's own clock): answered for that minute, not the last.
    expect(localDate('Asia/Kolkata', new Date('2026-11-21T18:29:30.000Z'))).toBe('2026-11-21');
  });

  it('takes IANA zone names only: canonical ones, UTC, and current names ICU still lists under an old one', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Asia/Calcutta', 'Asia/Kolkata', 'Europe/Kyiv', 'Pacific/Kiritimati']) {
      expect(isIanaTimeZone(zone), zone).toBe(true);
    }
    for (const zone of ['EST', 'CET', 'GMT', '+05:00', 'UTC+5', 'Etc/GMT+5', 'Etc/UTC', 'US/Eastern', 'europe/berlin', 'Mars/Olympus', 'Europe/Nowhere', '']) {
      expect(isIanaTimeZone(zone), zone).toBe(false);
    }
  });
});
