/**
 * What every area relies on and no area owns: the fallback route (anything no route matches) and
 * the fan-out of per-user jobs.
 */
import { route } from '../../shared/contract/routes.ts';
import { USER_PAGES_QUEUE } from '../../shared/jobs/user-jobs.ts';
import type { ConsumerDef, FunctionSchedule, RouteDeployment } from './types.ts';

/** The fallback's name: the function API Gateway's `$default` route and the local runtime call. */
export const FALLBACK_NAME = 'not-routed';

export const fallbackContract = route(FALLBACK_NAME, { method: 'ANY', path: '$default', auth: 'public' });

export const fallbackDeployment: RouteDeployment = {
  handler: 'functions/fallback/not-routed.ts',
  resources: {},
  summary: 'Anything no route matches: 404, or 405 when the path exists under another method',
  tag: 'fallback',
};

/** The consumer that pages through users for every per-user schedule (see `PerUserSchedule`). */
export const USER_PAGES = USER_PAGES_QUEUE;

export const platformConsumers = {
  [USER_PAGES]: {
    handler: 'functions/jobs/user-pages.ts',
    // `queues` is completed by compose(): every per-user job's queue.
    resources: { table: 'write', queues: [] },
    batchSize: 1,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    timeoutSeconds: 60,
    memoryMb: 256,
    description: 'Sends one message per user of a page to a per-user job queue, then queues the next page',
  },
} satisfies Record<string, ConsumerDef>;

/** The sweeper of pending marks: its name, as the local `/_local/schedules/<name>` endpoint knows it. */
export const SWEEP_PENDING = 'sweep-pending';

/** Schedules every area relies on. */
export const platformSchedules = {
  [SWEEP_PENDING]: {
    expression: 'rate(5 minutes)',
    handler: 'functions/jobs/sweep-pending.ts',
    // `publishes` is every event type a pending mark may hold: the sweeper re-publishes those only.
    resources: {
      table: 'write',
      publishes: ['entry.logged', 'entry.deleted', 'activity.changed', 'activity.deleted', 'goal.changed'],
    },
    timeoutSeconds: 120,
    memoryMb: 256,
    description:
      'Re-publishes the events of pending marks older than a few minutes (writes whose derived data was not applied yet), a bounded batch per run',
  },
} satisfies Record<string, FunctionSchedule>;
