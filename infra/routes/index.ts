/**
 * THE route table: every HTTP route, consumer and schedule of Mosaic, declared once, one module
 * per area (`infra/routes/<area>.ts`), composed here. The CDK app (infra/cdk) makes one Lambda
 * per entry with exactly the declared grants; the local runtime (infra/local) serves the same
 * entries; docs/openapi.json and docs/events.md are generated from it. Handlers import only their
 * own route's run-time contract (`<name>Route` of its area's module), never this module.
 */
import { accountConsumers, accountDeployment, accountRoutes } from './account.ts';
import { cameraDeployment, cameraRoutes } from './camera.ts';
import { composeTable, httpRoute, type AreaTable } from './compose.ts';
import { incidentConsumers, incidentDeployment, incidentRoutes, incidentSchedules } from './incidents.ts';
import { listeningConsumers, listeningDeployment, listeningRoutes, listeningSchedules } from './listening.ts';
import { mcpDeployment, mcpRoutes } from './mcp.ts';
import { notificationConsumers, notificationDeployment, notificationRoutes } from './notifications.ts';
import { operationsConsumers, operationsDeployment, operationsRoutes, operationsSchedules } from './operations.ts';
import { fallbackContract, fallbackDeployment, platformConsumers, platformSchedules } from './platform.ts';
import { realtimeConsumers, realtimeDeployment, realtimeRoutes, realtimeSocket } from './realtime.ts';
import { wearableConsumers, wearableDeployment, wearableRoutes } from './wearables.ts';
import { trackingConsumers, trackingDeployment, trackingRoutes, trackingSchedules } from './tracking.ts';
import type { HttpRoute } from './types.ts';

/** The areas, in the order their routes are listed (docs, OpenAPI). */
export const areas = {
  operations: { routes: operationsRoutes, deployment: operationsDeployment, consumers: operationsConsumers, schedules: operationsSchedules },
  account: { routes: accountRoutes, deployment: accountDeployment, consumers: accountConsumers },
  tracking: { routes: trackingRoutes, deployment: trackingDeployment, consumers: trackingConsumers, schedules: trackingSchedules },
  notifications: { routes: notificationRoutes, deployment: notificationDeployment, consumers: notificationConsumers },
  wearables: { routes: wearableRoutes, deployment: wearableDeployment, consumers: wearableConsumers },
  realtime: { routes: realtimeRoutes, deployment: realtimeDeployment, consumers: realtimeConsumers, socket: realtimeSocket },
  incidents: { routes: incidentRoutes, deployment: incidentDeployment, consumers: incidentConsumers, schedules: incidentSchedules },
  mcp: { routes: mcpRoutes, deployment: mcpDeployment },
  listening: { routes: listeningRoutes, deployment: listeningDeployment, consumers: listeningConsumers, schedules: listeningSchedules },
  camera: { routes: cameraRoutes, deployment: cameraDeployment },
} satisfies Record<string, AreaTable>;

export const fallbackRoute: HttpRoute = httpRoute(fallbackContract, fallbackDeployment);

export const ROUTE_TABLE = composeTable(Object.values(areas), fallbackRoute, platformConsumers, platformSchedules);

/** Every HTTP route, in declaration order. */
export const routeList = ROUTE_TABLE.routes;

/** The name of any HTTP route of any area. */
export type HttpRouteName = { [A in keyof typeof areas]: keyof (typeof areas)[A]['routes'] & string }[keyof typeof areas];

/** Every HTTP route by name. */
export const httpRoutes = Object.fromEntries(routeList.map((r) => [r.name, r])) as Record<HttpRouteName, HttpRoute>;

export const consumers = ROUTE_TABLE.consumers;
export const schedules = ROUTE_TABLE.schedules;
export const socketRoutes = ROUTE_TABLE.socketRoutes;
