import { processBatch } from '../../shared/incidents/signals.ts';
import { signalDeps } from '../../shared/incidents/signal-deps.ts';
import { SignalBatch } from '../../shared/incidents/model.ts';
import { jobConsumer } from '../../shared/kit/queue-consumer.ts';

const deps = signalDeps();

// Batches are independent deliveries and correlation's writes are conditional: all at once.
export const handler = jobConsumer(
  SignalBatch,
  async (batch) => {
    await processBatch(deps, batch);
  },
  { parallel: true },
);
