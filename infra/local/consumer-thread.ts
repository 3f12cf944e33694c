import { Worker } from 'node:worker_threads';

/** What the consumer thread starts from (its environment is the gateway's `process.env`). */
export interface ConsumerThreadData {
  root: string;
  stage: string;
  region: string;
  sqsEndpoint: string;
  /** Each consumer's queue URL, by consumer name. */
  queueUrls: Record<string, string>;
  retryBaseMs: number;
}

export type ToConsumerThread = { type: 'schedule'; id: number; name: string; scheduledTime: string } | { type: 'stop' };

export type FromConsumerThread =
  | { type: 'ready' }
  | { type: 'log'; line: string }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: { name: string; message: string } };

export interface ConsumerThread {
  /** Runs a scheduled function (not a per-user one) in the thread, answering its result. */
  runSchedule(name: string, scheduledTime: Date): Promise<unknown>;
  /** Stops the pollers, waiting for the batches in flight, and ends the thread. */
  stop(): Promise<void>;
}

/**
 * Starts the queue consumers and scheduled functions in a worker thread (`consumer-thread-main.ts`)
 * and answers once its pollers run. A thread that dies (an error nothing caught) is logged and
 * started again, as Lambda replaces a crashed container: the batches it held come back when their
 * visibility timeout ends, and its schedule calls in flight fail.
 */
export async function startConsumerThread(data: ConsumerThreadData, log: (line: string) => void): Promise<ConsumerThread> {
  const calls = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  let stopping = false;

  const ended = new WeakMap<Worker, Promise<void>>();
  const spawn = () =>
    new Promise<Worker>((ready, fail) => {
      const worker = new Worker(new URL('./consumer-thread-main.ts', import.meta.url), { workerData: data, name: 'mosaic-consumers' });
      ended.set(worker, new Promise<void>((r) => worker.once('exit', () => r())));
      let started = false;
      worker.on('message', (message: FromConsumerThread) => {
        if (message.type === 'ready') {
          started = true;
          ready(worker);
        } else if (message.type === 'log') log(message.line);
        else if (message.type === 'result') {
          const call = calls.get(message.id);
          calls.delete(message.id);
          if (message.ok) call?.resolve(message.value);
          else call?.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
        }
      });
      let failure: Error | undefined;
      worker.on('error', (error) => (failure = error));
      worker.on('exit', (code) => {
        for (const call of calls.values()) call.reject(new Error(`The consumer thread ended (${failure?.message ?? `exit code ${code}`})`));
        calls.clear();
        if (!started) return fail(failure ?? new Error(`The consumer thread ended before it was ready (exit code ${code})`));
        if (stopping) return;
        log(`[queue] the consumer thread failed (${failure?.message ?? `exit code ${code}`}); starting it again`);
        current = spawn();
        current.catch((error: Error) => log(`[queue] the consumer thread could not start again: ${error.message}`));
      });
    });

  let current = spawn();
  await current;
  return {
    async runSchedule(name, scheduledTime) {
      const worker = await current;
      const id = nextId++;
      const answer = new Promise<unknown>((resolve, reject) => calls.set(id, { resolve, reject }));
      worker.postMessage({ type: 'schedule', id, name, scheduledTime: scheduledTime.toISOString() } satisfies ToConsumerThread);
      return answer;
    },
    async stop() {
      stopping = true;
      const worker = await current.catch(() => undefined);
      if (!worker) return;
      worker.postMessage({ type: 'stop' } satisfies ToConsumerThread);
      await ended.get(worker);
    },
  };
}
