import type { Context, SQSEvent } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { processBatch } from '../../shared/incidents/signals.ts';
import { batchedSignalDeps, signalDeps } from '../../shared/incidents/signal-deps.ts';
import { SignalBatch } from '../../shared/incidents/model.ts';
import { metrics } from '../../shared/kit/observability.ts';
import { jobConsumer } from '../../shared/kit/queue-consumer.ts';

const base = signalDeps();

// The batch's reads happen at once up front and its signal records, bus events and hook counts
// leave together after it; deliveries of different projects run at once (conditional writes).
export const handler = async (event: SQSEvent, context: Context) => {
  const batched = batchedSignalDeps(base);
  const parsed = event.Records.map((r) => { try { return SignalBatch.safeParse(JSON.parse(r.body)); } catch { return undefined; } });
  await batched.prepare(parsed.flatMap((p) => (p?.success ? [p.data] : [])));
  const consume = jobConsumer(SignalBatch, async (batch) => {
    await batched.run(batch, (deps, b) => processBatch(deps, b).then(() => undefined));
    metrics.addMetric('signalsReceived', MetricUnit.Count, batch.signals.length);
  }, { parallel: true });
  const result = await consume(event, context);
  await batched.flush();
  return result;
};
