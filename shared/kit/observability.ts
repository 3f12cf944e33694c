import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { localTelemetryConsole } from './local-telemetry.ts';

/**
 * Structured logs (Powertools logger) and EMF metrics (Powertools metrics), one logger and one
 * metrics emitter **per invocation at a time** (reused by later ones): the local runtime runs every function in one process, many
 * invocations at once, and a shared logger would stamp one invocation's `function_name` or
 * request id on another's lines (and a shared emitter mix their metrics). In Lambda one
 * invocation runs at a time, so this costs nothing there.
 *
 * Locally (MOSAIC_TELEMETRY_DIR set by the runtime) the same JSON lines and EMF documents go to
 * files in the data folder instead of stdout: the admin logs and metrics viewers read them.
 */
export const NAMESPACE = 'Mosaic';

const telemetry = process.env.MOSAIC_TELEMETRY_DIR;
const root = new Logger();
if (telemetry) (root as unknown as { console: Console }).console = localTelemetryConsole(telemetry, 'logs');

/** What one invocation carries: its logger, metrics, and who and where it serves. */
export interface Invocation {
  logger: Logger;
  metrics: Metrics;
  /** The function's short name (the route, consumer or schedule name). */
  service: string;
  requestId?: string;
  sourceIp?: string;
  userId?: string;
}

const current = new AsyncLocalStorage<Invocation>();
const outside: Invocation = { logger: root, metrics: newMetrics('mosaic'), service: 'mosaic' };

function newMetrics(service: string): Metrics {
  const metrics = new Metrics({ namespace: NAMESPACE, serviceName: service });
  if (telemetry) (metrics as unknown as { console: Console }).console = localTelemetryConsole(telemetry, 'metrics');
  return metrics;
}

/** The invocation running now (or the process-wide defaults outside one). */
export function invocation(): Invocation {
  return current.getStore() ?? outside;
}

/** Service names by function name, worked out once per function (every invocation asks). */
const services = new Map<string, string>();

/** The function's short name: POWERTOOLS_SERVICE_NAME in the cloud, the name without `mosaic-<stage>-` locally. */
function serviceOf(context: Context): string {
  let service = services.get(context.functionName);
  if (service === undefined) {
    const fromEnv = process.env.POWERTOOLS_SERVICE_NAME;
    const m = /^mosaic-[a-z0-9-]+?-(.+)$/.exec(context.functionName);
    service =
      fromEnv ||
      (m && process.env.STAGE && context.functionName.startsWith(`mosaic-${process.env.STAGE}-`)
        ? context.functionName.slice(`mosaic-${process.env.STAGE}-`.length)
        : (m?.[1] ?? context.functionName));
    services.set(context.functionName, service);
  }
  return service;
}

let coldStart = true;

/**
 * Runs one invocation with its own logger (carrying the Lambda context) and metrics emitter,
 * publishing the metrics when it ends, whatever the outcome.
 */
export async function withInvocation<T>(context: Context, run: () => Promise<T>): Promise<T> {
  const service = serviceOf(context);
  const pair = idle.get(service)?.pop() ?? newPair(service);
  const { logger, metrics } = pair;
  logger.addContext(context);
  if (coldStart) {
    coldStart = false;
    metrics.addMetric('ColdStart', MetricUnit.Count, 1);
  }
  const state: Invocation = { logger, metrics, service };
  try {
    return await current.run(state, run);
  } finally {
    metrics.publishStoredMetrics();
    // The next invocation of this function starts from the logger's own keys and the lambda context it sets.
    logger.resetKeys();
    let free = idle.get(service);
    if (!free) idle.set(service, (free = []));
    free.push(pair);
  }
}

/**
 * Loggers and emitters whose invocation ended, per function, for its next invocations: building
 * them (each reads the environment and makes a Console) cost more than a small request's own work.
 * One invocation uses a pair at a time, so their keys and metrics still never mix; there are as
 * many pairs per function as its invocations ever ran at once (in Lambda, one).
 */
const idle = new Map<string, { logger: Logger; metrics: Metrics }[]>();

function newPair(service: string): { logger: Logger; metrics: Metrics } {
  const logger = root.createChild({ serviceName: service });
  if (telemetry) (logger as unknown as { console: Console }).console = localTelemetryConsole(telemetry, 'logs');
  return { logger, metrics: newMetrics(service) };
}

/** Sets who and where the running invocation serves (request id, client address, user). */
export function describeInvocation(facts: Pick<Invocation, 'requestId' | 'sourceIp' | 'userId'>): void {
  const state = current.getStore();
  if (!state) return;
  Object.assign(state, facts);
  state.logger.appendKeys(Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)));
}

function forward<T extends object>(pick: () => T): T {
  return new Proxy({} as T, {
    get: (_, prop) => {
      const target = pick();
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The running invocation's logger (`logger.info(...)` anywhere in a handler's call tree). */
export const logger: Logger = forward(() => invocation().logger);
/** The running invocation's EMF metrics emitter. */
export const metrics: Metrics = forward(() => invocation().metrics);
