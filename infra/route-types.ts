import type { z } from 'zod';

/** Who may call a route. `webhook` routes verify a signature instead of a user token. */
export type AuthRule = 'public' | 'user' | 'admin' | 'webhook';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Buckets the stack owns; each route names the ones it touches. */
export type BucketName = 'imports' | 'exports';

/**
 * What a function may touch, and how. The CDK app turns this into IAM grants (and nothing more);
 * the infra tests check that a read-only declaration yields no write action.
 */
export interface ResourceAccess {
  table?: 'read' | 'write';
  buckets?: Partial<Record<BucketName, 'read' | 'write' | 'readwrite'>>;
  /** Publish domain events to the bus. */
  bus?: 'publish';
  /** `auth`: sign-up/sign-in/token calls; `manage`: admin calls (confirm, delete, groups). */
  userPool?: 'auth' | 'manage';
}

/** Zod schema for an input part; `undefined` when the route takes none. */
export type InputSchema = z.ZodType | undefined;

export interface RouteLimits {
  /** Largest accepted request body in bytes (413 beyond). */
  bodyBytes: number;
  /** Requests per client address per window (429 with Retry-After beyond). */
  rateLimit?: { requests: number; windowSeconds: number };
  timeoutSeconds: number;
  memoryMb: number;
}

export interface HttpRouteDef<
  B extends InputSchema = InputSchema,
  Q extends InputSchema = InputSchema,
  P extends InputSchema = InputSchema,
  A extends AuthRule = AuthRule,
> {
  /** `ANY` only for the fallback (`$default`) route. */
  method: HttpMethod | 'ANY';
  /** API Gateway path syntax: `/v1/activities/{id}`; `$default` for the fallback. */
  path: string;
  /** Module exporting `handler`, relative to the project root. */
  handler: string;
  auth: A;
  resources: ResourceAccess;
  body?: B;
  query?: Q;
  params?: P;
  /** When true, POSTs honour `Idempotency-Key` (replay returns the first response). */
  idempotent: boolean;
  limits: RouteLimits;
  summary: string;
  tag: string;
  /** HTTP status of a success, for the OpenAPI document. */
  successStatus: number;
  /**
   * Zod schema of the success body (none for a 204). The OpenAPI document is generated from it,
   * and the integration test parses every route's real answer with it, so the two cannot drift.
   */
  response?: z.ZodType;
}

/** Domain event types carried on the bus (`detail-type`). */
export type DomainEventType =
  | 'entry.logged'
  | 'entry.deleted'
  | 'activity.changed'
  | 'activity.deleted'
  | 'activity.at_risk'
  | 'goal.changed'
  | 'goal.completed'
  | 'import.requested'
  | 'import.completed'
  | 'export.requested'
  | 'user.deleted';

export interface ConsumerDef {
  handler: string;
  /** Bus rule: the detail types routed to this consumer's queue. */
  eventTypes: DomainEventType[];
  resources: ResourceAccess;
  batchSize: number;
  /** Seconds a received message stays invisible; also the function timeout bound. */
  visibilityTimeoutSeconds: number;
  /** Deliveries before a message goes to the dead-letter queue. */
  maxReceiveCount: number;
  timeoutSeconds: number;
  memoryMb: number;
  description: string;
}

export interface ScheduleDef {
  handler: string;
  /** EventBridge Scheduler expression: `rate(1 hour)` or `cron(m h dom mon dow year)`, UTC. */
  expression: string;
  resources: ResourceAccess;
  timeoutSeconds: number;
  memoryMb: number;
  description: string;
}
