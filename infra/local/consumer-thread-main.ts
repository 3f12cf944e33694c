/**
 * The entry of the local runtime's consumer thread (started by `consumer-thread.ts`): the queue
 * pollers, the consumer functions they invoke and the scheduled functions, in their own thread
 * with their own module state, as each is its own Lambda in the cloud — so a burst of queue work
 * no longer queues the gateway's requests behind it on one event loop. Its environment is the
 * gateway's (`process.env` as `functionEnvironment` set it, copied when the thread starts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { withoutCallLogging } from '../../shared/aws/lean-client.ts';
import { names } from '../naming.ts';
import { consumers, schedules } from '../routes/index.ts';
import { isPerUser } from '../routes/types.ts';
import { lambdaContexts, withTimeout } from './lambda-context.ts';
import { loadHandler, type AnyHandler } from './load-handler.ts';
import { startPoller } from './queue-pollers.ts';
import { CONSUMER_THREAD_NICENESS, lowerThisThreadPriority } from './thread-priority.ts';
import type { ConsumerThreadData, FromConsumerThread, ToConsumerThread } from './consumer-thread.ts';

const data = workerData as ConsumerThreadData;
// Requests before background work, as a busy laptop's user would want: on a contended CPU the
// gateway's thread is served first, and the consumers catch up once requests pause (each is its
// own Lambda in the cloud, where nothing is shared). docs/local-runtime.md, "Requests first".
lowerThisThreadPriority(CONSUMER_THREAD_NICENESS);
const port = parentPort!;
const post = (message: FromConsumerThread) => port.postMessage(message);
const log = (line: string) => post({ type: 'log', line });
const n = names(data.stage);

const sqs = withoutCallLogging(new SQSClient({ region: data.region, endpoint: data.sqsEndpoint }));

const scheduleHandlers = new Map<string, { handler: AnyHandler; timeoutSeconds: number; context: () => Context }>();
for (const [name, s] of Object.entries(schedules)) {
  if (isPerUser(s)) continue;
  scheduleHandlers.set(name, {
    handler: await loadHandler(data.root, s.handler),
    timeoutSeconds: s.timeoutSeconds,
    context: lambdaContexts(n.function(name), s.timeoutSeconds, s.memoryMb),
  });
}

const pollers: Array<{ stop(): Promise<void> }> = [];
for (const [name, consumer] of Object.entries(consumers)) {
  const queueUrl = data.queueUrls[name]!;
  const handler = await loadHandler(data.root, consumer.handler);
  const context = lambdaContexts(n.function(name), consumer.timeoutSeconds, consumer.memoryMb);
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  // As many pollers as the table allows batches at once (Lambda's event source concurrency).
  for (let k = 0; k < (consumer.maxConcurrency ?? 1); k++) {
    pollers.push(
      startPoller({
        name,
        consumer,
        queueUrl,
        queueArn,
        region: data.region,
        sqs,
        retryBaseMs: data.retryBaseMs,
        invoke: (event: SQSEvent) => withTimeout(consumer.timeoutSeconds, () => handler(event, context()) as Promise<SQSBatchResponse>),
        onBatch: ({ consumer: c, received, failed, error }) => {
          if (failed || error) log(`[queue] ${c}: ${received} received, ${failed} failed${error ? ` (${error.message})` : ''}`);
        },
      }),
    );
  }
}

let stopping = false;
port.on('message', (message: ToConsumerThread) => {
  if (message.type === 'schedule') {
    const fn = scheduleHandlers.get(message.name);
    const run = fn
      ? withTimeout(fn.timeoutSeconds, () => fn.handler({ schedule: message.name, scheduledTime: message.scheduledTime }, fn.context()))
      : Promise.reject(new Error(`No scheduled function named ${message.name}`));
    run.then(
      (value) => post({ type: 'result', id: message.id, ok: true, value }),
      (error: Error) => post({ type: 'result', id: message.id, ok: false, error: { name: error.name, message: error.message } }),
    );
  } else if (message.type === 'stop' && !stopping) {
    stopping = true;
    // Each poller's stop waits for its batch in flight; then the thread ends (its exit handlers run).
    void Promise.all(pollers.map((p) => p.stop())).finally(() => process.exit(0));
  }
});
post({ type: 'ready' });
