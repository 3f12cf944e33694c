import * as z from 'zod/mini';

/**
 * The input EventBridge Scheduler sends (set in infra/cdk; the local runtime sends the same). Kept
 * apart from scheduled-handler.ts so the CDK and tests can read it without the job-run store.
 */
export const ScheduleInput = z.object({
  schedule: z.string(),
  scheduledTime: z.string(),
});
export type ScheduleInput = z.infer<typeof ScheduleInput>;
