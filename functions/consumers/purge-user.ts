import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { logger } from '../../shared/kit/observability.ts';
import { purgeUserPartition } from '../../shared/users/profile-repository.ts';

/** Passes over the partition: a roll-up written by an in-flight event is caught by a later pass. */
const PASSES = 5;
const SETTLE_MS = 1000;

export const handler = queueConsumer(async (event) => {
  let deleted = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    const n = await purgeUserPartition(event.detail.userId);
    deleted += n;
    if (n === 0 && pass > 0) break;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
  }
  logger.info('user.purged', { deleted });
});
