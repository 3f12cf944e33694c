/**
 * The incidents area's routes and consumers: projects and members, hooks (verify then enqueue),
 * incidents and their actions, outgoing webhooks; the signals, notify and outgoing consumers.
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { HOOK_BODY_BYTES } from '../../shared/incidents/limits.ts';
import {
  Connection,
  ConnectionList,
  ConnectionTest,
  CreatedHook,
  FetchQueued,
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
  ConnectionParams,
  CreateConnectionBody,
  CredentialsBody,
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
import type { ConsumerDef, Deployments, ResourceAccess, ScheduleDef } from './types.ts';

const P = '/v1/projects/{projectId}';
const I = `${P}/incidents/{incidentId}`;

export const createProjectRoute = route('create-project', { method: 'POST', path: '/v1/projects', auth: 'user', body: CreateProjectBody });
export const listProjectsRoute = route('list-projects', { method: 'GET', path: '/v1/projects', auth: 'user' });
export const getProjectRoute = route('get-project', { method: 'GET', path: P, auth: 'user', params: ProjectParams });
export const updateProjectRoute = route('update-project', { method: 'PATCH', path: P, auth: 'user', params: ProjectParams, body: UpdateProjectBody });
export const deleteProjectRoute = route('delete-project', { method: 'DELETE', path: P, auth: 'user', params: ProjectParams, successStatus: 204 });
export const listMembersRoute = route('list-members', { method: 'GET', path: `${P}/members`, auth: 'user', params: ProjectParams });
export const inviteMemberRoute = route('invite-member', { method: 'POST', path: `${P}/members`, auth: 'user', params: ProjectParams, body: InviteBody, rateLimit: { requests: 30, windowSeconds: 60 } });
export const changeMemberRoleRoute = route('change-member-role', { method: 'PATCH', path: `${P}/members/{userId}`, auth: 'user', params: MemberParams, body: RoleBody });
export const removeMemberRoute = route('remove-member', { method: 'DELETE', path: `${P}/members/{userId}`, auth: 'user', params: MemberParams, successStatus: 204 });
export const createHookRoute = route('create-hook', { method: 'POST', path: `${P}/hooks`, auth: 'user', params: ProjectParams, body: CreateHookBody });
export const listHooksRoute = route('list-hooks', { method: 'GET', path: `${P}/hooks`, auth: 'user', params: ProjectParams });
export const rotateHookSecretRoute = route('rotate-hook-secret', { method: 'POST', path: `${P}/hooks/{hookId}/secret`, auth: 'user', params: HookParams, body: RotateSecretBody, successStatus: 200 });
export const deleteHookRoute = route('delete-hook', { method: 'DELETE', path: `${P}/hooks/{hookId}`, auth: 'user', params: HookParams, successStatus: 204 });
export const receiveHookRoute = route('receive-hook', { method: 'POST', path: '/v1/hooks/{hookId}', auth: 'webhook', params: ReceiveHookParams, bodyBytes: HOOK_BODY_BYTES, successStatus: 202 });
export const listIncidentsRoute = route('list-incidents', { method: 'GET', path: `${P}/incidents`, auth: 'user', params: ProjectParams, query: ListIncidentsQuery });
export const getIncidentRoute = route('get-incident', { method: 'GET', path: I, auth: 'user', params: IncidentParams });
export const listTimelineRoute = route('list-timeline', { method: 'GET', path: `${I}/timeline`, auth: 'user', params: IncidentParams, query: PageQuery });
export const acknowledgeIncidentRoute = route('acknowledge-incident', { method: 'POST', path: `${I}/acknowledge`, auth: 'user', params: IncidentParams, successStatus: 200 });
export const resolveIncidentRoute = route('resolve-incident', { method: 'POST', path: `${I}/resolve`, auth: 'user', params: IncidentParams, successStatus: 200 });
export const reopenIncidentRoute = route('reopen-incident', { method: 'POST', path: `${I}/reopen`, auth: 'user', params: IncidentParams, successStatus: 200 });
export const commentIncidentRoute = route('comment-incident', { method: 'POST', path: `${I}/comments`, auth: 'user', params: IncidentParams, body: CommentBody });
export const mergeIncidentRoute = route('merge-incident', { method: 'POST', path: `${I}/merge`, auth: 'user', params: IncidentParams, body: MergeBody, successStatus: 200 });
export const splitIncidentRoute = route('split-incident', { method: 'POST', path: `${I}/split`, auth: 'user', params: IncidentParams, body: SplitBody });
export const createOutgoingRoute = route('create-outgoing', { method: 'POST', path: `${P}/outgoing-webhooks`, auth: 'user', params: ProjectParams, body: CreateOutgoingBody });
export const listOutgoingRoute = route('list-outgoing', { method: 'GET', path: `${P}/outgoing-webhooks`, auth: 'user', params: ProjectParams });
export const deleteOutgoingRoute = route('delete-outgoing', { method: 'DELETE', path: `${P}/outgoing-webhooks/{webhookId}`, auth: 'user', params: OutgoingParams, successStatus: 204 });
export const createConnectionRoute = route('create-connection', { method: 'POST', path: `${P}/connections`, auth: 'user', params: ProjectParams, body: CreateConnectionBody });
export const listConnectionsRoute = route('list-connections', { method: 'GET', path: `${P}/connections`, auth: 'user', params: ProjectParams });
export const rotateConnectionRoute = route('rotate-connection', { method: 'PUT', path: `${P}/connections/{connectionId}/credentials`, auth: 'user', params: ConnectionParams, body: CredentialsBody });
export const deleteConnectionRoute = route('delete-connection', { method: 'DELETE', path: `${P}/connections/{connectionId}`, auth: 'user', params: ConnectionParams, successStatus: 204 });
export const testConnectionRoute = route('test-connection', { method: 'POST', path: `${P}/connections/{connectionId}/test`, auth: 'user', params: ConnectionParams, successStatus: 200, idempotent: false });
export const fetchProjectRoute = route('fetch-project', { method: 'POST', path: `${P}/fetch`, auth: 'user', params: ProjectParams, successStatus: 202, idempotent: false });

export const incidentRoutes = contracts([
  createProjectRoute,
  listProjectsRoute,
  getProjectRoute,
  updateProjectRoute,
  deleteProjectRoute,
  listMembersRoute,
  inviteMemberRoute,
  changeMemberRoleRoute,
  removeMemberRoute,
  createHookRoute,
  listHooksRoute,
  rotateHookSecretRoute,
  deleteHookRoute,
  receiveHookRoute,
  listIncidentsRoute,
  getIncidentRoute,
  listTimelineRoute,
  acknowledgeIncidentRoute,
  resolveIncidentRoute,
  reopenIncidentRoute,
  commentIncidentRoute,
  mergeIncidentRoute,
  splitIncidentRoute,
  createOutgoingRoute,
  listOutgoingRoute,
  deleteOutgoingRoute,
  createConnectionRoute,
  listConnectionsRoute,
  rotateConnectionRoute,
  deleteConnectionRoute,
  testConnectionRoute,
  fetchProjectRoute,
]);

const read: ResourceAccess = { table: 'read' };
const write: ResourceAccess = { table: 'write' };
const incidentChange: ResourceAccess = { table: 'write', publishes: ['incident.opened', 'incident.updated', 'incident.resolved'] };
/** The 403 of a route a project role guards (viewers read; responders act on incidents; owners manage). */
const PROJECT_ROLE_DENIED = 'The caller’s role in the project does not allow this (viewers read; responders act on incidents; owners manage the project)';

export const incidentDeployment = {
  'create-project': { handler: 'functions/incidents/create-project.ts', resources: write, summary: 'Create a project (you become its owner)', tag: 'projects', response: ProjectSummary },
  'list-projects': { handler: 'functions/incidents/list-projects.ts', resources: read, summary: 'Your projects, with open incidents by severity', tag: 'projects', response: ProjectList },
  'get-project': { handler: 'functions/incidents/get-project.ts', resources: read, summary: 'One project (members only; others get 404)', tag: 'projects', response: ProjectSummary },
  'update-project': { handler: 'functions/incidents/update-project.ts', resources: write, summary: 'Rename a project, change its description or group wait (owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects', response: ProjectSummary },
  'delete-project': { handler: 'functions/incidents/delete-project.ts', resources: write, summary: 'Delete a project and everything in it (owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects', timeoutSeconds: 29 },
  'list-members': { handler: 'functions/incidents/list-members.ts', resources: read, summary: 'Members of a project and their roles', tag: 'projects', response: MemberList },
  'invite-member': { handler: 'functions/incidents/invite-member.ts', resources: { table: 'write', userPool: 'lookup' }, summary: 'Add an existing account by email with a role (owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects', response: Member },
  'change-member-role': { handler: 'functions/incidents/change-member-role.ts', resources: write, summary: 'Change a member’s role (owners; a project keeps an owner)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects', response: Member },
  'remove-member': { handler: 'functions/incidents/remove-member.ts', resources: write, summary: 'Remove a member (owners), or leave', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects' },
  'create-hook': { handler: 'functions/incidents/create-hook.ts', resources: { table: 'write', secrets: { envelope: 'seal' } }, summary: 'Make an unguessable hook URL for a source; its token or secret is shown once (owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects', response: CreatedHook },
  'list-hooks': { handler: 'functions/incidents/list-hooks.ts', resources: read, summary: 'A project’s hooks (secrets are never returned)', tag: 'projects', response: HookList },
  'rotate-hook-secret': { handler: 'functions/incidents/rotate-hook-secret.ts', resources: { table: 'write', secrets: { envelope: 'seal' } }, summary: 'Re-enter Sentry’s client secret, or regenerate a token or HMAC secret (owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects', response: CreatedHook },
  'delete-hook': { handler: 'functions/incidents/delete-hook.ts', resources: write, summary: 'Delete a hook: its URL stops working (owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects' },
  'receive-hook': {
    handler: 'functions/incidents/receive-hook.ts',
    resources: { table: 'write', buckets: { signals: 'write' }, queues: ['incident-signals'], secrets: { envelope: 'open' } },
    summary: 'A monitoring source’s delivery: verified on the raw body, stored and enqueued (202); duplicates are dropped',
    errors: {
      401: 'The token, HMAC or signature does not verify (the answer says which check failed)',
      413: 'Body over the hook’s limit',
      422: 'A payload of a shape the source does not send (the message names what was expected)',
    },
    tag: 'hooks',
    response: HookAccepted,
    memoryMb: 1024,
  },
  'list-incidents': { handler: 'functions/incidents/list-incidents.ts', resources: read, summary: 'A project’s incidents (active, resolved or merged), newest first, by severity', tag: 'incidents', response: IncidentPage },
  'get-incident': { handler: 'functions/incidents/get-incident.ts', resources: read, summary: 'One incident with its members and related incidents', tag: 'incidents', response: IncidentDetail },
  'list-timeline': { handler: 'functions/incidents/list-timeline.ts', resources: read, summary: 'An incident’s timeline: signals, state changes, who did what', tag: 'incidents', response: TimelinePage },
  'acknowledge-incident': { handler: 'functions/incidents/acknowledge-incident.ts', resources: incidentChange, summary: 'Acknowledge (responders and owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'incidents', response: IncidentDetail },
  'resolve-incident': { handler: 'functions/incidents/resolve-incident.ts', resources: incidentChange, summary: 'Resolve by hand (responders and owners); later signals open a new, linked incident', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'incidents', response: IncidentDetail },
  'reopen-incident': { handler: 'functions/incidents/reopen-incident.ts', resources: incidentChange, summary: 'Reopen a resolved incident (responders and owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'incidents', response: IncidentDetail },
  'comment-incident': { handler: 'functions/incidents/comment-incident.ts', resources: write, summary: 'Comment on the timeline (responders and owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'incidents', response: TimelineEntry },
  'merge-incident': { handler: 'functions/incidents/merge-incident.ts', resources: incidentChange, summary: 'Merge this incident into another; remembered for later signals (responders and owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'incidents', response: IncidentDetail },
  'split-incident': { handler: 'functions/incidents/split-incident.ts', resources: incidentChange, summary: 'Split members off into a new incident (responders and owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'incidents', response: IncidentDetail },
  'create-outgoing': { handler: 'functions/incidents/create-outgoing.ts', resources: { table: 'write', secrets: { envelope: 'seal' } }, summary: 'Post incident changes to a Slack-compatible webhook (owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects', response: Outgoing },
  'list-outgoing': { handler: 'functions/incidents/list-outgoing.ts', resources: read, summary: 'A project’s outgoing webhooks and their last delivery', tag: 'projects', response: OutgoingList },
  'delete-outgoing': { handler: 'functions/incidents/delete-outgoing.ts', resources: write, summary: 'Delete an outgoing webhook (owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects' },
  'create-connection': { handler: 'functions/incidents/create-connection.ts', resources: { table: 'write', secrets: { envelope: 'seal' } }, summary: 'Connect a monitoring account to pull from (owners); credentials are sealed, never returned', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects', response: Connection },
  'list-connections': { handler: 'functions/incidents/list-connections.ts', resources: read, summary: 'A project’s connections with their pull status and a masked credentials hint', tag: 'projects', response: ConnectionList },
  'rotate-connection': { handler: 'functions/incidents/rotate-connection.ts', resources: { table: 'write', secrets: { envelope: 'seal' } }, summary: 'Rotate a connection’s credentials by re-entering them (owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects', response: Connection },
  'delete-connection': { handler: 'functions/incidents/delete-connection.ts', resources: write, summary: 'Delete a connection (owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects' },
  'test-connection': { handler: 'functions/incidents/test-connection.ts', resources: { table: 'write', secrets: { envelope: 'open' }, monitoring: 'assume-role' }, summary: 'Try a connection’s URL and credentials now, with a clear outcome (responders and owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'projects', response: ConnectionTest, timeoutSeconds: 20 },
  'fetch-project': { handler: 'functions/incidents/fetch-project.ts', resources: { table: 'read', queues: ['incident-pulls'] }, summary: 'Pull every connection of the project now (responders and owners)', errors: { 403: PROJECT_ROLE_DENIED }, tag: 'incidents', response: FetchQueued },
} satisfies Deployments<typeof incidentRoutes>;

export const incidentConsumers = {
  'incident-signals': {
    handler: 'functions/consumers/incident-signals.ts',
    resources: { table: 'write', buckets: { signals: 'write' }, publishes: ['incident.opened', 'incident.updated', 'incident.resolved'] },
    batchSize: 10,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    maxConcurrency: 2,
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
  'incident-pulls': {
    handler: 'functions/consumers/incident-pulls.ts',
    resources: { table: 'write', secrets: { envelope: 'open' }, queues: ['incident-signals'], monitoring: 'assume-role' },
    batchSize: 5,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 3,
    timeoutSeconds: 60,
    memoryMb: 512,
    description: 'Pulls one connection (CloudWatch, Sentry, Grafana, Alertmanager, Kubernetes, Docker) and enqueues its signals; a failing source backs off alone',
  },
} satisfies Record<string, ConsumerDef>;

export const incidentSchedules = {
  'incident-pulls-due': {
    expression: 'rate(5 minutes)',
    handler: 'functions/jobs/incident-pulls-due.ts',
    resources: { table: 'read', queues: ['incident-pulls'] },
    timeoutSeconds: 60,
    memoryMb: 256,
    description: 'Sends a pull job for each connection whose next pull is due (its back-off included)',
  },
  'system-project': {
    expression: 'rate(1 hour)',
    handler: 'functions/jobs/system-project.ts',
    resources: { table: 'write', secrets: { app: ['system-hook'] } },
    timeoutSeconds: 30,
    memoryMb: 256,
    description: 'Makes (once) the stage’s system project “Mosaic <stage>” and the CloudWatch hook its ops alarms post to',
  },
} satisfies Record<string, ScheduleDef>;
