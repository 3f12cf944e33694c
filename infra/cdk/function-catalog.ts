import {
  consumers as tableConsumers,
  fallbackRoute as tableFallback,
  routeList as tableRoutes,
  schedules as tableSchedules,
} from '../routes.ts';
import type { AuthRule, ConsumerDef, HttpRouteDef, ResourceAccess, ScheduleDef } from '../route-types.ts';

/**
 * Every Lambda function of Mosaic, read from the route table: one per HTTP route, the fallback,
 * one per consumer and one per schedule. Nothing here names a route; the table does.
 */
export type FunctionSpec =
  | (Common & { kind: 'http'; route: HttpRouteDef })
  | (Common & { kind: 'fallback'; route: HttpRouteDef })
  | (Common & { kind: 'consumer'; consumer: ConsumerDef })
  | (Common & { kind: 'schedule'; schedule: ScheduleDef });

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
}

/** The fallback has no key in the table; this is the name the local runtime gives it too. */
export const FALLBACK_NAME = 'not-routed';

export interface RouteTable {
  routes: ReadonlyArray<HttpRouteDef & { name: string }>;
  fallback: HttpRouteDef;
  consumers: Readonly<Record<string, ConsumerDef>>;
  schedules: Readonly<Record<string, ScheduleDef>>;
}

export const ROUTE_TABLE: RouteTable = {
  routes: tableRoutes,
  fallback: tableFallback,
  consumers: tableConsumers,
  schedules: tableSchedules,
};

export function functionCatalog(table: RouteTable = ROUTE_TABLE): FunctionSpec[] {
  const specs: FunctionSpec[] = [
    ...table.routes.map(({ name, ...route }): FunctionSpec => ({
      kind: 'http',
      name,
      route,
      handler: route.handler,
      resources: route.resources,
      memoryMb: route.limits.memoryMb,
      timeoutSeconds: route.limits.timeoutSeconds,
      description: `${route.method} ${route.path}: ${route.summary}`,
      group: route.tag,
    })),
    {
      kind: 'fallback',
      name: FALLBACK_NAME,
      route: table.fallback,
      handler: table.fallback.handler,
      resources: table.fallback.resources,
      memoryMb: table.fallback.limits.memoryMb,
      timeoutSeconds: table.fallback.limits.timeoutSeconds,
      description: table.fallback.summary,
      group: table.fallback.tag,
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
      group: 'consumers',
    })),
    ...Object.entries(table.schedules).map(([name, schedule]): FunctionSpec => ({
      kind: 'schedule',
      name,
      schedule,
      handler: schedule.handler,
      resources: schedule.resources,
      memoryMb: schedule.memoryMb,
      timeoutSeconds: schedule.timeoutSeconds,
      description: schedule.description,
      group: 'schedules',
    })),
  ];
  validate(specs);
  return specs;
}

/** Function names must be unique and safe in names and paths; consumers must fit their queue. */
function validate(specs: FunctionSpec[]): void {
  const seen = new Map<string, string>();
  for (const spec of specs) {
    if (!/^[a-z][a-z0-9-]*$/.test(spec.name))
      throw new Error(`Route table entry "${spec.name}": names are lowercase kebab-case.`);
    if (!/^[a-z][a-z0-9-]*$/.test(spec.group))
      throw new Error(`Route table entry "${spec.name}": tag "${spec.group}" must be lowercase kebab-case.`);
    const other = seen.get(spec.name);
    if (other)
      throw new Error(`Route table: "${spec.name}" names both a ${other} and a ${spec.kind}; function names must be unique.`);
    seen.set(spec.name, spec.kind);
    if (spec.kind === 'consumer' && spec.consumer.visibilityTimeoutSeconds < spec.timeoutSeconds)
      throw new Error(
        `Consumer "${spec.name}": visibilityTimeoutSeconds (${spec.consumer.visibilityTimeoutSeconds}) must be at least its timeoutSeconds (${spec.timeoutSeconds}).`,
      );
  }
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

/** Nothing the declaration allows can change state: table read at most, no bucket write, no bus, no admin. */
export function isReadOnly(resources: ResourceAccess): boolean {
  const buckets = Object.values(resources.buckets ?? {});
  return (
    resources.table !== 'write' &&
    buckets.every((access) => access === 'read') &&
    resources.bus === undefined &&
    resources.userPool !== 'manage'
  );
}

/** `imports-bucket` style construct ids and `Imports` prefixes, from kebab-case names. */
export function pascal(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
