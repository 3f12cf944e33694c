import { platformSchedules, SWEEP_PENDING } from '../../infra/routes/platform.ts';
import { config } from '../../shared/config.ts';
import { dynamoPendingStore } from '../../shared/db/pending-store.ts';
import type { DomainEvent } from '../../shared/events/catalog.ts';
import { busPublisher } from '../../shared/events/bus-publisher.ts';
import { sweepPending } from '../../shared/jobs/sweep-pending.ts';
import { logger } from '../../shared/kit/observability.ts';
import { scheduledHandler } from '../../shared/kit/scheduled-handler.ts';

export const handler = scheduledHandler(async () => {
  const summary = await sweepPending(
    {
      pending: dynamoPendingStore,
      // The marks hold domain events as their writes built them.
      publish: (events) => busPublisher.publish(events as DomainEvent[]),
      now: () => new Date(),
    },
    {
      publishable: platformSchedules[SWEEP_PENDING].resources.publishes,
      graceMs: config.PENDING_GRACE_SECONDS === undefined ? undefined : config.PENDING_GRACE_SECONDS * 1000,
    },
  );
  if (summary.unroutable) logger.error('pending.unroutable', { marks: summary.unroutable });
  return { ...summary };
});
