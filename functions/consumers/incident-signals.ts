import { processBatch } from '../../shared/incidents/signals.ts';
import { signalDeps } from '../../shared/incidents/signal-deps.ts';
import { SignalBatch } from '../../shared/incidents/model.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../../shared/kit/observability.ts';
import { jobConsumer } from '../../shared/kit/queue-consumer.ts';

const deps = signalDeps();

// Batches are independent deliveries and correlation's writes are conditional: all at once.
export const handler = jobConsumer(
  SignalBatch,
  async (batch) => {
    await processBatch(deps, batch);
    metrics.addMetric('signalsReceived', MetricUnit.Count, batch.signals.length);
  },
  { parallel: true },
);
