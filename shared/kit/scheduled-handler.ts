import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { putJobRun, runId } from '../operations/job-run-repository.ts';
import { logger, withInvocation } from './observability.ts';
import { ScheduleInput } from './schedule-input.ts';
// Worded problems in the error a malformed input fails with.
import './zod-messages.ts';


/** Wraps a scheduled job: validates the input, logs the job's summary, emits metrics. */
export function scheduledHandler<S extends Record<string, unknown>>(fn: (input: ScheduleInput) => Promise<S>) {
  return (event: unknown, context: Context): Promise<S> =>
    withInvocation(context, async () => {
      const input = ScheduleInput.parse(event);
      logger.appendKeys({ schedule: input.schedule });
      const startedAt = new Date();
      const record = (error?: Error) => {
        const endedAt = new Date();
        return putJobRun({
          id: runId(startedAt.toISOString(), randomUUID()),
          job: input.schedule,
          kind: 'schedule',
          startedAt: startedAt.toISOString(),
          endedAt: endedAt.toISOString(),
          durationMs: endedAt.getTime() - startedAt.getTime(),
          outcome: error ? 'failed' : 'succeeded',
          counts: { received: 1, succeeded: error ? 0 : 1, failed: error ? 1 : 0 },
          ...(error ? { error: error.message.slice(0, 500) } : {}),
        });
      };
      let summary: S;
      try {
        summary = await fn(input);
      } catch (error) {
        await record(error as Error);
        throw error;
      }
      await record();
      logger.info('schedule.completed', { scheduledTime: input.scheduledTime, ...summary });
      return summary;
    });
}
