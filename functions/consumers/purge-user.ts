import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { logger } from '../../shared/kit/observability.ts';
import { purgeUserPartition } from '../../shared/users/profile-repository.ts';

export const handler = queueConsumer(async (event) => {
  const deleted = await purgeUserPartition(event.detail.userId);
  logger.info('user.purged', { deleted });
});
