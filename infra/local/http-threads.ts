import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** What an HTTP function thread starts from (its environment is the gateway's `process.env`). */
export interface HttpThreadData {
  root: string;
  stage: string;
  /** Caps every API function's timeout (seconds), as the runtime's option does. */
  httpTimeoutCapSeconds?: number;
}

export interface ToHttpThread {
  id: number;
  route: string;
  event: APIGatewayProxyEventV2;
}

export type FromHttpThread =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: true; result: APIGatewayProxyStructuredResultV2 }
  | { type: 'result'; id: number; ok: false; error: { name: string; message: string; stack?: string } };

export interface HttpThreads {
  /** Runs a route's function on the thread with the fewest invocations in flight. */
  invoke(route: string, event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2>;
  stop(): Promise<void>;
}

/** Threads the runtime runs HTTP functions on by default: one per core beyond the gateway's, at most 4. */
export const DEFAULT_HTTP_THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));

/**
 * A pool of worker threads (`http-thread-main.ts`) that run the HTTP routes' functions; answers
 * once every thread has loaded the handlers. A thread that dies is replaced; the invocations it
 * held fail (the gateway answers 500, as for a crashed Lambda).
 */
export async function startHttpThreads(count: number, data: HttpThreadData, log: (line: string) => void): Promise<HttpThreads> {
  let nextId = 0;
  let stopping = false;
  type Slot = { worker: Worker; ready: Promise<void>; calls: Map<number, { resolve(r: APIGatewayProxyStructuredResultV2): void; reject(e: Error): void }> };
  const slots: Slot[] = [];
  const spawn = (index: number) => {
    const worker = new Worker(new URL('./http-thread-main.ts', import.meta.url), { workerData: data, name: `mosaic-http-${index}` });
    let ready!: () => void;
    let failed!: (error: Error) => void;
    const slot: Slot = { worker, calls: new Map(), ready: new Promise<void>((r, f) => ((ready = r), (failed = f))) };
    let started = false;
    worker.on('message', (message: FromHttpThread) => {
      if (message.type === 'ready') {
        started = true;
        return ready();
      }
      const call = slot.calls.get(message.id);
      slot.calls.delete(message.id);
      if (message.ok) call?.resolve(message.result);
      else call?.reject(Object.assign(new Error(message.error.message), { name: message.error.name, stack: message.error.stack }));
    });
    let failure: Error | undefined;
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => {
      for (const call of slot.calls.values()) call.reject(new Error(`The HTTP function thread ended (${failure?.message ?? `exit code ${code}`})`));
      slot.calls.clear();
      if (!started) return failed(failure ?? new Error(`An HTTP function thread ended before it was ready (exit code ${code})`));
      if (stopping) return;
      log(`[api] HTTP function thread ${index} failed (${failure?.message ?? `exit code ${code}`}); starting it again`);
      slots[index] = spawn(index);
    });
    // Idle threads do not keep the runtime alive on their own.
    worker.unref();
    return slot;
  };
  for (let i = 0; i < count; i++) slots.push(spawn(i));
  try {
    await Promise.all(slots.map((s) => s.ready));
  } catch (error) {
    stopping = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw error;
  }
  return {
    invoke(route, event) {
      let slot = slots[0]!;
      for (const s of slots) if (s.calls.size < slot.calls.size) slot = s;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        slot.calls.set(id, { resolve, reject });
        slot.worker.postMessage({ id, route, event } satisfies ToHttpThread);
      });
    },
    async stop() {
      stopping = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
