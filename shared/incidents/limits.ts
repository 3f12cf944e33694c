import { BUCKETS } from '../contract/buckets.ts';

/**
 * The incidents area's caps and windows, declared once (routes, domain, docs and tests read them).
 */

/** Projects one user may own. */
export const MAX_OWNED_PROJECTS = 20;
/** Members of one project (the owner included). */
export const MAX_MEMBERS = 50;
/** Hooks (one per source and sender) of one project. */
export const MAX_HOOKS = 20;
/** Outgoing webhooks of one project. */
export const MAX_OUTGOING = 5;
/** Connections of one project. */
export const MAX_CONNECTIONS = 20;

/** Largest webhook body (Sentry event alerts with stack traces are the biggest senders). */
export const HOOK_BODY_BYTES = 256 * 1024;
/**
 * A delivery's raw payload up to this size travels inline in its queue message (the consumer
 * keeps it, several per S3 object); a larger one is put in S3 by the webhook first.
 */
export const RAW_INLINE_BYTES = 32 * 1024;
/** Signals one delivery may carry (Alertmanager groups): more are cut, with a warning signal. */
export const MAX_SIGNALS_PER_DELIVERY = 100;

/** Distinct fingerprints one incident tracks by name; later ones are counted only. */
export const MAX_MEMBERS_PER_INCIDENT = 100;

/**
 * Alertmanager-like grouping: a signal whose fingerprint has no open incident joins the open
 * incident of its group (its service, or its merged group) if that incident took a signal in the
 * last `GROUP_INTERVAL_MS`; the project's group wait (`groupWaitSeconds`) is how long a new incident waits before its first
 * outgoing notification, so signals arriving together are announced together.
 */
export const DEFAULT_GROUP_WAIT_SECONDS = 30;
export const MAX_GROUP_WAIT_SECONDS = 900;
export const GROUP_INTERVAL_MS = 5 * 60_000;

/** Escalation by rate and count: one severity level up at each threshold reached. */
export const ESCALATE_COUNT = 10;
export const ESCALATE_RATE_PER_MINUTE = 5;

/** Raw payloads (S3) and signal records are kept this long. */
export const RAW_RETENTION_DAYS = BUCKETS.signals.expireAfterDays;
/** Delivery ids are remembered this long for duplicate detection. */
export const DELIVERY_MEMORY_DAYS = 7;

export const TEXT_LIMITS = {
  projectName: 80,
  description: 500,
  comment: 2000,
  title: 300,
  message: 4000,
} as const;
