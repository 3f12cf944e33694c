/**
 * Job runs (seed 004's JobTracker, rebuilt): every batch a queue consumer handles and every
 * scheduled function run is recorded — start, end, outcome, counts, error — so admins can list
 * and filter them, and re-drive a failed run (its failed messages go back to the consumer's queue).
 */
export type JobRunOutcome = 'succeeded' | 'partial' | 'failed';

export interface FailedMessage {
  messageId: string;
  /** The message body as received (cut at MAX_KEPT_BODY characters; then `truncated`). */
  body: string;
  truncated?: boolean;
  error: string;
}

export interface JobRun {
  /** Opaque id (it names the stored record). */
  id: string;
  /** The consumer or schedule name. */
  job: string;
  kind: 'consumer' | 'schedule';
  startedAt: string;
  endedAt: string;
  durationMs: number;
  outcome: JobRunOutcome;
  counts: { received: number; succeeded: number; failed: number };
  /** The first error, when any. */
  error?: string;
  /** Failed messages of a consumer run, for re-driving (at most MAX_KEPT_FAILURES). */
  failedMessages?: FailedMessage[];
  /** Set when an admin re-drove this run. */
  redrivenAt?: string;
}

export const MAX_KEPT_FAILURES = 10;
export const MAX_KEPT_BODY = 8_000;
/** Days a job run is kept (DynamoDB TTL). */
export const JOB_RUN_RETENTION_DAYS = 30;

/** The outcome of a batch from its counts. */
export function outcomeOf(counts: JobRun['counts']): JobRunOutcome {
  if (counts.failed === 0) return 'succeeded';
  return counts.succeeded === 0 ? 'failed' : 'partial';
}

/** A failed message as kept in its run: the body cut to size, the error's message only. */
export function keptFailure(messageId: string, body: string, error: unknown): FailedMessage {
  const message = error instanceof Error ? error.message : String(error);
  return {
    messageId,
    body: body.slice(0, MAX_KEPT_BODY),
    ...(body.length > MAX_KEPT_BODY ? { truncated: true } : {}),
    error: message.slice(0, 500),
  };
}
