import { ROUTE_TABLE } from '../routes/index.ts';
import { routeKeys, validateTable, type RouteTable } from '../routes/compose.ts';
import { FALLBACK_NAME } from '../routes/platform.ts';
import {
  isPerUser,
  type ConsumerDef,
  type FunctionSchedule,
  type HttpRoute,
  type ResourceAccess,
  type SocketRoute,
} from '../routes/types.ts';
import type { AuthRule } from '../../shared/contract/routes.ts';

export { FALLBACK_NAME, ROUTE_TABLE, type RouteTable };
export { pascal } from './construct-ids.ts';

/**
 * Every Lambda function of Mosaic, read from the route table: one per HTTP route, the fallback,
 * one per consumer and one per schedule. Nothing here names a route; the table does.
 */
export type FunctionSpec =
  | (Common & { kind: 'http'; route: HttpRoute })
  | (Common & { kind: 'fallback'; route: HttpRoute })
  | (Common & { kind: 'consumer'; consumer: ConsumerDef })
  | (Common & { kind: 'schedule'; schedule: FunctionSchedule })
  | (Common & { kind: 'socket'; socket: SocketRoute });

/**
 * The group (nested stack or stack) of the WebSocket API's functions and of the consumers that
 * push to it: they live in the real-time stack, beside the API whose endpoint they use.
 */
export const REALTIME_GROUP = 'realtime-socket';

/** True when a function belongs to the real-time stack rather than the HTTP API's. */
export function inRealtimeStack(spec: FunctionSpec): boolean {
  return spec.group === REALTIME_GROUP;
}

interface Common {
  /** The entry's name in the table; also POWERTOOLS_SERVICE_NAME and the function-name suffix. */
  name: string;
  /** Module exporting `handler`, relative to the project root. */
  handler: string;
  resources: ResourceAccess;
  memoryMb: number;
  timeoutSeconds: number;
  description: string;
  /**
   * Which nested stack holds the function (the route's tag; `consumers`; `schedules`). Groups keep
   * every CloudFormation template far below its 500-resource limit as the table grows. Moving an
   * entry to another group replaces its function: deploy the removal first, then the addition.
   */
  group: string;
  /** Values inlined at bundle time (esbuild `define`), for what a function must know but cannot import. */
  define?: Record<string, string>;
}

export function functionCatalog(table: RouteTable = ROUTE_TABLE): FunctionSpec[] {
  const specs: FunctionSpec[] = [
    ...table.routes.map((route): FunctionSpec => ({
      kind: 'http',
      name: route.name,
      route,
      handler: route.handler,
      resources: route.resources,
      memoryMb: route.memoryMb,
      timeoutSeconds: route.timeoutSeconds,
      description: `${route.method} ${route.path}: ${route.summary}`,
      group: route.tag,
    })),
    {
      kind: 'fallback',
      name: FALLBACK_NAME,
      route: table.fallback,
      handler: table.fallback.handler,
      resources: table.fallback.resources,
      memoryMb: table.fallback.memoryMb,
      timeoutSeconds: table.fallback.timeoutSeconds,
      description: table.fallback.summary,
      group: table.fallback.tag,
      define: { 'process.env.MOSAIC_ROUTE_KEYS': JSON.stringify(JSON.stringify(routeKeys(table))) },
    },
    ...Object.entries(table.consumers).map(([name, consumer]): FunctionSpec => ({
      kind: 'consumer',
      name,
      consumer,
      handler: consumer.handler,
      resources: consumer.resources,
      memoryMb: consumer.memoryMb,
      timeoutSeconds: consumer.timeoutSeconds,
      description: consumer.description,
      group: consumer.resources.realtime === 'push' ? REALTIME_GROUP : 'consumers',
    })),
    ...table.socketRoutes.map((socket): FunctionSpec => ({
      kind: 'socket',
      name: socket.name,
      socket,
      handler: socket.handler,
      resources: socket.resources,
      memoryMb: socket.memoryMb,
      timeoutSeconds: socket.timeoutSeconds,
      description: `WebSocket ${socket.routeKey}: ${socket.summary}`,
      group: REALTIME_GROUP,
    })),
    ...Object.entries(table.schedules).flatMap(([name, schedule]): FunctionSpec[] =>
      isPerUser(schedule) ? [] : [{
      kind: 'schedule',
      name,
      schedule,
      handler: schedule.handler,
      resources: schedule.resources,
      memoryMb: schedule.memoryMb,
      timeoutSeconds: schedule.timeoutSeconds,
      description: schedule.description,
      group: 'schedules',
    }]),
  ];
  validateTable(table);
  return specs;
}


/** Functions grouped by their nested stack, in table order. */
export function functionGroups(specs: FunctionSpec[]): Map<string, FunctionSpec[]> {
  const groups = new Map<string, FunctionSpec[]>();
  for (const spec of specs) groups.set(spec.group, [...(groups.get(spec.group) ?? []), spec]);
  return groups;
}

/** True when the route needs a verified Cognito token at the gateway. */
export function needsJwt(auth: AuthRule): boolean {
  return auth === 'user' || auth === 'admin';
}

/**
 * Nothing the declaration allows can change state: table read at most, no bucket write, no
 * events, no queue sends, no sealing of secrets, no user pool admin or sign-out.
 */
export function isReadOnly(resources: ResourceAccess): boolean {
  const buckets = Object.values(resources.buckets ?? {});
  return (
    resources.table !== 'write' &&
    buckets.every((access) => access === 'read') &&
    !resources.publishes?.length &&
    !resources.queues?.length &&
    (resources.secrets?.envelope ?? 'open') === 'open' &&
    (resources.userPool ?? 'auth') === 'auth'
  );
}
