import { accountEvents } from '../../shared/events/account.ts';
import { logger } from '../../shared/kit/observability.ts';
import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { purgeAccount } from '../../shared/users/profile-repository.ts';

export const handler = queueConsumer(accountEvents, async (event) => {
  logger.info('user.purged', { deleted: await purgeAccount(event.detail.userId) });
});
