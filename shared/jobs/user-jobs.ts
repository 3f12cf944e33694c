import * as z from 'zod/mini';
import type { Page } from '../kit/schemas.ts';

/**
 * Per-user jobs (finalize, risk scan, nudges, and later polls, reminders and backups): a schedule
 * sends one `UserPageMessage`; the user-pages consumer sends one `UserJobMessage` per user of a
 * page to the job's queue, then the next page's message; the job's consumer works on one user.
 * No Lambda walks every user, and a slow or failing user is retried alone.
 */

/** The fan-out consumer's name, and so its queue's (the route table names it after this). */
export const USER_PAGES_QUEUE = 'user-pages';

/** Users per page message: 10 SendMessageBatch calls. */
export const USERS_PER_PAGE = 100;

const NonEmpty = z.string().check(z.minLength(1));

/** What a per-user schedule sends, and what the fan-out sends itself for the next page. */
export const UserPageMessage = z.object({
  /** The job queue (consumer name) that works on one user. */
  job: NonEmpty,
  /** When the schedule fired (ISO 8601): one run of the job. */
  scheduledTime: NonEmpty,
  cursor: z.optional(z.string()),
});
export type UserPageMessage = z.infer<typeof UserPageMessage>;

/** One user's share of one run of a job. */
export const UserJobMessage = z.object({
  job: NonEmpty,
  userId: NonEmpty,
  scheduledTime: NonEmpty,
  /** Sent by hand (an admin's "sync now") rather than by the schedule's fan-out. */
  manual: z.optional(z.boolean()),
});
export type UserJobMessage = z.infer<typeof UserJobMessage>;

export interface UserPagesDeps {
  /** A page of user ids, oldest account first. */
  users(page: { limit: number; cursor?: string }): Promise<Page<string>>;
  /** Sends messages to a job queue (the fan-out's own queue included). */
  send(queue: string, messages: unknown[]): Promise<void>;
  /**
   * Records that a page of a run was taken up; false when it already was. A page is claimed by
   * its first delivery, so a duplicate delivery of an already-handled page is dropped instead of
   * repeating every page after it.
   */
  claimPage(job: string, scheduledTime: string, cursor: string | undefined): Promise<boolean>;
}

/**
 * Handles one page message: one message per user of the page to the job's queue, then the next
 * page's message. A retry of a page that failed midway sends it all again (the per-user jobs are
 * idempotent); a second copy of a page message that was already taken up does nothing.
 */
export async function fanOutUserPage(
  deps: UserPagesDeps,
  fanOutQueue: string,
  message: UserPageMessage,
  delivery: { receiveCount: number },
): Promise<{ users: number; more: boolean; skipped: boolean }> {
  const claimed = await deps.claimPage(message.job, message.scheduledTime, message.cursor);
  if (!claimed && delivery.receiveCount <= 1) return { users: 0, more: false, skipped: true };
  const page = await deps.users({ limit: USERS_PER_PAGE, cursor: message.cursor });
  await deps.send(
    message.job,
    page.items.map((userId): UserJobMessage => ({ job: message.job, userId, scheduledTime: message.scheduledTime })),
  );
  if (page.nextCursor) {
    const next: UserPageMessage = { ...message, cursor: page.nextCursor };
    await deps.send(fanOutQueue, [next]);
  }
  return { users: page.items.length, more: page.nextCursor !== undefined, skipped: false };
}
