import { describe, expect, it } from 'vitest';
import { addDays, utcToday } from './dates.ts';
import { LocalDate, MAX_PAGE_SIZE, PageQuery } from './schemas.ts';

describe('LocalDate', () => {
  it('accepts real dates from 1970 up to tomorrow (UTC)', () => {
    for (const d of ['1970-01-01', '2024-02-29', utcToday(), addDays(utcToday(), 1)]) expect(LocalDate.safeParse(d).success).toBe(true);
  });
  it('refuses impossible, early and far-future dates', () => {
    for (const d of ['2026-02-30', '1969-12-31', addDays(utcToday(), 2), '26-01-01', '']) expect(LocalDate.safeParse(d).success).toBe(false);
  });
});

describe('PageQuery', () => {
  it('defaults the limit and cuts it to the maximum page size', () => {
    expect(PageQuery.parse({}).limit).toBe(50);
    expect(PageQuery.parse({ limit: '7' }).limit).toBe(7);
    expect(PageQuery.parse({ limit: '5000' }).limit).toBe(MAX_PAGE_SIZE);
    expect(PageQuery.safeParse({ limit: '0' }).success).toBe(false);
    expect(PageQuery.safeParse({ limit: 'ten' }).success).toBe(false);
  });
});
