import { listJobRunsRoute } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listJobRuns } from '../../shared/operations/job-run-repository.ts';

export const handler = httpHandler(listJobRunsRoute, async ({ query: { limit, cursor, ...filter } }) =>
  ok(await listJobRuns(filter, { limit, ...(cursor ? { cursor } : {}) })),
);
