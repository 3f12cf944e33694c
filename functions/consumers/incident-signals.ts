import type { Context, SQSEvent } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { processBatch } from '../../shared/incidents/signals.ts';
import { batchedSignalDeps, signalDeps } from '../../shared/incidents/signal-deps.ts';
import { SignalBatch } from '../../shared/incidents/model.ts';
import { metrics } from '../../shared/kit/observability.ts';
import { jobConsumer } from '../../shared/kit/queue-consumer.ts';

const base = signalDeps();

// Deliveries are independent and correlation's writes are conditional: all at once; their bus
// events and hook counts leave together after the batch (one PutEvents per 10, one count per hook).
export const handler = async (event: SQSEvent, context: Context) => {
  const batched = batchedSignalDeps(base);
  const consume = jobConsumer(SignalBatch, async (batch) => {
    await processBatch(batched.deps, batch);
    metrics.addMetric('signalsReceived', MetricUnit.Count, batch.signals.length);
  }, { parallel: true });
  const result = await consume(event, context);
  await batched.flush();
  return result;
};
