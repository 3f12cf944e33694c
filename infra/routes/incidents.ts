/**
 * The incidents area's routes and consumers: projects and members, hooks (verify then enqueue),
 * incidents and their actions, outgoing webhooks; the signals, notify and outgoing consumers.
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { HOOK_BODY_BYTES } from '../../shared/incidents/limits.ts';
import {
  CreatedHook,
  HookAccepted,
  HookList,
  IncidentDetail,
  IncidentPage,
  Member,
  MemberList,
  Outgoing,
  OutgoingList,
  ProjectList,
  ProjectSummary,
  TimelineEntry,
  TimelinePage,
} from '../../shared/incidents/responses.ts';
import {
  CommentBody,
  CreateHookBody,
  CreateOutgoingBody,
  CreateProjectBody,
  HookParams,
  IncidentParams,
  InviteBody,
  ListIncidentsQuery,
  MemberParams,
  MergeBody,
  OutgoingParams,
  ProjectParams,
  ReceiveHookParams,
  RoleBody,
  RotateSecretBody,
  SplitBody,
  UpdateProjectBody,
} from '../../shared/incidents/schemas.ts';
import { PageQuery } from '../../shared/kit/schemas.ts';
import type { ConsumerDef, Deployments, ResourceAccess } from './types.ts';

const P = '/v1/projects/{projectId}';
const I = `${P}/incidents/{incidentId}`;

export const incidentRoutes = contracts({
  'create-project': route({ method: 'POST', path: '/v1/projects', auth: 'user', body: CreateProjectBody }),
  'list-projects': route({ method: 'GET', path: '/v1/projects', auth: 'user' }),
  'get-project': route({ method: 'GET', path: P, auth: 'user', params: ProjectParams }),
  'update-project': route({ method: 'PATCH', path: P, auth: 'user', params: ProjectParams, body: UpdateProjectBody }),
  'delete-project': route({ method: 'DELETE', path: P, auth: 'user', params: ProjectParams, successStatus: 204 }),
  'list-members': route({ method: 'GET', path: `${P}/members`, auth: 'user', params: ProjectParams }),
  'invite-member': route({ method: 'POST', path: `${P}/members`, auth: 'user', params: ProjectParams, body: InviteBody, rateLimit: { requests: 30, windowSeconds: 60 } }),
  'change-member-role': route({ method: 'PATCH', path: `${P}/members/{userId}`, auth: 'user', params: MemberParams, body: RoleBody }),
  'remove-member': route({ method: 'DELETE', path: `${P}/members/{userId}`, auth: 'user', params: MemberParams, successStatus: 204 }),
  'create-hook': route({ method: 'POST', path: `${P}/hooks`, auth: 'user', params: ProjectParams, body: CreateHookBody }),
  'list-hooks': route({ method: 'GET', path: `${P}/hooks`, auth: 'user', params: ProjectParams }),
  'rotate-hook-secret': route({ method: 'POST', path: `${P}/hooks/{hookId}/secret`, auth: 'user', params: HookParams, body: RotateSecretBody, successStatus: 200 }),
  'delete-hook': route({ method: 'DELETE', path: `${P}/hooks/{hookId}`, auth: 'user', params: HookParams, successStatus: 204 }),
  'receive-hook': route({ method: 'POST', path: '/v1/hooks/{hookId}', auth: 'webhook', params: ReceiveHookParams, bodyBytes: HOOK_BODY_BYTES, successStatus: 202 }),
  'list-incidents': route({ method: 'GET', path: `${P}/incidents`, auth: 'user', params: ProjectParams, query: ListIncidentsQuery }),
  'get-incident': route({ method: 'GET', path: I, auth: 'user', params: IncidentParams }),
  'list-timeline': route({ method: 'GET', path: `${I}/timeline`, auth: 'user', params: IncidentParams, query: PageQuery }),
  'acknowledge-incident': route({ method: 'POST', path: `${I}/acknowledge`, auth: 'user', params: IncidentParams, successStatus: 200 }),
  'resolve-incident': route({ method: 'POST', path: `${I}/resolve`, auth: 'user', params: IncidentParams, successStatus: 200 }),
  'reopen-incident': route({ method: 'POST', path: `${I}/reopen`, auth: 'user', params: IncidentParams, successStatus: 200 }),
  'comment-incident': route({ method: 'POST', path: `${I}/comments`, auth: 'user', params: IncidentParams, body: CommentBody }),
  'merge-incident': route({ method: 'POST', path: `${I}/merge`, auth: 'user', params: IncidentParams, body: MergeBody, successStatus: 200 }),
  'split-incident': route({ method: 'POST', path: `${I}/split`, auth: 'user', params: IncidentParams, body: SplitBody }),
  'create-outgoing': route({ method: 'POST', path: `${P}/outgoing-webhooks`, auth: 'user', params: ProjectParams, body: CreateOutgoingBody }),
  'list-outgoing': route({ method: 'GET', path: `${P}/outgoing-webhooks`, auth: 'user', params: ProjectParams }),
  'delete-outgoing': route({ method: 'DELETE', path: `${P}/outgoing-webhooks/{webhookId}`, auth: 'user', params: OutgoingParams, successStatus: 204 }),
});

const read: ResourceAccess = { table: 'read' };
const write: ResourceAccess = { table: 'write' };
const incidentChange: ResourceAccess = { table: 'write', publishes: ['incident.opened', 'incident.updated', 'incident.resolved'] };

export const incidentDeployment = {
  'create-project': { handler: 'functions/incidents/create-project.ts', resources: write, summary: 'Create a project (you become its owner)', tag: 'projects', response: ProjectSummary },
  'list-projects': { handler: 'functions/incidents/list-projects.ts', resources: read, summary: 'Your projects, with open incidents by severity', tag: 'projects', response: ProjectList },
  'get-project': { handler: 'functions/incidents/get-project.ts', resources: read, summary: 'One project (members only; others get 404)', tag: 'projects', response: ProjectSummary },
  'update-project': { handler: 'functions/incidents/update-project.ts', resources: write, summary: 'Rename a project, change its description or group wait (owners)', tag: 'projects', response: ProjectSummary },
  'delete-project': { handler: 'functions/incidents/delete-project.ts', resources: write, summary: 'Delete a project and everything in it (owners)', tag: 'projects', timeoutSeconds: 29 },
  'list-members': { handler: 'functions/incidents/list-members.ts', resources: read, summary: 'Members of a project and their roles', tag: 'projects', response: MemberList },
  'invite-member': { handler: 'functions/incidents/invite-member.ts', resources: { table: 'write', userPool: 'lookup' }, summary: 'Add an existing account by email with a role (owners)', tag: 'projects', response: Member },
  'change-member-role': { handler: 'functions/incidents/change-member-role.ts', resources: write, summary: 'Change a member’s role (owners; a project keeps an owner)', tag: 'projects', response: Member },
  'remove-member': { handler: 'functions/incidents/remove-member.ts', resources: write, summary: 'Remove a member (owners), or leave', tag: 'projects' },
  'create-hook': { handler: 'functions/incidents/create-hook.ts', resources: { table: 'write', secrets: { envelope: 'seal' } }, summary: 'Make an unguessable hook URL for a source; its token or secret is shown once (owners)', tag: 'projects', response: CreatedHook },
  'list-hooks': { handler: 'functions/incidents/list-hooks.ts', resources: read, summary: 'A project’s hooks (secrets are never returned)', tag: 'projects', response: HookList },
  'rotate-hook-secret': { handler: 'functions/incidents/rotate-hook-secret.ts', resources: { table: 'write', secrets: { envelope: 'seal' } }, summary: 'Re-enter Sentry’s client secret, or regenerate a token or HMAC secret (owners)', tag: 'projects', response: CreatedHook },
  'delete-hook': { handler: 'functions/incidents/delete-hook.ts', resources: write, summary: 'Delete a hook: its URL stops working (owners)', tag: 'projects' },
  'receive-hook': {
    handler: 'functions/incidents/receive-hook.ts',
    resources: { table: 'write', buckets: { signals: 'write' }, queues: ['incident-signals'], secrets: { envelope: 'open' } },
    summary: 'A monitoring source’s delivery: verified on the raw body, stored and enqueued (202); duplicates are dropped',
    tag: 'hooks',
    response: HookAccepted,
    memoryMb: 1024,
  },
  'list-incidents': { handler: 'functions/incidents/list-incidents.ts', resources: read, summary: 'A project’s incidents (active, resolved or merged), newest first, by severity', tag: 'incidents', response: IncidentPage },
  'get-incident': { handler: 'functions/incidents/get-incident.ts', resources: read, summary: 'One incident with its members and related incidents', tag: 'incidents', response: IncidentDetail },
  'list-timeline': { handler: 'functions/incidents/list-timeline.ts', resources: read, summary: 'An incident’s timeline: signals, state changes, who did what', tag: 'incidents', response: TimelinePage },
  'acknowledge-incident': { handler: 'functions/incidents/acknowledge-incident.ts', resources: incidentChange, summary: 'Acknowledge (responders and owners)', tag: 'incidents', response: IncidentDetail },
  'resolve-incident': { handler: 'functions/incidents/resolve-incident.ts', resources: incidentChange, summary: 'Resolve by hand (responders and owners); later signals open a new, linked incident', tag: 'incidents', response: IncidentDetail },
  'reopen-incident': { handler: 'functions/incidents/reopen-incident.ts', resources: incidentChange, summary: 'Reopen a resolved incident (responders and owners)', tag: 'incidents', response: IncidentDetail },
  'comment-incident': { handler: 'functions/incidents/comment-incident.ts', resources: write, summary: 'Comment on the timeline (responders and owners)', tag: 'incidents', response: TimelineEntry },
  'merge-incident': { handler: 'functions/incidents/merge-incident.ts', resources: incidentChange, summary: 'Merge this incident into another; remembered for later signals (responders and owners)', tag: 'incidents', response: IncidentDetail },
  'split-incident': { handler: 'functions/incidents/split-incident.ts', resources: incidentChange, summary: 'Split members off into a new incident (responders and owners)', tag: 'incidents', response: IncidentDetail },
  'create-outgoing': { handler: 'functions/incidents/create-outgoing.ts', resources: { table: 'write', secrets: { envelope: 'seal' } }, summary: 'Post incident changes to a Slack-compatible webhook (owners)', tag: 'projects', response: Outgoing },
  'list-outgoing': { handler: 'functions/incidents/list-outgoing.ts', resources: read, summary: 'A project’s outgoing webhooks and their last delivery', tag: 'projects', response: OutgoingList },
  'delete-outgoing': { handler: 'functions/incidents/delete-outgoing.ts', resources: write, summary: 'Delete an outgoing webhook (owners)', tag: 'projects' },
} satisfies Deployments<typeof incidentRoutes>;

export const incidentConsumers = {
  'incident-signals': {
    handler: 'functions/consumers/incident-signals.ts',
    resources: { table: 'write', publishes: ['incident.opened', 'incident.updated', 'incident.resolved'] },
    batchSize: 10,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    maxConcurrency: 4,
    timeoutSeconds: 30,
    memoryMb: 1024,
    description: 'Correlates hook and pull signals into incidents (templates, fingerprints, groups, severity), confirms SNS subscriptions',
  },
  'incident-notify': {
    handler: 'functions/consumers/incident-notify.ts',
    eventTypes: ['incident.opened', 'incident.updated', 'incident.resolved'],
    resources: { table: 'write', queues: ['incident-outgoing'] },
    batchSize: 10,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    timeoutSeconds: 30,
    memoryMb: 256,
    description: 'In-app notifications to members, and one outgoing job per webhook of the project',
  },
  'incident-outgoing': {
    handler: 'functions/consumers/incident-outgoing.ts',
    resources: { table: 'write', secrets: { envelope: 'open' } },
    batchSize: 5,
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 6,
    timeoutSeconds: 20,
    memoryMb: 256,
    description: 'Posts one incident change to one outgoing webhook (Slack-compatible); retried with back-off, then dead-lettered',
  },
} satisfies Record<string, ConsumerDef>;
