/**
 * The incidents area's model: projects and members, hooks, the one signal model every source is
 * normalised into, and incidents. Plain types (the domain) and the zod/mini schemas of what
 * travels through queues.
 */
import * as z from 'zod/mini';

export const ROLES = ['owner', 'responder', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do; a higher role may do everything a lower one may. */
export const ROLE_RANK: Record<Role, number> = { viewer: 0, responder: 1, owner: 2 };

/** Sources that push signals to a hook. */
export const HOOK_SOURCES = ['sentry', 'cloudwatch', 'grafana', 'alertmanager'] as const;
export type HookSource = (typeof HOOK_SOURCES)[number];

/** Sources a connection pulls from. */
export const CONNECTION_SOURCES = ['cloudwatch', 'sentry', 'grafana', 'kubernetes', 'docker', 'alertmanager'] as const;
export type ConnectionSource = (typeof CONNECTION_SOURCES)[number];

export const SIGNAL_SOURCES = ['sentry', 'cloudwatch', 'grafana', 'alertmanager', 'kubernetes', 'docker', 'mosaic'] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export interface Project {
  id: string;
  name: string;
  description: string;
  ownerId: string;
  /** Mosaic's own project of a stage ("Mosaic <stage>"), fed by its alarms. */
  system: boolean;
  /** Seconds a new incident waits before its first outgoing post (Alertmanager's group_wait). */
  groupWaitSeconds: number;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  addedAt: string;
}

/** How a hook's deliveries are verified. Secrets are sealed (envelope encryption), tokens hashed. */
export type HookAuth =
  | { kind: 'sentry'; sealedSecret?: string; secretHint?: string }
  | { kind: 'sns'; topicArn?: string }
  | { kind: 'bearer'; tokenHash: string; tokenHint: string }
  | { kind: 'grafana-hmac'; sealedSecret: string; secretHint: string };

export interface Hook {
  id: string;
  projectId: string;
  source: HookSource;
  name: string;
  auth: HookAuth;
  createdAt: string;
  lastDeliveryAt?: string;
  deliveries: number;
}

/** Firing or resolved, as the source says (each alert by its own status). */
export type SignalStatus = 'firing' | 'resolved';

/**
 * The one signal model: every source's payload becomes one or more of these. `identity` is the
 * source's own id of the thing that fires and resolves (Sentry issue id, alarm ARN,
 * Alertmanager/Grafana fingerprint); without one, the message's template and the service make
 * the fingerprint.
 */
export const Signal = z.object({
  source: z.enum(SIGNAL_SOURCES),
  /** What it is: `alarm`, `alert`, `issue`, `event`, `metric_alert`, `log`, `container`, … */
  kind: z.string(),
  status: z.enum(['firing', 'resolved']),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  message: z.string(),
  service: z.optional(z.string()),
  resource: z.optional(z.string()),
  labels: z.record(z.string(), z.string()),
  identity: z.optional(z.string()),
  /** The source's own grouping of what it sent together (Alertmanager's and Grafana's groupKey). */
  group: z.optional(z.string()),
  /** When it happened at the source (ISO 8601). */
  at: z.string(),
  url: z.optional(z.string()),
});
export type Signal = z.infer<typeof Signal>;

/** A job of the signals queue: the normalised signals of one delivery, in order. */
export const SignalBatch = z.object({
  projectId: z.string(),
  hookId: z.optional(z.string()),
  /** The delivery's id (the source's, or the hash of its body): signal ids derive from it. */
  deliveryId: z.string(),
  receivedAt: z.string(),
  /** The raw payload's key in the signals bucket (a large payload, stored by the webhook). */
  rawKey: z.optional(z.string()),
  /** A small raw payload, inline (UTF-8); the consumer keeps it in the signals bucket. */
  raw: z.optional(z.object({ body: z.string(), contentType: z.string() })),
  signals: z.array(Signal),
  /** Index of the first signal within its delivery (a large delivery travels in several messages). */
  offset: z.optional(z.number()),
  /** Set for an SNS SubscriptionConfirmation whose signature checked: the URL to confirm. */
  confirmSubscription: z.optional(z.object({ subscribeUrl: z.string(), topicArn: z.string() })),
});
export type SignalBatch = z.infer<typeof SignalBatch>;

export type IncidentState = 'open' | 'acknowledged' | 'resolved' | 'merged';

/** One fingerprint's share of an incident: its latest state. */
export interface IncidentMember {
  fingerprint: string;
  source: SignalSource;
  title: string;
  status: SignalStatus;
  severity: Severity;
  count: number;
  firstAt: string;
  lastAt: string;
  identity?: string;
  service?: string;
  /** The host, pod, instance or dimensions of its latest signal. */
  resource?: string;
  /** Its page at the source (Sentry issue, alarm, alert rule), from its latest signal. */
  url?: string;
  template?: string;
}

export interface Incident {
  id: string;
  projectId: string;
  title: string;
  state: IncidentState;
  severity: Severity;
  /** The members' maximum before escalation. */
  baseSeverity: Severity;
  groupKey: string;
  members: IncidentMember[];
  /** Fingerprints beyond MAX_MEMBERS_PER_INCIDENT are counted only. */
  extraMembers: number;
  signalCount: number;
  openedAt: string;
  lastSignalAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  /** The incident that was open for these fingerprints before (resolved), if any. */
  previousId?: string;
  /** How many incidents these fingerprints have had, this one included. */
  occurrence: number;
  mergedInto?: string;
  mergedFrom: string[];
  splitFrom?: string;
  /** Last time the outgoing webhooks were told about it. */
  notifiedAt?: string;
  version: number;
}

export type TimelineKind =
  | 'signal'
  | 'opened'
  | 'acknowledged'
  | 'resolved'
  | 'reopened'
  | 'comment'
  | 'merged'
  | 'merged_into'
  | 'split'
  | 'split_from'
  | 'escalated';

export interface TimelineEntry {
  id: string;
  at: string;
  kind: TimelineKind;
  /** A person (user id and display name), or absent for the system. */
  actor?: { id: string; name: string };
  text: string;
  data: Record<string, unknown>;
}
