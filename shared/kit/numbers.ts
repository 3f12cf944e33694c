/**
 * Numbers the API stores (docs/decisions.md, "Numbers"). DynamoDB keeps a number when it is
 * 0 or its magnitude is from 1e-130 up to (not including) 1e126, with at most 38 significant
 * digits; anything else fails the write (`1e-320` did, with a 500). A JavaScript number has at
 * most 17 significant digits, so the digits always fit; values users send are rounded to 15
 * significant digits, which every double holds exactly as written (`0.1 + 0.2` is stored as
 * `0.3`). Derived figures (sums, products, decays) go through {@link toStorableNumber}.
 */

/** Smallest magnitude DynamoDB stores, other than 0. */
export const MIN_STORABLE_MAGNITUDE = 1e-130;
/** DynamoDB stores magnitudes below this. */
export const MAX_STORABLE_MAGNITUDE = 1e126;
/** Significant digits kept of a number a user sends. */
export const SIGNIFICANT_DIGITS = 15;

/** `n` rounded to {@link SIGNIFICANT_DIGITS} significant digits. */
export function roundSignificant(n: number): number {
  return n === 0 || !Number.isFinite(n) ? n : Number(n.toPrecision(SIGNIFICANT_DIGITS));
}

/** Why DynamoDB could not store `n`, in words fit for a field message, or null when it can. */
export function storableNumberProblem(n: number): string | null {
  if (!Number.isFinite(n)) return 'must be a finite number';
  const magnitude = Math.abs(n);
  if (magnitude !== 0 && magnitude < MIN_STORABLE_MAGNITUDE) return 'must be 0 or at least 1e-130 in magnitude (smaller numbers cannot be stored)';
  if (magnitude >= MAX_STORABLE_MAGNITUDE) return 'must be less than 1e126 in magnitude';
  return null;
}

/**
 * A derived figure as it can be stored: rounded to {@link SIGNIFICANT_DIGITS} significant
 * digits, 0 when smaller than DynamoDB can hold (a decay that ran for decades), and clamped to
 * the largest storable magnitude. Throws for NaN, a bug rather than a figure.
 */
export function toStorableNumber(n: number): number {
  if (Number.isNaN(n)) throw new Error('NaN cannot be stored');
  const rounded = roundSignificant(n);
  const magnitude = Math.abs(rounded);
  if (magnitude < MIN_STORABLE_MAGNITUDE) return 0;
  if (magnitude >= MAX_STORABLE_MAGNITUDE) return Math.sign(rounded) * 9.99999999999999e125;
  return rounded;
}
