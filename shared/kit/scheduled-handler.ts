import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { logger, withInvocation } from './observability.ts';
// Worded problems in the error a malformed input fails with.
import './zod-messages.ts';

/** The input EventBridge Scheduler sends (set in infra/cdk; the local runtime sends the same). */
export const ScheduleInput = z.object({
  schedule: z.string(),
  scheduledTime: z.string(),
});
export type ScheduleInput = z.infer<typeof ScheduleInput>;

/** Wraps a scheduled job: validates the input, logs the job's summary, emits metrics. */
export function scheduledHandler<S extends Record<string, unknown>>(fn: (input: ScheduleInput) => Promise<S>) {
  return (event: unknown, context: Context): Promise<S> =>
    withInvocation(context, async () => {
      const input = ScheduleInput.parse(event);
      logger.appendKeys({ schedule: input.schedule });
      const summary = await fn(input);
      logger.info('schedule.completed', { scheduledTime: input.scheduledTime, ...summary });
      return summary;
    });
}
