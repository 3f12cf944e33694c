/**
 * The tracking area's limits, declared once and free of zod: the input schemas enforce them and
 * the web app's forms import them (maxLength, caps) without bundling any schema.
 */

/** Most activities one user may keep (archived ones included). */
export const MAX_ACTIVITIES_PER_USER = 200;
/** Most goals one user may keep. */
export const MAX_GOALS_PER_USER = 100;
/** Most activities one goal may be fed by. */
export const MAX_LINKS_PER_GOAL = 20;

/** Most reminder times one activity may have (`reminders`, local HH:MM). */
export const MAX_REMINDERS_PER_ACTIVITY = 3;

/** Longest text of each field, in characters after trimming. */
export const TEXT_LIMITS = {
  name: 80,
  description: 500,
  category: 40,
  unit: 20,
  note: 1000,
} as const;

/** The longest interval cadence: once a year (every 366 days at most). */
export const MAX_INTERVAL_DAYS = 366;

/** The ISO week's days, Monday first, as the API names them. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
