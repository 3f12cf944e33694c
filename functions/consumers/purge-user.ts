import { accountEvents } from '../../shared/events/account.ts';
import { logger } from '../../shared/kit/observability.ts';
import { queueConsumer } from '../../shared/kit/queue-consumer.ts';
import { purgeAccountData } from '../../shared/users/account-purge.ts';
import { accountPurgeSteps } from '../../shared/users/account-purge-deps.ts';

export const handler = queueConsumer(accountEvents, async (event) => {
  logger.info('user.purged', { deleted: await purgeAccountData(accountPurgeSteps, event.detail.userId) });
});
