import { LIMITS } from './limits.ts';
import { send } from './client.ts';
import { endpoint, fillPath } from './route-path.ts';
import { ROUTES } from './routes.gen.ts';
import type { RealtimeTicket } from '../../../shared/realtime/protocol.ts';
import type {
  Activity,
  ActivityChanges,
  ActivityInput,
  ActivityInsights,
  ActivityListQuery,
  MoveActivityInput,
  Camera,
  CameraChanges,
  CameraInput,
  CameraTicketAnswer,
  CreatedImport,
  DevicesOverview,
  MappingRule,
  RuleInput,
  RulePreview,
  Entry,
  EntryListQuery,
  ExportFormat,
  ExportResult,
  FinalizeResult,
  Goal,
  GoalChanges,
  GoalInput,
  GoalLinkInput,
  CreatedHook,
  Hook,
  HookInput,
  ImportInput,
  Incident,
  IncidentDetail,
  InviteInput,
  ConnectionTest,
  OutgoingInput,
  OutgoingWebhook,
  PullConnection,
  PullConnectionInput,
  Project,
  ProjectChanges,
  ProjectInput,
  ProjectMember,
  TimelineEntry,
  ImportJobView,
  LoginAnswer,
  LoginInput,
  LoginMfaInput,
  MfaEnableInput,
  MfaSetup,
  Notification,
  PushSubscriptionInput,
  PushSubscriptionView,
  VapidPublicKey,
  NotificationListQuery,
  Page,
  PauseInput,
  ProgressDashboard,
  PasswordConfirmInput,
  RegisterAccepted,
  RegisterInput,
  SessionAnswer,
  TodayView,
  UpdateMeInput,
  UserView,
  AdminHealth,
  AdminUser,
  AdminUserDetail,
  AuditListQuery,
  AuditTrailPage,
  BackupView,
  DeadLetters,
  JobRun,
  JobRunListQuery,
  LogLines,
  LogListQuery,
  MetricsListQuery,
  MetricsReport,
  QueueDepths,
  Redriven,
  RestoreResultView,
  UserListQuery,
  BackupScheduleInput,
  BackupScheduleView,
  RestoreAllQueued,
} from './types.ts';

/**
 * Every route the web app uses, one typed function each. Each names its route in the generated
 * table (routes.gen.ts, from infra/routes/), which gives its method and path: no path is written here.
 */

const R = ROUTES;

/** The API path of one entry (a day of an activity): where the outbox writes it, and how a waiting write is named. */
export const entryPath = (date: string, activityId: string) => fillPath(R['put-entry'].path, { date, activityId });

/** Paging of any list route. */
interface Paging {
  cursor?: string;
  limit?: number;
}

export const api = {
  admin: {
    users: (query: UserListQuery, signal?: AbortSignal) => send<Page<AdminUser>>(endpoint(R['list-users']), { query: { ...query }, signal }),
    user: (id: string, signal?: AbortSignal) => send<AdminUserDetail>(endpoint(R['get-user'], { id }), { signal }),
    disable: (id: string) => send<AdminUser>(endpoint(R['disable-user'], { id })),
    enable: (id: string) => send<AdminUser>(endpoint(R['enable-user'], { id })),
    grant: (id: string) => send<AdminUser>(endpoint(R['grant-admin'], { id })),
    revoke: (id: string) => send<AdminUser>(endpoint(R['revoke-admin'], { id })),
    remove: (id: string) => send<void>(endpoint(R['delete-user'], { id })),
    audit: (query: AuditListQuery, signal?: AbortSignal) => send<AuditTrailPage>(endpoint(R['list-audit']), { query: { ...query }, signal }),
    jobRuns: (query: JobRunListQuery, signal?: AbortSignal) => send<Page<JobRun>>(endpoint(R['list-job-runs']), { query: { ...query }, signal }),
    redriveRun: (id: string) => send<Redriven>(endpoint(R['redrive-job-run'], { id })),
    queues: (signal?: AbortSignal) => send<QueueDepths>(endpoint(R['list-queues']), { signal }),
    deadLetters: (consumer: string, signal?: AbortSignal) => send<DeadLetters>(endpoint(R['list-dead-letters'], { consumer }), { signal }),
    redriveDeadLetters: (consumer: string) => send<Redriven>(endpoint(R['redrive-dead-letters'], { consumer })),
    health: (signal?: AbortSignal) => send<AdminHealth>(endpoint(R['get-admin-health']), { signal }),
    metrics: (query: MetricsListQuery, signal?: AbortSignal) => send<MetricsReport>(endpoint(R['get-metrics']), { query: { ...query }, signal }),
    logs: (query: LogListQuery, signal?: AbortSignal) => send<LogLines>(endpoint(R['list-logs']), { query: { ...query }, signal }),
    backups: (id: string, signal?: AbortSignal) => send<{ items: BackupView[] }>(endpoint(R['list-user-backups'], { id }), { signal }),
    restore: (id: string, key: string, allowOtherUser = false) =>
      send<RestoreResultView>(endpoint(R['restore-user-backup'], { id }), { body: { key, allowOtherUser } }),
    backupSchedule: (signal?: AbortSignal) => send<BackupScheduleView>(endpoint(R['get-backup-schedule']), { signal }),
    setBackupSchedule: (body: BackupScheduleInput) => send<BackupScheduleView>(endpoint(R['put-backup-schedule']), { body }),
    restoreAll: (at: string, idempotencyKey: string) => send<RestoreAllQueued>(endpoint(R['restore-all-backups']), { body: { at }, idempotencyKey }),
  },
  cameras: {
    list: (signal?: AbortSignal) => send<{ items: Camera[] }>(endpoint(R['list-cameras']), { signal }),
    get: (id: string, signal?: AbortSignal) => send<Camera>(endpoint(R['get-camera'], { id }), { signal }),
    create: (body: CameraInput, idempotencyKey: string) => send<Camera>(endpoint(R['create-camera']), { body, idempotencyKey }),
    update: (id: string, body: CameraChanges) => send<Camera>(endpoint(R['update-camera'], { id }), { body }),
    remove: (id: string) => send<void>(endpoint(R['delete-camera'], { id })),
    /** A ticket, or `starting` while the camera's worker task starts (cloud): ask again after retryAfterSeconds. */
    ticket: (id: string) => send<CameraTicketAnswer>(endpoint(R['create-camera-ticket'], { id })),
    snapshot: (id: string, signal?: AbortSignal) => send<Blob>(endpoint(R['get-camera-snapshot'], { id }), { signal }),
  },
  auth: {
    register: (body: RegisterInput) => send<RegisterAccepted>(endpoint(R.register), { body, auth: false }),
    login: (body: LoginInput) => send<LoginAnswer>(endpoint(R.login), { body, auth: false }),
    loginWithCode: (body: LoginMfaInput) => send<SessionAnswer>(endpoint(R['login-mfa']), { body, auth: false }),
    /** Ends this session on the server (an expired access token is refreshed first, as for any call). */
    logout: (refreshToken: string) => send<void>(endpoint(R.logout), { body: { refreshToken } }),
    logoutEverywhere: () => send<void>(endpoint(R['logout-all'])),
  },
  me: {
    get: (signal?: AbortSignal) => send<UserView>(endpoint(R['get-me']), { signal }),
    update: (body: UpdateMeInput) => send<UserView>(endpoint(R['update-me']), { body }),
    delete: (body: PasswordConfirmInput) => send<void>(endpoint(R['delete-me']), { body }),
    mfa: {
      setup: () => send<MfaSetup>(endpoint(R['mfa-setup'])),
      enable: (body: MfaEnableInput) => send<UserView>(endpoint(R['mfa-enable']), { body }),
      disable: (body: PasswordConfirmInput) => send<UserView>(endpoint(R['mfa-disable']), { body }),
    },
  },
  activities: {
    list: (query: ActivityListQuery, signal?: AbortSignal) => send<Page<Activity>>(endpoint(R['list-activities']), { query: { ...query }, signal }),
    /** Every activity (the API caps a user's count), following cursors a full page at a time. */
    all: async (signal?: AbortSignal): Promise<Activity[]> => {
      const out: Activity[] = [];
      let cursor: string | undefined;
      do {
        const page = await send<Page<Activity>>(endpoint(R['list-activities']), { query: { status: 'all', cursor, limit: LIMITS.pageSize }, signal });
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    },
    get: (id: string, signal?: AbortSignal) => send<Activity>(endpoint(R['get-activity'], { id }), { signal }),
    create: (body: ActivityInput, key: string) => send<Activity>(endpoint(R['create-activity']), { body, idempotencyKey: key }),
    update: (id: string, body: ActivityChanges) => send<Activity>(endpoint(R['update-activity'], { id }), { body }),
    remove: (id: string) => send<void>(endpoint(R['delete-activity'], { id })),
    activate: (id: string, key: string) => send<Activity>(endpoint(R['activate-activity'], { id }), { idempotencyKey: key }),
    deactivate: (id: string, key: string) => send<Activity>(endpoint(R['deactivate-activity'], { id }), { idempotencyKey: key }),
    addPause: (id: string, body: PauseInput, key: string) => send<Activity>(endpoint(R['add-pause'], { id }), { body, idempotencyKey: key }),
    removePause: (id: string, from: string) => send<Activity>(endpoint(R['remove-pause'], { id, from })),
    move: (id: string, body: MoveActivityInput) => send<Activity>(endpoint(R['move-activity'], { id }), { body }),
    resume: (id: string, key: string) => send<Activity>(endpoint(R['resume-activity'], { id }), { idempotencyKey: key }),
    stats: (id: string, date?: string, signal?: AbortSignal) =>
      send<ActivityInsights>(endpoint(R['get-activity-stats'], { id }), { query: { date }, signal }),
  },
  entries: {
    // Entries are written through the outbox (features/tracking/entry-outbox.ts) to entryPath.
    list: (query: EntryListQuery, signal?: AbortSignal) => send<Page<Entry>>(endpoint(R['list-entries']), { query: { ...query }, signal }),
  },
  today: (date?: string, signal?: AbortSignal) => send<TodayView>(endpoint(R['get-today']), { query: { date }, signal }),
  finalizeDay: (date: string, key: string) => send<FinalizeResult>(endpoint(R['finalize-day'], { date }), { idempotencyKey: key }),
  dashboard: (date?: string, signal?: AbortSignal) => send<ProgressDashboard>(endpoint(R['get-dashboard']), { query: { date }, signal }),
  goals: {
    list: (query: Paging, signal?: AbortSignal) => send<Page<Goal>>(endpoint(R['list-goals']), { query: { ...query }, signal }),
    get: (id: string, signal?: AbortSignal) => send<Goal>(endpoint(R['get-goal'], { id }), { signal }),
    create: (body: GoalInput, key: string) => send<Goal>(endpoint(R['create-goal']), { body, idempotencyKey: key }),
    update: (id: string, body: GoalChanges) => send<Goal>(endpoint(R['update-goal'], { id }), { body }),
    setLinks: (id: string, links: GoalLinkInput[]) => send<Goal>(endpoint(R['set-goal-links'], { id }), { body: { links } }),
    remove: (id: string) => send<void>(endpoint(R['delete-goal'], { id })),
  },
  realtime: {
    /** A single-use ticket (a minute) to open the live-updates WebSocket with (docs/realtime.md). */
    ticket: () => send<RealtimeTicket>(endpoint(R['create-realtime-ticket'])),
  },
  notifications: {
    list: (query: NotificationListQuery, signal?: AbortSignal) => send<Page<Notification>>(endpoint(R['list-notifications']), { query: { ...query }, signal }),
    read: (id: string, key: string) => send<Notification>(endpoint(R['read-notification'], { id }), { idempotencyKey: key }),
  },
  push: {
    /** The stage's VAPID public key (pushManager.subscribe's applicationServerKey). */
    key: (signal?: AbortSignal) => send<VapidPublicKey>(endpoint(R['get-push-key']), { signal }),
    /** Registers this browser's subscription (idempotent by endpoint). */
    subscribe: (body: PushSubscriptionInput) => send<PushSubscriptionView>(endpoint(R['add-push-subscription']), { body }),
    unsubscribe: (id: string) => send<void>(endpoint(R['delete-push-subscription'], { id })),
  },
  projects: {
    list: (signal?: AbortSignal) => send<{ items: Project[] }>(endpoint(R['list-projects']), { signal }),
    get: (id: string, signal?: AbortSignal) => send<Project>(endpoint(R['get-project'], { projectId: id }), { signal }),
    create: (body: ProjectInput, key: string) => send<Project>(endpoint(R['create-project']), { body, idempotencyKey: key }),
    update: (id: string, body: ProjectChanges) => send<Project>(endpoint(R['update-project'], { projectId: id }), { body }),
    remove: (id: string) => send<void>(endpoint(R['delete-project'], { projectId: id })),
    members: (id: string, signal?: AbortSignal) => send<{ items: ProjectMember[] }>(endpoint(R['list-members'], { projectId: id }), { signal }),
    invite: (id: string, body: InviteInput, key: string) => send<ProjectMember>(endpoint(R['invite-member'], { projectId: id }), { body, idempotencyKey: key }),
    removeMember: (id: string, userId: string) => send<void>(endpoint(R['remove-member'], { projectId: id, userId })),
    hooks: (id: string, signal?: AbortSignal) => send<{ items: Hook[] }>(endpoint(R['list-hooks'], { projectId: id }), { signal }),
    createHook: (id: string, body: HookInput, key: string) => send<CreatedHook>(endpoint(R['create-hook'], { projectId: id }), { body, idempotencyKey: key }),
    rotateHook: (id: string, hookId: string, secret: string | undefined, key: string) =>
      send<CreatedHook>(endpoint(R['rotate-hook-secret'], { projectId: id, hookId }), { body: secret ? { secret } : {}, idempotencyKey: key }),
    removeHook: (id: string, hookId: string) => send<void>(endpoint(R['delete-hook'], { projectId: id, hookId })),
    outgoing: (id: string, signal?: AbortSignal) => send<{ items: OutgoingWebhook[] }>(endpoint(R['list-outgoing'], { projectId: id }), { signal }),
    createOutgoing: (id: string, body: OutgoingInput, key: string) =>
      send<OutgoingWebhook>(endpoint(R['create-outgoing'], { projectId: id }), { body, idempotencyKey: key }),
    removeOutgoing: (id: string, webhookId: string) => send<void>(endpoint(R['delete-outgoing'], { projectId: id, webhookId })),
    connections: (id: string, signal?: AbortSignal) => send<{ items: PullConnection[] }>(endpoint(R['list-connections'], { projectId: id }), { signal }),
    createConnection: (id: string, body: PullConnectionInput, key: string) =>
      send<PullConnection>(endpoint(R['create-connection'], { projectId: id }), { body, idempotencyKey: key }),
    testConnection: (id: string, connectionId: string, key: string) =>
      send<ConnectionTest>(endpoint(R['test-connection'], { projectId: id, connectionId }), { idempotencyKey: key }),
    removeConnection: (id: string, connectionId: string) => send<void>(endpoint(R['delete-connection'], { projectId: id, connectionId })),
    fetchNow: (id: string, key: string) => send<{ queued: number }>(endpoint(R['fetch-project'], { projectId: id }), { idempotencyKey: key }),
    incidents: (id: string, query: Paging & { state?: string; severity?: string }, signal?: AbortSignal) =>
      send<Page<Incident>>(endpoint(R['list-incidents'], { projectId: id }), { query: { ...query }, signal }),
    incident: (id: string, incidentId: string, signal?: AbortSignal) =>
      send<IncidentDetail>(endpoint(R['get-incident'], { projectId: id, incidentId }), { signal }),
    timeline: (id: string, incidentId: string, query: Paging, signal?: AbortSignal) =>
      send<Page<TimelineEntry>>(endpoint(R['list-timeline'], { projectId: id, incidentId }), { query: { ...query }, signal }),
    act: (id: string, incidentId: string, action: 'acknowledge' | 'resolve' | 'reopen', key: string) =>
      send<IncidentDetail>(endpoint(R[`${action}-incident`], { projectId: id, incidentId }), { idempotencyKey: key }),
    comment: (id: string, incidentId: string, text: string, key: string) =>
      send<TimelineEntry>(endpoint(R['comment-incident'], { projectId: id, incidentId }), { body: { text }, idempotencyKey: key }),
    merge: (id: string, incidentId: string, into: string, key: string) =>
      send<IncidentDetail>(endpoint(R['merge-incident'], { projectId: id, incidentId }), { body: { into }, idempotencyKey: key }),
    split: (id: string, incidentId: string, fingerprints: string[], key: string) =>
      send<IncidentDetail>(endpoint(R['split-incident'], { projectId: id, incidentId }), { body: { fingerprints }, idempotencyKey: key }),
  },
  imports: {
    create: (body: ImportInput, key: string) => send<CreatedImport>(endpoint(R['create-import']), { body, idempotencyKey: key }),
    start: (id: string, key: string) => send<ImportJobView>(endpoint(R['start-import'], { id }), { idempotencyKey: key }),
    retry: (id: string, key: string) => send<ImportJobView>(endpoint(R['retry-import'], { id }), { idempotencyKey: key }),
    get: (id: string, signal?: AbortSignal) => send<ImportJobView>(endpoint(R['get-import'], { id }), { signal }),
    list: (query: Paging, signal?: AbortSignal) => send<Page<ImportJobView>>(endpoint(R['list-imports']), { query: { ...query }, signal }),
  },
  wearables: {
    sources: (signal?: AbortSignal) => send<DevicesOverview>(endpoint(R['list-wearable-sources']), { signal }),
    rules: (signal?: AbortSignal) => send<{ items: MappingRule[] }>(endpoint(R['list-wearable-rules']), { signal }),
    createRule: (body: RuleInput, key: string) => send<MappingRule>(endpoint(R['create-wearable-rule']), { body, idempotencyKey: key }),
    removeRule: (id: string) => send<void>(endpoint(R['delete-wearable-rule'], { id })),
    preview: (id: string, signal?: AbortSignal) => send<RulePreview>(endpoint(R['preview-wearable-rule'], { id }), { signal }),
  },
  exports: {
    create: (format: ExportFormat, key: string) => send<ExportResult>(endpoint(R['create-export']), { body: { format }, idempotencyKey: key }),
  },
};
