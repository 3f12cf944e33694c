/** Web Push limits, declared once (the schemas enforce them; the web app may read them). */

/** Most push subscriptions (browsers, devices) one user may register. */
export const MAX_PUSH_SUBSCRIPTIONS_PER_USER = 10;
/** Longest push endpoint URL accepted. */
export const MAX_PUSH_ENDPOINT_LENGTH = 1024;
