import { plural } from '../../../shared/kit/plural.ts';
import { LIMITS } from '../api/limits.ts';
import type { Activity, Cadence, Weekday } from '../api/types.ts';

const WEEKDAY_NAMES: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
/** The weekdays in the API's order (Monday first). */
export const WEEKDAYS: readonly Weekday[] = LIMITS.weekdays;
export const weekdayName = (d: Weekday): string => WEEKDAY_NAMES[d];

export function cadenceLabel(cadence: Cadence): string {
  if (cadence.type === 'daily') return 'Every day';
  if (cadence.type === 'weekly') return `${cadence.timesPerWeek}× a week`;
  if (cadence.type === 'monthly') return `${cadence.timesPerMonth}× a month`;
  if (cadence.type === 'interval') return `Every ${cadence.everyDays} days`;
  const days = cadence.weekdays;
  if (days.length === 5 && !days.includes('sat') && !days.includes('sun')) return 'Weekdays';
  if (days.length === 2 && days.includes('sat') && days.includes('sun')) return 'Weekends';
  return days.map(weekdayName).join(', ');
}

/** The unit a streak is counted in: days, or weeks / months for an N-a-week / N-a-month cadence. */
export function occasions(activity: Pick<Activity, 'cadence'>, n: number): string {
  const unit = activity.cadence.type === 'weekly' ? 'week' : activity.cadence.type === 'monthly' ? 'month' : 'day';
  return counted(n, unit);
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
export const num = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : numberFormat.format(value));

/** "1 play", "2,480 plays": a count with its noun in the right number. */
export const counted = (n: number, one: string, many?: string): string => `${numberFormat.format(n)} ${plural(n, one, many)}`;

/** 0.4286 → "43%"; null → "—". */
export function pct(fraction: number | null | undefined, digits = 0): string {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A score already in percent (consistency): 57.1 → "57%". */
export const score = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : `${Math.round(value)}%`);

/** "5 km" / "limit 2 cigarettes" / "" — what an activity aims at. */
export function goalLabel(activity: Pick<Activity, 'goal' | 'unit' | 'direction'>): string {
  if (activity.goal === null) return activity.unit ? `in ${activity.unit}` : '';
  const amount = `${num(activity.goal)}${activity.unit ? ` ${activity.unit}` : ''}`;
  return activity.direction === 'negative' ? `at most ${amount}` : `goal ${amount}`;
}

/** Whether an activity is logged with a number (it has a unit or a goal) rather than checked in. */
export const isMeasured = (activity: Pick<Activity, 'unit' | 'goal'>): boolean => activity.unit !== '' || activity.goal !== null;

export const capitalize = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** A metric's or field's camelCase name as words: `reminderPushesFailed` → "reminder pushes failed". */
export const words = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/**
 * The API's validation messages come from zod; a few read like a parser talking. This turns
 * those into plain words and leaves every other message as it is.
 */
export function humanize(message: string): string {
  const tooSmallString = /^Too small: expected string to have >=1 characters?$/.exec(message);
  if (tooSmallString) return 'is required';
  const tooBigString = /^Too big: expected string to have <=(\d+) characters?$/.exec(message);
  if (tooBigString) return `must be at most ${tooBigString[1]} characters`;
  const tooSmallNum = /^Too small: expected number to be (>=?)(-?[\d.]+)$/.exec(message);
  if (tooSmallNum) return tooSmallNum[1] === '>' ? `must be more than ${tooSmallNum[2]}` : `must be at least ${tooSmallNum[2]}`;
  const tooBigNum = /^Too big: expected number to be (<=?)(-?[\d.]+)$/.exec(message);
  if (tooBigNum) return tooBigNum[1] === '<' ? `must be less than ${tooBigNum[2]}` : `must be at most ${tooBigNum[2]}`;
  if (/^Invalid input: expected \w+, received undefined$/.test(message)) return 'is required';
  if (/^Invalid input: expected number, received \w+$/.test(message)) return 'must be a number';
  const tooFewItems = /^Too small: expected array to have >=(\d+) items?$/.exec(message);
  if (tooFewItems) return tooFewItems[1] === '1' ? 'choose at least one' : `choose at least ${tooFewItems[1]}`;
  if (/^Invalid option: expected one of/.test(message)) return 'is not one of the choices';
  return message;
}
