import { restoreAllBackupsRoute } from '../../infra/routes/operations.ts';
import { audit } from '../../shared/audit/audit-writer.ts';
import { sendMessages } from '../../shared/aws/sqs.ts';
import { queueUrl } from '../../shared/config.ts';
import { USER_PAGES_QUEUE, type UserPageMessage } from '../../shared/jobs/user-jobs.ts';
import { accepted } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';

// The run's time is the fan-out's run key: the same `at` twice fans out once.
export const handler = idempotentHttpHandler(restoreAllBackupsRoute, async ({ body }) => {
  const at = body.at ?? new Date().toISOString();
  await sendMessages(queueUrl(USER_PAGES_QUEUE), [{ job: 'restore-user', scheduledTime: at } satisfies UserPageMessage]);
  await audit({ kind: 'backup.restore_all', detail: { at } });
  return accepted({ at, job: 'restore-user' as const });
});
