import { redriveJobRunRoute } from '../../infra/routes/operations.ts';
import { audit } from '../../shared/audit/audit-writer.ts';
import { NotFoundError } from '../../shared/kit/errors.ts';
import { ok } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { getJobRun, markRedriven } from '../../shared/operations/job-run-repository.ts';
import { redriveRun } from '../../shared/operations/queues.ts';

export const handler = idempotentHttpHandler(redriveJobRunRoute, async ({ params, user }) => {
  const run = await getJobRun(params.id);
  if (!run) throw new NotFoundError('The job run');
  const redriven = await redriveRun(run, audit, user.id);
  await markRedriven(run.id, new Date().toISOString());
  return ok({ redriven });
});
