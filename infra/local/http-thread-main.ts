/**
 * The entry of one of the local runtime's HTTP function threads (started by `http-threads.ts`):
 * it loads every route's handler before it says it is ready (as Lambda's init is not counted in
 * the invocation's timeout, a first request must not pay for its module's import), then answers
 * each event with the handler's result. Fairness lanes and timeouts stay in the gateway.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { names } from '../naming.ts';
import { fallbackRoute, routeList } from '../routes/index.ts';
import { lambdaContexts } from './lambda-context.ts';
import { loadHandler, type AnyHandler } from './load-handler.ts';
import type { FromHttpThread, HttpThreadData, ToHttpThread } from './http-threads.ts';

const data = workerData as HttpThreadData;
const port = parentPort!;
const n = names(data.stage);
const routes = new Map([...routeList, fallbackRoute].map((r) => [r.name, r]));
const functions = new Map<string, Promise<{ handler: AnyHandler; context: () => Context }>>();

function functionOf(name: string) {
  let fn = functions.get(name);
  if (!fn) {
    const route = routes.get(name);
    if (!route) throw new Error(`No route named ${name}`);
    const timeout = Math.min(route.timeoutSeconds, data.httpTimeoutCapSeconds ?? Infinity);
    fn = loadHandler(data.root, route.handler).then((handler) => ({ handler, context: lambdaContexts(n.function(name), timeout, route.memoryMb) }));
    functions.set(name, fn);
  }
  return fn;
}

port.on('message', (message: ToHttpThread) => {
  Promise.resolve(message.route)
    .then(functionOf)
    .then(({ handler, context }) => handler(message.event, context()))
    .then(
      (result) => port.postMessage({ type: 'result', id: message.id, ok: true, result: result as APIGatewayProxyStructuredResultV2 } satisfies FromHttpThread),
      (error: Error) => port.postMessage({ type: 'result', id: message.id, ok: false, error: { name: error.name, message: error.message, stack: error.stack } } satisfies FromHttpThread),
    );
});

for (const name of routes.keys()) await functionOf(name);
port.postMessage({ type: 'ready' } satisfies FromHttpThread);
