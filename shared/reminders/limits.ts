/** Reminder and Web Push limits, declared once (the schemas and the run enforce them; the web app may read them). */

/** Most push subscriptions (browsers, devices) one user may register. */
export const MAX_PUSH_SUBSCRIPTIONS_PER_USER = 10;
/** Longest push endpoint URL accepted. */
export const MAX_PUSH_ENDPOINT_LENGTH = 1024;

/** A reminder handled later than this after its time is not sent (the schedule was stopped): it moves on to the next day. */
export const LATE_MS = 2 * 3600_000;
/** Days of the due index each run reads back (a slot left older than this waits for its activity's next save). */
export const LOOKBACK_DAYS = 7;
/** Web Push messages of one reminder sent at once (one per subscription, at most MAX_PUSH_SUBSCRIPTIONS_PER_USER). */
export const PUSHES_IN_FLIGHT = 4;
