import type * as z from 'zod';
import type { BucketName } from '../../shared/contract/buckets.ts';
import type { RouteContract } from '../../shared/contract/routes.ts';
import type { AppSecretName } from '../../shared/contract/secrets.ts';
import type { DomainEventType } from '../../shared/events/catalog.ts';

/**
 * What a function may touch, and how. The CDK app turns this into IAM grants (and nothing more);
 * the infra tests check that a read-only declaration yields no write action.
 */
export interface ResourceAccess {
  table?: 'read' | 'write';
  buckets?: Partial<Record<BucketName, 'read' | 'write' | 'readwrite'>>;
  /** Domain events it publishes to the bus: PutEvents, limited to these detail types. */
  publishes?: DomainEventType[];
  /** Job queues (consumer names without a bus rule) it sends messages to. */
  queues?: string[];
  /**
   * `auth`: sign-in, token and self-service calls (public Cognito APIs, no grant); `sign-out`:
   * those and the pool's global sign-out of a user; `manage`: admin calls (create, delete, groups,
   * global sign-out); `lookup`: finding an account by email (AdminGetUser only: inviting a member).
   */
  userPool?: 'auth' | 'sign-out' | 'manage' | 'lookup';
  /**
   * The WebSocket API: `url` → the URL clients open (handed out with tickets; no grant); `push` →
   * its management endpoint and `execute-api:ManageConnections` on its connections. Functions
   * that push live in the real-time stack, beside the API.
   */
  realtime?: 'url' | 'push';
  /**
   * The audit trail (`AUDIT#` keys of the table): `append` → PutItem only; `read` → also Query.
   * Never an update or delete: every table-write grant denies those on audit keys. Every
   * authenticated route gets `append` (its refusals are audited); the composer adds it.
   */
  audit?: 'append' | 'read';
  /**
   * Every consumer's queue and dead-letter queue: `read` → depths and peeking dead letters;
   * `redrive` → also sending messages back to the consumer's queue (and deleting them from the
   * dead-letter queue). The admin console's queue views.
   */
  deadLetters?: 'read' | 'redrive';
  /** CloudWatch metrics (GetMetricData) and every function's logs (FilterLogEvents): the admin viewers. */
  telemetry?: 'read';
  /**
   * `assume-role`: read a monitored account's CloudWatch (alarms, log events) by assuming a role
   * there with an external id (sts:AssumeRole only, and only with an external id; the role's own
   * permissions decide the rest). Bundles the STS, CloudWatch and CloudWatch Logs clients.
   */
  monitoring?: 'assume-role';
  /** `manage`: create and delete the cameras' Kinesis Video streams (names of the stage's prefix only). */
  videoStreams?: 'manage';
  /** `start`: start a camera's worker task by setting the camera service's desired count (ecs:DescribeServices/UpdateService on that service only). */
  cameraTasks?: 'start';
  secrets?: {
    /** Envelope encryption of stored credentials with the stage's key (KMS; locally the key file). */
    envelope?: 'seal' | 'open' | 'seal-open';
    /** Application secrets it reads (Secrets Manager; locally the data folder). */
    app?: AppSecretName[];
  };
}

/** What only deployment and docs read about a route; never bundled with a handler. */
export interface RouteDeployment {
  /** Module exporting `handler`, relative to the project root. */
  handler: string;
  resources: ResourceAccess;
  summary: string;
  /** OpenAPI tag; also the nested stack that holds the function. */
  tag: string;
  /**
   * Zod schema of the success body (none for a 204). The OpenAPI document is generated from it,
   * and the integration test parses every route's real answer with it, so the two cannot drift.
   */
  response?: z.ZodType;
  /** The media type of a binary success body (a camera snapshot) instead of a JSON `response`. */
  binaryResponse?: 'image/jpeg';
  /**
   * Error statuses the route's domain answers beyond those its contract implies (a public
   * sign-in's 401, a project role's 403), each with what it means here; also a more precise
   * text for an implied one. Read by the OpenAPI document only.
   */
  errors?: Partial<Record<400 | 401 | 403 | 404 | 409 | 413 | 422, string>>;
  /**
   * Errors the function answers in its protocol's own form instead of ErrorResponse (MCP's are
   * JSON-RPC errors): the body's schema, and each status with what it means here. OpenAPI only.
   */
  protocolErrors?: { schema: z.ZodType; statuses: Partial<Record<400 | 401 | 406 | 415 | 429, string>> };
  /** Defaults: 10 s (API Gateway stops waiting at 30 s, so at most 29). */
  timeoutSeconds?: number;
  /** Default 512 MB. */
  memoryMb?: number;
}

/** An area's deployments: exactly one per contract of the area (checked by `satisfies`). */
export type Deployments<C extends Record<string, RouteContract>> = { [K in keyof C]: RouteDeployment };

/** A route as the CDK app, the local runtime and the docs see it: its contract and its deployment. */
export interface HttpRoute extends RouteContract, Omit<RouteDeployment, 'timeoutSeconds' | 'memoryMb'> {
  timeoutSeconds: number;
  memoryMb: number;
}

/** The route keys of a WebSocket API that Mosaic serves. */
export type SocketRouteKey = '$connect' | '$disconnect' | '$default';

/** A WebSocket route: one function, in the real-time stack (cloud) or the local WebSocket server. */
export interface SocketRouteDef {
  routeKey: SocketRouteKey;
  handler: string;
  resources: ResourceAccess;
  summary: string;
  /**
   * The function's answer body is sent back to the client (a two-way route); otherwise only its
   * status counts (on `$connect`, anything but 2xx refuses the connection).
   */
  returnsResponse?: boolean;
  /** Default 10 s. */
  timeoutSeconds?: number;
  /** Default 256 MB. */
  memoryMb?: number;
}

/** A WebSocket route as the CDK app and the local runtime see it. */
export interface SocketRoute extends Omit<SocketRouteDef, 'timeoutSeconds' | 'memoryMb'> {
  name: string;
  timeoutSeconds: number;
  memoryMb: number;
}

export interface ConsumerDef {
  handler: string;
  /**
   * Bus rule: the detail types routed to this consumer's queue. A job queue has none: functions
   * that declare it in `resources.queues` send to it directly.
   */
  eventTypes?: DomainEventType[];
  resources: ResourceAccess;
  batchSize: number;
  /** Seconds a received message stays invisible; at least the function's timeout. */
  visibilityTimeoutSeconds: number;
  /** Deliveries before a message goes to the dead-letter queue. */
  maxReceiveCount: number;
  /**
   * Batches worked on at once: the event source's maximum concurrency in the cloud (2–1000), the
   * number of pollers locally. Unset: Lambda's default scaling, one poller locally.
   */
  maxConcurrency?: number;
  timeoutSeconds: number;
  memoryMb: number;
  /**
   * A per-user job that a route (not a schedule) starts through the `user-pages` fan-out: the
   * fan-out is granted its queue, as it is every schedule's `perUser` job's.
   */
  fannedOut?: boolean;
  description: string;
}

interface ScheduleCommon {
  /** EventBridge Scheduler expression: `rate(1 hour)` or `cron(m h dom mon dow year)`, UTC. */
  expression: string;
  description: string;
}

/** A schedule that invokes its own function. */
export interface FunctionSchedule extends ScheduleCommon {
  handler: string;
  resources: ResourceAccess;
  timeoutSeconds: number;
  memoryMb: number;
}

/**
 * A per-user job: the schedule sends one message to the `user-pages` queue, whose consumer pages
 * through the users and sends one message per user to the job's queue; the job's consumer then
 * works on one user per message, so no Lambda walks every user and a failing user holds up no one.
 */
export interface PerUserSchedule extends ScheduleCommon {
  /** The consumer (a job queue) that does the work for one user. */
  perUser: string;
}

export type ScheduleDef = FunctionSchedule | PerUserSchedule;

export function isPerUser(schedule: ScheduleDef): schedule is PerUserSchedule {
  return 'perUser' in schedule;
}
