import { describe, expect, it } from 'vitest';
import { localToInstant, nextOccurrence, zoneOffsetMs } from './slots.ts';

const iso = (d: Date) => d.toISOString();

describe('zoneOffsetMs', () => {
  it('reads the offset in force at an instant, DST included', () => {
    expect(zoneOffsetMs('Europe/Berlin', Date.parse('2026-01-15T12:00:00Z'))).toBe(3_600_000);
    expect(zoneOffsetMs('Europe/Berlin', Date.parse('2026-07-15T12:00:00Z'))).toBe(7_200_000);
    expect(zoneOffsetMs('America/New_York', Date.parse('2026-07-15T12:00:00.250Z'))).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs('Asia/Kolkata', Date.parse('2026-07-15T12:00:00Z'))).toBe(5.5 * 3_600_000);
  });
});

describe('localToInstant', () => {
  it('turns a local time into UTC with the offset of that very day', () => {
    expect(iso(localToInstant('2026-01-15', '07:30', 'Europe/Berlin'))).toBe('2026-01-15T06:30:00.000Z');
    expect(iso(localToInstant('2026-07-15', '07:30', 'Europe/Berlin'))).toBe('2026-07-15T05:30:00.000Z');
    expect(iso(localToInstant('2026-07-15', '21:00', 'America/Los_Angeles'))).toBe('2026-07-16T04:00:00.000Z');
    expect(iso(localToInstant('2026-07-15', '00:00', 'UTC'))).toBe('2026-07-15T00:00:00.000Z');
  });

  it('on the spring-forward day: a time in the gap moves on by the gap, the others keep their local time', () => {
    // Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00Z).
    expect(iso(localToInstant('2026-03-29', '01:30', 'Europe/Berlin'))).toBe('2026-03-29T00:30:00.000Z');
    expect(iso(localToInstant('2026-03-29', '02:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(iso(localToInstant('2026-03-29', '03:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(localToInstant('2026-03-29', '09:00', 'Europe/Berlin'))).toBe('2026-03-29T07:00:00.000Z');
    // New York, 2026-03-08 at 02:00 EST.
    expect(iso(localToInstant('2026-03-08', '02:15', 'America/New_York'))).toBe('2026-03-08T07:15:00.000Z'); // 03:15 EDT
  });

  it('on the fall-back day: a time that happens twice is the first one', () => {
    // Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00Z).
    expect(iso(localToInstant('2026-10-25', '02:30', 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(localToInstant('2026-10-25', '03:30', 'Europe/Berlin'))).toBe('2026-10-25T02:30:00.000Z');
    expect(iso(localToInstant('2026-10-25', '20:00', 'Europe/Berlin'))).toBe('2026-10-25T19:00:00.000Z');
  });
});

describe('nextOccurrence', () => {
  it('is today when the time is still ahead, else tomorrow', () => {
    expect(nextOccurrence('09:00', 'Europe/Berlin', new Date('2026-07-15T06:59:00Z'))).toEqual({ date: '2026-07-15', at: new Date('2026-07-15T07:00:00Z') });
    expect(nextOccurrence('09:00', 'Europe/Berlin', new Date('2026-07-15T07:00:00Z'))).toEqual({ date: '2026-07-16', at: new Date('2026-07-16T07:00:00Z') });
  });

  it('follows the local date, not the UTC one', () => {
    // 23:00 UTC on the 15th is already the 16th in Tokyo and still the 15th in Honolulu.
    expect(nextOccurrence('08:00', 'Asia/Tokyo', new Date('2026-07-15T23:00:00Z'))).toEqual({ date: '2026-07-17', at: new Date('2026-07-16T23:00:00Z') });
    expect(nextOccurrence('20:00', 'Pacific/Honolulu', new Date('2026-07-15T23:00:00Z'))).toEqual({ date: '2026-07-15', at: new Date('2026-07-16T06:00:00Z') });
  });

  it('walks over a DST change one local day at a time (the UTC instant shifts by the hour, the local time does not)', () => {
    let at = new Date('2026-03-27T12:00:00Z');
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const next = nextOccurrence('07:30', 'Europe/Berlin', at);
      seen.push(`${next.date} ${iso(next.at)}`);
      at = next.at;
    }
    expect(seen).toEqual([
      '2026-03-28 2026-03-28T06:30:00.000Z',
      '2026-03-29 2026-03-29T05:30:00.000Z',
      '2026-03-30 2026-03-30T05:30:00.000Z',
      '2026-03-31 2026-03-31T05:30:00.000Z',
    ]);
  });

  it('gives a time inside the spring-forward gap one occurrence that day, and the doubled hour one in autumn', () => {
    const spring = nextOccurrence('02:30', 'Europe/Berlin', new Date('2026-03-28T02:00:00Z'));
    expect(spring).toEqual({ date: '2026-03-29', at: new Date('2026-03-29T01:30:00Z') });
    expect(nextOccurrence('02:30', 'Europe/Berlin', spring.at).date).toBe('2026-03-30');
    const autumn = nextOccurrence('02:30', 'Europe/Berlin', new Date('2026-10-24T12:00:00Z'));
    expect(autumn).toEqual({ date: '2026-10-25', at: new Date('2026-10-25T00:30:00Z') });
    // The second 02:30 (01:30Z) is not another occurrence: the next one is the 26th's.
    expect(nextOccurrence('02:30', 'Europe/Berlin', autumn.at)).toEqual({ date: '2026-10-26', at: new Date('2026-10-26T01:30:00Z') });
  });
});
