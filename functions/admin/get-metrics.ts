import { getMetricsRoute } from '../../infra/routes/operations.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { metricsSource } from '../../shared/operations/telemetry-sources.ts';
import { timeRange } from '../../shared/operations/time-range.ts';

const source = metricsSource();

export const handler = httpHandler(getMetricsRoute, async ({ query }) =>
  ok(await source.query({ ...timeRange(query, 3_600_000, query.period), periodSeconds: query.period, ...(query.service ? { service: query.service } : {}) })),
);
