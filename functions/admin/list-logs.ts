import { listLogsRoute } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { logSource } from '../../shared/operations/telemetry-sources.ts';
import { timeRange } from '../../shared/operations/time-range.ts';

const source = logSource();

export const handler = httpHandler(listLogsRoute, async ({ query: { from, to, ...filter } }) =>
  ok({ items: await source.query({ ...timeRange({ from, to }, 15 * 60_000), ...filter }) }),
);
