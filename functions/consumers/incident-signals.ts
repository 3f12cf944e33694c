import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SignalBatch } from '../../shared/incidents/model.ts';
import { batchedSignalDeps, signalDeps } from '../../shared/incidents/signal-deps.ts';
import { processBatch } from '../../shared/incidents/signals.ts';
import { metrics } from '../../shared/kit/observability.ts';
import { jobBatchConsumer } from '../../shared/kit/queue-consumer.ts';

const base = signalDeps();

// The batch's reads happen at once up front and its signal records, bus events and hook counts
// leave together after it; deliveries of different projects run at once (conditional writes).
export const handler = jobBatchConsumer(SignalBatch, {
  open: async (batches) => {
    const batched = batchedSignalDeps(base);
    await batched.prepare(batches);
    return batched;
  },
  each: async (batched, batch) => {
    await batched.run(batch, (deps, b) => processBatch(deps, b).then(() => undefined));
    metrics.addMetric('signalsReceived', MetricUnit.Count, batch.signals.length);
  },
  close: (batched) => batched.flush(),
}, { parallel: true });
