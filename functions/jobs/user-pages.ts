import { sendMessages } from '../../shared/aws/sqs.ts';
import { queueUrl } from '../../shared/config.ts';
import { audiencePage, JOB_AUDIENCES } from '../../shared/jobs/audiences.ts';
import { claimJobPage } from '../../shared/jobs/job-page-repository.ts';
import { fanOutUserPage, USER_PAGES_QUEUE, UserPageMessage } from '../../shared/jobs/user-jobs.ts';
import { jobConsumer } from '../../shared/kit/queue-consumer.ts';
import { logger } from '../../shared/kit/observability.ts';
import { dynamoProfiles } from '../../shared/users/profile-repository.ts';

export const handler = jobConsumer(UserPageMessage, async (message, delivery) => {
  const result = await fanOutUserPage(
    {
      users: async (page) => {
        const audience = JOB_AUDIENCES[message.job];
        if (audience) return audiencePage(audience, page);
        const profiles = await dynamoProfiles.list(page);
        return { items: profiles.items.map((p) => p.id), nextCursor: profiles.nextCursor };
      },
      send: (queue, messages) => sendMessages(queueUrl(queue), messages),
      claimPage: (job, scheduledTime, cursor) => claimJobPage(job, scheduledTime, cursor),
    },
    USER_PAGES_QUEUE,
    message,
    delivery,
  );
  logger.info('job.page.completed', { job: message.job, ...result });
});
