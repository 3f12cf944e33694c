import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ACCOUNT_ID, QueueStore, SqsError } from './sqs-store.ts';

/**
 * The local SQS: SQS's JSON protocol (`x-amz-target: AmazonSQS.<Operation>`, what the AWS SDK
 * for JavaScript v3 speaks) over a {@link QueueStore} in the data folder, so queued and in-flight
 * messages survive Ctrl+C and `kill -9` of the runtime. It serves the operations Mosaic and its
 * local runtime use; any other answers `UnsupportedOperation`.
 */

type Input = Record<string, unknown>;
type Operation = (input: Input, request: { closed: () => boolean; signal: AbortSignal }) => unknown;

const MAX_WAIT_SECONDS = 20;
const MAX_BATCH = 10;

export interface SqsServer {
  server: Server;
  endpoint: string;
  close(): Promise<void>;
}

function str(input: Input, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') throw new SqsError('MissingParameter', `The request must contain the parameter ${field}.`);
  return value;
}

function int(input: Input, field: string, fallback: number | undefined, max: number): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new SqsError('InvalidParameterValue', `Value ${JSON.stringify(value)} for parameter ${field} is invalid: it must be an integer from 0 to ${max}.`);
  }
  return value;
}

function entries(input: Input): Input[] {
  const list = input.Entries;
  if (!Array.isArray(list) || list.length === 0) throw new SqsError('EmptyBatchRequest', 'There should be at least one entry in the request.');
  if (list.length > MAX_BATCH) throw new SqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${MAX_BATCH}.`);
  const ids = new Set(list.map((e: Input) => e.Id));
  if (ids.size !== list.length) throw new SqsError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
  return list as Input[];
}

function refuseMessageAttributes(input: Input): void {
  if (input.MessageAttributes && Object.keys(input.MessageAttributes).length > 0) {
    throw new SqsError('InvalidParameterValue', 'Message attributes are not supported by the local SQS (Mosaic does not use them).');
  }
}

/** Wakes receivers long-polling a queue when a message may have become visible. */
class Waiters {
  private readonly byQueue = new Map<string, Set<() => void>>();

  wake(queue: string): void {
    const set = this.byQueue.get(queue);
    if (!set) return;
    this.byQueue.delete(queue);
    for (const wake of set) wake();
  }

  /** Resolves after `ms`, or sooner when the queue is woken or the request goes away. */
  wait(queue: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.byQueue.get(queue)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done);
      if (!this.byQueue.has(queue)) this.byQueue.set(queue, new Set());
      this.byQueue.get(queue)!.add(done);
    });
  }
}

/**
 * Starts the local SQS on a loopback port with its state in `file`. `clock` is the time every
 * operation reads (Date.now; a test replaces it to put a long poll's wake-up at a chosen instant).
 */
export async function startSqsServer(
  file: string,
  options: { port?: number; host?: string; clock?: () => number } = {},
): Promise<SqsServer> {
  const clock = options.clock ?? Date.now;
  const store = new QueueStore(file);
  const waiters = new Waiters();
  let endpoint = '';
  const queueUrl = (name: string) => `${endpoint}/${ACCOUNT_ID}/${name}`;
  const queueName = (input: Input) => {
    const url = str(input, 'QueueUrl');
    const name = url.slice(url.lastIndexOf('/') + 1);
    if (!store.hasQueue(name)) throw new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');
    return name;
  };

  const operations: Record<string, Operation> = {
    CreateQueue: (input) => {
      const name = store.createQueue(str(input, 'QueueName'), (input.Attributes ?? {}) as Record<string, string>, clock());
      return { QueueUrl: queueUrl(name) };
    },
    GetQueueUrl: (input) => {
      const name = str(input, 'QueueName');
      if (!store.hasQueue(name)) throw new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');
      return { QueueUrl: queueUrl(name) };
    },
    ListQueues: (input) => ({ QueueUrls: store.listQueues((input.QueueNamePrefix as string | undefined) ?? '').map(queueUrl) }),
    DeleteQueue: (input) => {
      store.deleteQueue(queueName(input));
      return {};
    },
    GetQueueAttributes: (input) => {
      const all = store.attributes(queueName(input), clock());
      const wanted = (input.AttributeNames as string[] | undefined) ?? [];
      if (wanted.includes('All')) return { Attributes: all };
      return { Attributes: Object.fromEntries(wanted.filter((n) => n in all).map((n) => [n, all[n]!])) };
    },
    SetQueueAttributes: (input) => {
      const name = queueName(input);
      store.setAttributes(name, (input.Attributes ?? {}) as Record<string, string>, clock());
      waiters.wake(name);
      return {};
    },
    PurgeQueue: (input) => {
      store.purge(queueName(input));
      return {};
    },
    SendMessage: (input) => {
      const name = queueName(input);
      refuseMessageAttributes(input);
      const [sent] = store.send(name, [{ body: str(input, 'MessageBody'), delaySeconds: int(input, 'DelaySeconds', undefined, 900) }], clock());
      waiters.wake(name);
      return sent;
    },
    SendMessageBatch: (input) => {
      const name = queueName(input);
      const list = entries(input);
      list.forEach(refuseMessageAttributes);
      const sent = store.send(
        name,
        list.map((e) => ({ body: str(e, 'MessageBody'), delaySeconds: int(e, 'DelaySeconds', undefined, 900) })),
        clock(),
      );
      waiters.wake(name);
      return { Successful: sent.map((s, i) => ({ Id: list[i]!.Id, ...s })), Failed: [] };
    },
    ReceiveMessage: async (input, request) => {
      const name = queueName(input);
      const max = int(input, 'MaxNumberOfMessages', 1, MAX_BATCH)!;
      if (max < 1) throw new SqsError('InvalidParameterValue', 'MaxNumberOfMessages must be from 1 to 10.');
      const visibility = int(input, 'VisibilityTimeout', undefined, 43_200);
      const waitSeconds = int(input, 'WaitTimeSeconds', Number(store.attributes(name, clock()).ReceiveMessageWaitTimeSeconds), MAX_WAIT_SECONDS)!;
      const deadline = clock() + waitSeconds * 1000;
      for (;;) {
        // A receiver that went away gets nothing: the messages are not hidden for nobody.
        if (request.closed()) return { Messages: [] };
        // One instant for the receive and for the next visibility: with two, a timer that fires a
        // millisecond early (Node's do) missed a message visible at the second instant in the
        // receive, then found none hidden after it, and waited the whole poll out (CI run 30).
        const now = clock();
        const { messages, deadLettered } = store.receive(name, max, visibility, now);
        for (const q of deadLettered) waiters.wake(q);
        if (messages.length > 0 || now >= deadline) return { Messages: messages };
        const next = store.nextVisibleAt(name, now);
        await waiters.wait(name, Math.min(deadline, next ?? deadline) - now, request.signal);
      }
    },
    DeleteMessage: (input) => {
      store.deleteMessage(queueName(input), str(input, 'ReceiptHandle'));
      return {};
    },
    DeleteMessageBatch: (input) => {
      const name = queueName(input);
      const list = entries(input);
      store.deleteMessages(name, list.map((e) => str(e, 'ReceiptHandle')));
      return { Successful: list.map((e) => ({ Id: e.Id })), Failed: [] };
    },
    ChangeMessageVisibility: (input) => {
      const name = queueName(input);
      store.changeVisibility(name, str(input, 'ReceiptHandle'), int(input, 'VisibilityTimeout', undefined, 43_200) ?? 0, clock());
      waiters.wake(name);
      return {};
    },
    ChangeMessageVisibilityBatch: (input) => {
      const name = queueName(input);
      const successful: Input[] = [];
      const failed: Input[] = [];
      for (const e of entries(input)) {
        try {
          store.changeVisibility(name, str(e, 'ReceiptHandle'), int(e, 'VisibilityTimeout', undefined, 43_200) ?? 0, clock());
          successful.push({ Id: e.Id });
        } catch (error) {
          const err = error as SqsError;
          failed.push({ Id: e.Id, Code: err.code ?? 'InternalError', Message: err.message, SenderFault: true });
        }
      }
      waiters.wake(name);
      return { Successful: successful, Failed: failed };
    },
  };

  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...headers,
    });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = req.headers['x-amz-target'];
    const operation = typeof target === 'string' && target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : undefined;
    const abort = new AbortController();
    let closed = false;
    res.once('close', () => {
      closed = !res.writableFinished;
      abort.abort();
    });
    try {
      // Not an SQS operation: the local runtime's view of every queue at one instant (`/_local/queues`).
      if (req.method === 'GET' && req.url === '/_local/depths') return answer(res, 200, store.depths(clock()));
      if (req.method !== 'POST' || !operation) {
        throw new SqsError('InvalidAction', 'The local SQS speaks the JSON protocol only (POST with x-amz-target: AmazonSQS.<Operation>).');
      }
      const run = operations[operation];
      if (!run) throw new SqsError('UnsupportedOperation', `The local SQS does not implement ${operation}.`);
      const text = Buffer.concat(chunks).toString('utf8');
      const input = (text ? JSON.parse(text) : {}) as Input;
      answer(res, 200, await run(input, { closed: () => closed, signal: abort.signal }));
    } catch (error) {
      const e = error instanceof SqsError ? error : new SqsError('InternalError', (error as Error).message, 500);
      answer(res, e.status, { __type: `com.amazonaws.sqs#${e.code}`, message: e.message }, { 'x-amzn-query-error': `${e.code};Sender` });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  // The pollers keep their connections between long polls.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  endpoint = `http://127.0.0.1:${port}`;
  // Retention: messages older than their queue's retention period go, as in SQS.
  const expiry = setInterval(() => store.expire(clock()), 60_000);
  expiry.unref();

  return {
    server,
    endpoint,
    async close() {
      clearInterval(expiry);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
