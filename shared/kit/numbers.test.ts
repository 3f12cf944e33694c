import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { roundSignificant, storableNumberProblem, toStorableNumber } from './numbers.ts';
import { storableNumber } from './schemas.ts';

describe('storable numbers', () => {
  it('are 0 or of a magnitude from 1e-130 to below 1e126', () => {
    for (const n of [0, -0, 1, -1, 1e-130, -1e-130, 9.99999999999999e125, 0.001, 1e6]) expect(storableNumberProblem(n), String(n)).toBeNull();
    for (const n of [1e-320, 5e-324, 1e-131, -1e-200]) expect(storableNumberProblem(n), String(n)).toMatch(/at least 1e-130/);
    for (const n of [1e126, -1e200, Number.MAX_VALUE]) expect(storableNumberProblem(n), String(n)).toMatch(/less than 1e126/);
    for (const n of [Infinity, -Infinity, NaN]) expect(storableNumberProblem(n), String(n)).toMatch(/finite/);
  });

  it('keep 15 significant digits of what users send', () => {
    expect(roundSignificant(0.1 + 0.2)).toBe(0.3);
    expect(roundSignificant(123456789.12345679)).toBe(123456789.123457);
    expect(roundSignificant(1 / 3)).toBe(0.333333333333333);
    expect(roundSignificant(6.5)).toBe(6.5);
  });

  it('through the schema: refused with a field message, or rounded', () => {
    const schema = storableNumber().check(z.gte(0));
    expect(z.parse(schema, 0.1 + 0.2)).toBe(0.3);
    expect(z.safeParse(schema, 1e-320).error?.issues[0]?.message).toMatch(/0 or at least 1e-130/);
    expect(z.safeParse(schema, Infinity).success).toBe(false);
  });

  it('derived figures are flushed to 0 below the range and clamped above it', () => {
    expect(toStorableNumber(1e-300)).toBe(0);
    expect(toStorableNumber(-1e-300)).toBe(0);
    expect(toStorableNumber(2.5)).toBe(2.5);
    expect(toStorableNumber(1e130)).toBeLessThan(1e126);
    expect(storableNumberProblem(toStorableNumber(-1e130))).toBeNull();
    expect(() => toStorableNumber(NaN)).toThrow();
  });
});
