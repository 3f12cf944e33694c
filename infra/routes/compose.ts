import type { RouteContract } from '../../shared/contract/routes.ts';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { USER_PAGES } from './platform.ts';
import {
  isPerUser,
  type ConsumerDef,
  type HttpRoute,
  type RouteDeployment,
  type ScheduleDef,
  type SocketRoute,
  type SocketRouteDef,
} from './types.ts';

/** One area's part of the table, as its module `infra/routes/<area>.ts` declares it. */
export interface AreaTable {
  routes: Record<string, RouteContract>;
  deployment: Record<string, RouteDeployment>;
  consumers?: Record<string, ConsumerDef>;
  schedules?: Record<string, ScheduleDef>;
  /** WebSocket routes by function name (the real-time area). */
  socket?: Record<string, SocketRouteDef>;
}

/** The whole table: what the CDK app, the local runtime and the docs read. */
export interface RouteTable {
  routes: readonly HttpRoute[];
  fallback: HttpRoute;
  consumers: Readonly<Record<string, ConsumerDef>>;
  schedules: Readonly<Record<string, ScheduleDef>>;
  /** The WebSocket API's routes (none: no WebSocket API). */
  socketRoutes: readonly SocketRoute[];
}

const DEFAULT_TIMEOUT_SECONDS = 10;
const DEFAULT_SOCKET_MEMORY_MB = 256;
const DEFAULT_MEMORY_MB = 512;

/** API Gateway (HTTP API) stops waiting for an integration after 30 s. */
export const MAX_ROUTE_TIMEOUT_SECONDS = 29;

/** A route's contract and its deployment, with the deployment's defaults. */
export function httpRoute(contract: RouteContract, deployment: RouteDeployment): HttpRoute {
  const audited = (contract.auth === 'user' || contract.auth === 'admin') && !deployment.resources.audit;
  return {
    ...contract,
    ...deployment,
    // The kit audits refused tokens and non-admins on every authenticated route.
    ...(audited ? { resources: { ...deployment.resources, audit: 'append' as const } } : {}),
    timeoutSeconds: deployment.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    memoryMb: deployment.memoryMb ?? DEFAULT_MEMORY_MB,
  };
}

/**
 * Composes the areas into one table: routes in declaration order, consumers and schedules by
 * name (the platform's own beside the areas'), and the per-user fan-out granted every per-user
 * job's queue. Then checks it (see
 * validateTable), so a wrong declaration fails the synth, the local start and the tests alike.
 */
export function composeTable(
  areas: AreaTable[],
  fallback: HttpRoute,
  platformConsumers: Record<string, ConsumerDef>,
  platformSchedules: Record<string, ScheduleDef> = {},
): RouteTable {
  const routes = areas.flatMap((area) =>
    Object.entries(area.routes).map(([name, contract]) => httpRoute(contract, area.deployment[name]!)),
  );
  const schedules = Object.assign({}, ...areas.map((a) => a.schedules ?? {}), platformSchedules) as Record<string, ScheduleDef>;
  const consumers = Object.assign({}, ...areas.map((a) => a.consumers ?? {})) as Record<string, ConsumerDef>;
  const perUserJobs = [
    ...new Set([
      ...Object.values(schedules).flatMap((s) => (isPerUser(s) ? [s.perUser] : [])),
      ...Object.entries(consumers).flatMap(([name, c]) => (c.fannedOut ? [name] : [])),
    ]),
  ];
  for (const [name, consumer] of Object.entries(platformConsumers)) {
    if (name === USER_PAGES && perUserJobs.length === 0) continue;
    consumers[name] =
      name === USER_PAGES ? { ...consumer, resources: { ...consumer.resources, queues: perUserJobs } } : consumer;
  }
  const socketRoutes = areas.flatMap((area) =>
    Object.entries(area.socket ?? {}).map(([name, def]): SocketRoute => ({
      ...def,
      name,
      timeoutSeconds: def.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      memoryMb: def.memoryMb ?? DEFAULT_SOCKET_MEMORY_MB,
    })),
  );
  const table = { routes, fallback, consumers, schedules, socketRoutes };
  validateTable(table);
  return table;
}

/** Names are kebab-case: they become function, queue and schedule names. */
const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * What a declaration implies, enforced: unique function names and route keys; routes within
 * API Gateway's timeout; idempotent and rate-limited routes able to write their records;
 * authenticated routes able to read the caller's token state;
 * consumers whose queue outlives their timeout; queues and per-user jobs that exist and are job
 * queues; published and consumed events that the catalog knows.
 */
export function validateTable(table: RouteTable): void {
  const problems: string[] = [];
  const functionNames = new Map<string, string>();
  const claim = (name: string, kind: string) => {
    if (!NAME.test(name)) problems.push(`"${name}": names are lowercase kebab-case`);
    const other = functionNames.get(name);
    if (other) problems.push(`"${name}" names both a ${other} and a ${kind}; function names must be unique`);
    functionNames.set(name, kind);
  };
  const checkEvents = (owner: string, types: readonly string[] | undefined) => {
    for (const type of types ?? []) if (!(type in eventCatalog)) problems.push(`${owner}: unknown event type "${type}"`);
  };
  const jobQueues = new Set(Object.entries(table.consumers).filter(([, c]) => !c.eventTypes).map(([n]) => n));
  const checkQueues = (owner: string, queues: readonly string[] | undefined) => {
    for (const queue of queues ?? []) if (!jobQueues.has(queue)) problems.push(`${owner}: "${queue}" is not a job queue`);
  };

  const keys = new Set<string>();
  for (const route of [...table.routes, table.fallback]) {
    claim(route.name, 'route');
    const key = `${route.method} ${route.path}`;
    if (keys.has(key)) problems.push(`${key} is declared twice`);
    keys.add(key);
    if (!NAME.test(route.tag)) problems.push(`${route.name}: tag "${route.tag}" must be lowercase kebab-case`);
    if (route.timeoutSeconds > MAX_ROUTE_TIMEOUT_SECONDS)
      problems.push(`${route.name}: a route cannot outlive API Gateway's ${MAX_ROUTE_TIMEOUT_SECONDS} s; use the bus`);
    if ((route.idempotent || route.rateLimit) && route.resources.table !== 'write')
      problems.push(`${route.name}: an idempotent or rate-limited route keeps records in the table; declare table: 'write'`);
    if ((route.auth === 'user' || route.auth === 'admin') && !route.resources.table)
      problems.push(`${route.name}: an authenticated route reads the caller's token state in the table; declare table access`);
    checkEvents(route.name, route.resources.publishes);
    checkQueues(route.name, route.resources.queues);
  }
  for (const [name, consumer] of Object.entries(table.consumers)) {
    claim(name, 'consumer');
    if (consumer.visibilityTimeoutSeconds < consumer.timeoutSeconds)
      problems.push(`consumer "${name}": visibilityTimeoutSeconds (${consumer.visibilityTimeoutSeconds}) must be at least its timeoutSeconds (${consumer.timeoutSeconds})`);
    checkEvents(name, consumer.eventTypes);
    checkEvents(name, consumer.resources.publishes);
    checkQueues(name, consumer.resources.queues);
  }
  const socketKeys = new Set<string>();
  for (const route of table.socketRoutes ?? []) {
    claim(route.name, 'WebSocket route');
    if (socketKeys.has(route.routeKey)) problems.push(`WebSocket route ${route.routeKey} is declared twice`);
    socketKeys.add(route.routeKey);
    if (route.timeoutSeconds > MAX_ROUTE_TIMEOUT_SECONDS)
      problems.push(`${route.name}: a WebSocket route cannot outlive API Gateway's ${MAX_ROUTE_TIMEOUT_SECONDS} s`);
    checkEvents(route.name, route.resources.publishes);
  }
  if (socketKeys.size > 0 && !socketKeys.has('$connect')) problems.push('a WebSocket API needs a $connect route (it checks the ticket)');
  for (const [name, schedule] of Object.entries(table.schedules)) {
    if (isPerUser(schedule)) {
      if (!NAME.test(name)) problems.push(`"${name}": names are lowercase kebab-case`);
      if (!jobQueues.has(schedule.perUser)) problems.push(`schedule "${name}": "${schedule.perUser}" is not a job queue`);
      continue;
    }
    claim(name, 'schedule');
    checkEvents(name, schedule.resources.publishes);
    checkQueues(name, schedule.resources.queues);
  }
  if (problems.length) throw new Error(`The route table is inconsistent:\n- ${problems.join('\n- ')}`);
}

/** Every route's `METHOD /path`: what the fallback needs to tell 405 from 404. */
export function routeKeys(table: Pick<RouteTable, 'routes'>): string[] {
  return table.routes.map((r) => `${r.method} ${r.path}`);
}
