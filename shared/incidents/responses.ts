/** What the incidents routes answer (classic zod; never bundled). See shared/kit/responses.ts. */
import * as z from 'zod';
import { count, Page, timestamp } from '../kit/responses.ts';
import { HOOK_SOURCES, ROLES, SEVERITIES, SIGNAL_SOURCES } from './model.ts';

const severity = z.enum(SEVERITIES).describe('info < low < medium < high < critical');
const role = z.enum(ROLES).describe('owner: everything; responder: act on incidents; viewer: read');

export const OpenCounts = z.strictObject(Object.fromEntries(SEVERITIES.map((s) => [s, count()])) as Record<(typeof SEVERITIES)[number], z.ZodNumber>);

export const ProjectSummary = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    ownerId: z.string(),
    system: z.boolean().describe('Mosaic’s own project of the stage, fed by its alarms'),
    groupWaitSeconds: count('Seconds a new incident waits before its first outgoing post'),
    createdAt: timestamp(),
    updatedAt: timestamp(),
    role,
    open: OpenCounts.describe('Open (and acknowledged) incidents by severity'),
    openTotal: count(),
  })
  .meta({ id: 'Project', description: 'A project, with the caller’s role and its open incidents by severity' });

export const ProjectList = z.strictObject({ items: z.array(ProjectSummary) }).meta({ id: 'ProjectList' });

export const Member = z
  .strictObject({ userId: z.string(), email: z.string(), displayName: z.string(), role, addedAt: timestamp() })
  .meta({ id: 'ProjectMember' });
export const MemberList = z.strictObject({ items: z.array(Member) }).meta({ id: 'ProjectMemberList' });

export const Hook = z
  .strictObject({
    id: z.string(),
    source: z.enum(HOOK_SOURCES),
    name: z.string(),
    path: z.string().describe('POST deliveries here (on the API’s origin); the id is the unguessable part'),
    auth: z.enum(['sentry-hmac', 'sns-signature', 'bearer', 'grafana-hmac']),
    secretHint: z.string().nullable().describe('The end of the secret or token; null when none is set (a Sentry hook before its client secret)'),
    topicArn: z.string().nullable().describe('SNS hooks: the topic confirmed (deliveries from others are refused)'),
    createdAt: timestamp(),
    lastDeliveryAt: timestamp().nullable(),
    deliveries: count(),
  })
  .meta({ id: 'Hook' });

export const CreatedHook = z
  .strictObject({
    hook: Hook,
    secret: z.string().nullable().describe('The token (bearer) or HMAC secret to give the sender: shown this once, never again'),
  })
  .meta({ id: 'CreatedHook' });

export const HookList = z.strictObject({ items: z.array(Hook) }).meta({ id: 'HookList' });

export const HookAccepted = z
  .strictObject({
    deliveryId: z.string(),
    signals: count('Signals the delivery carried'),
    duplicate: z.boolean().describe('True when this delivery was received before (its signals are counted once)'),
  })
  .meta({ id: 'HookAccepted' });

export const IncidentMember = z.strictObject({
  fingerprint: z.string(),
  source: z.enum(SIGNAL_SOURCES),
  title: z.string(),
  status: z.enum(['firing', 'resolved']),
  severity,
  count: count(),
  firstAt: z.string(),
  lastAt: z.string(),
  identity: z.string().optional(),
  service: z.string().optional(),
  resource: z.string().optional().describe('The host, pod, instance or dimensions of its latest signal'),
  url: z.string().optional().describe('Its page at the source (Sentry issue, CloudWatch alarm, alert rule), from its latest signal'),
  template: z.string().optional().describe('The log template (<*> for parameters) of identity-less signals'),
});

export const Incident = z
  .strictObject({
    id: z.string(),
    projectId: z.uuid(),
    title: z.string(),
    state: z.enum(['open', 'acknowledged', 'resolved', 'merged']),
    severity,
    baseSeverity: severity.describe('The members’ maximum latest state, before escalation by rate and count'),
    groupKey: z.string(),
    members: z.array(IncidentMember),
    extraMembers: count('Fingerprints beyond the 100 tracked by name'),
    signalCount: count(),
    openedAt: timestamp(),
    lastSignalAt: timestamp(),
    acknowledgedAt: timestamp().optional(),
    acknowledgedBy: z.string().optional(),
    resolvedAt: timestamp().optional(),
    resolvedBy: z.string().optional().describe('Who resolved it by hand; absent when its sources did'),
    previousId: z.string().optional().describe('The resolved incident these fingerprints had before'),
    occurrence: count('How many incidents these fingerprints have had, this one included'),
    mergedInto: z.string().optional(),
    mergedFrom: z.array(z.string()),
    splitFrom: z.string().optional(),
    notifiedAt: timestamp().optional(),
    version: count(),
  })
  .meta({ id: 'Incident' });

export const IncidentPage = Page(Incident, 'IncidentPage');

export const IncidentDetail = z
  .strictObject({
    incident: Incident,
    related: z.array(z.strictObject({ id: z.string(), title: z.string(), state: z.string(), relation: z.enum(['previous', 'merged_from', 'merged_into', 'split_from']) })),
  })
  .meta({ id: 'IncidentDetail' });

export const TimelineEntry = z
  .strictObject({
    id: z.string(),
    at: timestamp(),
    kind: z.enum(['signal', 'opened', 'acknowledged', 'resolved', 'reopened', 'comment', 'merged', 'merged_into', 'split', 'split_from', 'escalated']),
    actor: z.strictObject({ id: z.string(), name: z.string() }).optional(),
    text: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineEntry' });

export const TimelinePage = Page(TimelineEntry, 'TimelinePage');

export const Outgoing = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    urlHint: z.string().describe('Scheme, host and the URL’s last characters; the URL itself is never returned'),
    createdAt: timestamp(),
    lastStatus: z.strictObject({ at: timestamp(), ok: z.boolean(), detail: z.string() }).nullable(),
  })
  .meta({ id: 'OutgoingWebhook' });
export const OutgoingList = z.strictObject({ items: z.array(Outgoing) }).meta({ id: 'OutgoingWebhookList' });

export const Connection = z
  .strictObject({
    id: z.uuid(),
    source: z.enum(['cloudwatch', 'sentry', 'grafana', 'kubernetes', 'docker', 'alertmanager']),
    name: z.string(),
    config: z.record(z.string(), z.string()).describe('Endpoint and options (not secret)'),
    credentialsHint: z.string().describe('The end of the secret (`…abcd`); the credentials are never returned'),
    createdAt: timestamp(),
    status: z.strictObject({
      state: z.enum(['never', 'ok', 'error']),
      lastPulledAt: timestamp().optional(),
      lastError: z.string().optional(),
      failures: count('Failed pulls in a row (the next pull backs off: 5 min × 2^(failures−1), at most 6 h)'),
      nextPullAt: timestamp(),
      lastTest: z.strictObject({ at: timestamp(), ok: z.boolean(), detail: z.string() }).optional(),
    }),
  })
  .meta({ id: 'Connection' });
export const ConnectionList = z.strictObject({ items: z.array(Connection) }).meta({ id: 'ConnectionList' });
export const ConnectionTest = z.strictObject({ ok: z.boolean(), detail: z.string(), at: timestamp() }).meta({ id: 'ConnectionTest' });
export const FetchQueued = z.strictObject({ queued: count('Pull jobs sent, one per connection') }).meta({ id: 'FetchQueued' });
