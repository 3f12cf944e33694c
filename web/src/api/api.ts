import { LIMITS } from './limits.ts';
import { http, request } from './client.ts';
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
  AuditRecord,
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

/** Every route the web app uses (docs/openapi.json), typed from the shared schemas. */

const enc = encodeURIComponent;

export const ENTRIES_PATH = '/v1/entries';

/** The API path of one entry (a day of an activity): where the outbox writes it, and how a waiting write is named. */
export const entryPath = (date: string, activityId: string) => `${ENTRIES_PATH}/${enc(date)}/${enc(activityId)}`;

/** Paging of any list route. */
interface Paging {
  cursor?: string;
  limit?: number;
}

export const api = {
  admin: {
    users: (query: UserListQuery, signal?: AbortSignal) => http.get<Page<AdminUser>>('/v1/admin/users', { ...query }, signal),
    user: (id: string, signal?: AbortSignal) => http.get<AdminUserDetail>(`/v1/admin/users/${enc(id)}`, undefined, signal),
    disable: (id: string) => request<AdminUser>('POST', `/v1/admin/users/${enc(id)}/disable`),
    enable: (id: string) => request<AdminUser>('POST', `/v1/admin/users/${enc(id)}/enable`),
    grant: (id: string) => request<AdminUser>('PUT', `/v1/admin/users/${enc(id)}/admin`),
    revoke: (id: string) => request<AdminUser>('DELETE', `/v1/admin/users/${enc(id)}/admin`),
    remove: (id: string) => request<void>('DELETE', `/v1/admin/users/${enc(id)}`),
    audit: (query: AuditListQuery, signal?: AbortSignal) => http.get<Page<AuditRecord>>('/v1/admin/audit', { ...query }, signal),
    jobRuns: (query: JobRunListQuery, signal?: AbortSignal) => http.get<Page<JobRun>>('/v1/admin/job-runs', { ...query }, signal),
    redriveRun: (id: string) => request<Redriven>('POST', `/v1/admin/job-runs/${enc(id)}/redrive`),
    queues: (signal?: AbortSignal) => http.get<QueueDepths>('/v1/admin/queues', undefined, signal),
    deadLetters: (consumer: string, signal?: AbortSignal) => http.get<DeadLetters>(`/v1/admin/queues/${enc(consumer)}/dead-letters`, undefined, signal),
    redriveDeadLetters: (consumer: string) => request<Redriven>('POST', `/v1/admin/queues/${enc(consumer)}/dead-letters/redrive`),
    health: (signal?: AbortSignal) => http.get<AdminHealth>('/v1/admin/health', undefined, signal),
    metrics: (query: MetricsListQuery, signal?: AbortSignal) => http.get<MetricsReport>('/v1/admin/metrics', { ...query }, signal),
    logs: (query: LogListQuery, signal?: AbortSignal) => http.get<LogLines>('/v1/admin/logs', { ...query }, signal),
    backups: (id: string, signal?: AbortSignal) => http.get<{ items: BackupView[] }>(`/v1/admin/users/${enc(id)}/backups`, undefined, signal),
    restore: (id: string, key: string, allowOtherUser = false) =>
      request<RestoreResultView>('POST', `/v1/admin/users/${enc(id)}/restore`, { body: { key, allowOtherUser } }),
    backupSchedule: (signal?: AbortSignal) => http.get<BackupScheduleView>('/v1/admin/backup-schedule', undefined, signal),
    setBackupSchedule: (body: BackupScheduleInput) => http.put<BackupScheduleView>('/v1/admin/backup-schedule', body),
    restoreAll: (at: string, idempotencyKey: string) => request<RestoreAllQueued>('POST', '/v1/admin/backups/restore-all', { body: { at }, idempotencyKey }),
  },
  cameras: {
    list: (signal?: AbortSignal) => http.get<{ items: Camera[] }>('/v1/admin/cameras', undefined, signal),
    get: (id: string, signal?: AbortSignal) => http.get<Camera>(`/v1/admin/cameras/${enc(id)}`, undefined, signal),
    create: (body: CameraInput, idempotencyKey: string) => request<Camera>('POST', '/v1/admin/cameras', { body, idempotencyKey }),
    update: (id: string, body: CameraChanges) => http.patch<Camera>(`/v1/admin/cameras/${enc(id)}`, body),
    remove: (id: string) => request<void>('DELETE', `/v1/admin/cameras/${enc(id)}`),
    /** A ticket, or `starting` while the camera's worker task starts (cloud): ask again after retryAfterSeconds. */
    ticket: (id: string) => request<CameraTicketAnswer>('POST', `/v1/admin/cameras/${enc(id)}/ticket`),
    snapshot: (id: string, signal?: AbortSignal) => request<Blob>('GET', `/v1/admin/cameras/${enc(id)}/snapshot`, { signal }),
  },
  auth: {
    register: (body: RegisterInput) => request<RegisterAccepted>('POST', '/v1/auth/register', { body, auth: false }),
    login: (body: LoginInput) => request<LoginAnswer>('POST', '/v1/auth/login', { body, auth: false }),
    loginWithCode: (body: LoginMfaInput) => request<SessionAnswer>('POST', '/v1/auth/login/mfa', { body, auth: false }),
    /** Ends this session on the server (an expired access token is refreshed first, as for any call). */
    logout: (refreshToken: string) => request<void>('POST', '/v1/auth/logout', { body: { refreshToken } }),
    logoutEverywhere: () => request<void>('POST', '/v1/auth/logout-all'),
  },
  me: {
    get: (signal?: AbortSignal) => http.get<UserView>('/v1/me', undefined, signal),
    update: (body: UpdateMeInput) => http.patch<UserView>('/v1/me', body),
    delete: (body: PasswordConfirmInput) => request<void>('DELETE', '/v1/me', { body }),
    mfa: {
      setup: () => request<MfaSetup>('POST', '/v1/me/mfa/setup'),
      enable: (body: MfaEnableInput) => request<UserView>('POST', '/v1/me/mfa/enable', { body }),
      disable: (body: PasswordConfirmInput) => request<UserView>('POST', '/v1/me/mfa/disable', { body }),
    },
  },
  activities: {
    list: (query: ActivityListQuery, signal?: AbortSignal) => http.get<Page<Activity>>('/v1/activities', { ...query }, signal),
    /** Every activity (the API caps a user's count), following cursors a full page at a time. */
    all: async (signal?: AbortSignal): Promise<Activity[]> => {
      const out: Activity[] = [];
      let cursor: string | undefined;
      do {
        const page = await http.get<Page<Activity>>('/v1/activities', { status: 'all', cursor, limit: LIMITS.pageSize }, signal);
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    },
    get: (id: string, signal?: AbortSignal) => http.get<Activity>(`/v1/activities/${enc(id)}`, undefined, signal),
    create: (body: ActivityInput, key: string) => http.post<Activity>('/v1/activities', body, key),
    update: (id: string, body: ActivityChanges) => http.patch<Activity>(`/v1/activities/${enc(id)}`, body),
    remove: (id: string) => http.delete(`/v1/activities/${enc(id)}`),
    activate: (id: string, key: string) => http.post<Activity>(`/v1/activities/${enc(id)}/activate`, undefined, key),
    deactivate: (id: string, key: string) => http.post<Activity>(`/v1/activities/${enc(id)}/deactivate`, undefined, key),
    addPause: (id: string, body: PauseInput, key: string) => http.post<Activity>(`/v1/activities/${enc(id)}/pauses`, body, key),
    removePause: (id: string, from: string) => request<Activity>('DELETE', `/v1/activities/${enc(id)}/pauses/${enc(from)}`),
    move: (id: string, body: MoveActivityInput) => http.put<Activity>(`/v1/activities/${enc(id)}/position`, body),
    resume: (id: string, key: string) => http.post<Activity>(`/v1/activities/${enc(id)}/resume`, undefined, key),
    stats: (id: string, date?: string, signal?: AbortSignal) =>
      http.get<ActivityInsights>(`/v1/activities/${enc(id)}/stats`, { date }, signal),
  },
  entries: {
    // Entries are written through the outbox (features/tracking/entry-outbox.ts) to entryPath.
    list: (query: EntryListQuery, signal?: AbortSignal) => http.get<Page<Entry>>(ENTRIES_PATH, { ...query }, signal),
  },
  today: (date?: string, signal?: AbortSignal) => http.get<TodayView>('/v1/today', { date }, signal),
  finalizeDay: (date: string, key: string) => http.post<FinalizeResult>(`/v1/days/${enc(date)}/finalize`, undefined, key),
  dashboard: (date?: string, signal?: AbortSignal) => http.get<ProgressDashboard>('/v1/dashboard', { date }, signal),
  goals: {
    list: (query: Paging, signal?: AbortSignal) => http.get<Page<Goal>>('/v1/goals', { ...query }, signal),
    get: (id: string, signal?: AbortSignal) => http.get<Goal>(`/v1/goals/${enc(id)}`, undefined, signal),
    create: (body: GoalInput, key: string) => http.post<Goal>('/v1/goals', body, key),
    update: (id: string, body: GoalChanges) => http.patch<Goal>(`/v1/goals/${enc(id)}`, body),
    setLinks: (id: string, links: GoalLinkInput[]) => request<Goal>('PUT', `/v1/goals/${enc(id)}/links`, { body: { links } }),
    remove: (id: string) => http.delete(`/v1/goals/${enc(id)}`),
  },
  realtime: {
    /** A single-use ticket (a minute) to open the live-updates WebSocket with (docs/realtime.md). */
    ticket: () => request<RealtimeTicket>('POST', '/v1/realtime/tickets'),
  },
  notifications: {
    list: (query: NotificationListQuery, signal?: AbortSignal) => http.get<Page<Notification>>('/v1/notifications', { ...query }, signal),
    read: (id: string, key: string) => http.post<Notification>(`/v1/notifications/${enc(id)}/read`, undefined, key),
  },
  push: {
    /** The stage's VAPID public key (pushManager.subscribe's applicationServerKey). */
    key: (signal?: AbortSignal) => http.get<VapidPublicKey>('/v1/push/key', undefined, signal),
    /** Registers this browser's subscription (idempotent by endpoint). */
    subscribe: (body: PushSubscriptionInput) => http.post<PushSubscriptionView>('/v1/push/subscriptions', body),
    unsubscribe: (id: string) => http.delete(`/v1/push/subscriptions/${enc(id)}`),
  },
  projects: {
    list: (signal?: AbortSignal) => http.get<{ items: Project[] }>('/v1/projects', undefined, signal),
    get: (id: string, signal?: AbortSignal) => http.get<Project>(`/v1/projects/${enc(id)}`, undefined, signal),
    create: (body: ProjectInput, key: string) => http.post<Project>('/v1/projects', body, key),
    update: (id: string, body: ProjectChanges) => http.patch<Project>(`/v1/projects/${enc(id)}`, body),
    remove: (id: string) => http.delete(`/v1/projects/${enc(id)}`),
    members: (id: string, signal?: AbortSignal) => http.get<{ items: ProjectMember[] }>(`/v1/projects/${enc(id)}/members`, undefined, signal),
    invite: (id: string, body: InviteInput, key: string) => http.post<ProjectMember>(`/v1/projects/${enc(id)}/members`, body, key),
    removeMember: (id: string, userId: string) => http.delete(`/v1/projects/${enc(id)}/members/${enc(userId)}`),
    hooks: (id: string, signal?: AbortSignal) => http.get<{ items: Hook[] }>(`/v1/projects/${enc(id)}/hooks`, undefined, signal),
    createHook: (id: string, body: HookInput, key: string) => http.post<CreatedHook>(`/v1/projects/${enc(id)}/hooks`, body, key),
    rotateHook: (id: string, hookId: string, secret: string | undefined, key: string) =>
      http.post<CreatedHook>(`/v1/projects/${enc(id)}/hooks/${enc(hookId)}/secret`, secret ? { secret } : {}, key),
    removeHook: (id: string, hookId: string) => http.delete(`/v1/projects/${enc(id)}/hooks/${enc(hookId)}`),
    outgoing: (id: string, signal?: AbortSignal) => http.get<{ items: OutgoingWebhook[] }>(`/v1/projects/${enc(id)}/outgoing-webhooks`, undefined, signal),
    createOutgoing: (id: string, body: OutgoingInput, key: string) => http.post<OutgoingWebhook>(`/v1/projects/${enc(id)}/outgoing-webhooks`, body, key),
    removeOutgoing: (id: string, webhookId: string) => http.delete(`/v1/projects/${enc(id)}/outgoing-webhooks/${enc(webhookId)}`),
    connections: (id: string, signal?: AbortSignal) => http.get<{ items: PullConnection[] }>(`/v1/projects/${enc(id)}/connections`, undefined, signal),
    createConnection: (id: string, body: PullConnectionInput, key: string) => http.post<PullConnection>(`/v1/projects/${enc(id)}/connections`, body, key),
    testConnection: (id: string, connectionId: string, key: string) => http.post<ConnectionTest>(`/v1/projects/${enc(id)}/connections/${enc(connectionId)}/test`, undefined, key),
    removeConnection: (id: string, connectionId: string) => http.delete(`/v1/projects/${enc(id)}/connections/${enc(connectionId)}`),
    fetchNow: (id: string, key: string) => http.post<{ queued: number }>(`/v1/projects/${enc(id)}/fetch`, undefined, key),
    incidents: (id: string, query: Paging & { state?: string; severity?: string }, signal?: AbortSignal) =>
      http.get<Page<Incident>>(`/v1/projects/${enc(id)}/incidents`, { ...query }, signal),
    incident: (id: string, incidentId: string, signal?: AbortSignal) =>
      http.get<IncidentDetail>(`/v1/projects/${enc(id)}/incidents/${enc(incidentId)}`, undefined, signal),
    timeline: (id: string, incidentId: string, query: Paging, signal?: AbortSignal) =>
      http.get<Page<TimelineEntry>>(`/v1/projects/${enc(id)}/incidents/${enc(incidentId)}/timeline`, { ...query }, signal),
    act: (id: string, incidentId: string, action: 'acknowledge' | 'resolve' | 'reopen', key: string) =>
      http.post<IncidentDetail>(`/v1/projects/${enc(id)}/incidents/${enc(incidentId)}/${action}`, undefined, key),
    comment: (id: string, incidentId: string, text: string, key: string) =>
      http.post<TimelineEntry>(`/v1/projects/${enc(id)}/incidents/${enc(incidentId)}/comments`, { text }, key),
    merge: (id: string, incidentId: string, into: string, key: string) =>
      http.post<IncidentDetail>(`/v1/projects/${enc(id)}/incidents/${enc(incidentId)}/merge`, { into }, key),
    split: (id: string, incidentId: string, fingerprints: string[], key: string) =>
      http.post<IncidentDetail>(`/v1/projects/${enc(id)}/incidents/${enc(incidentId)}/split`, { fingerprints }, key),
  },
  imports: {
    create: (body: ImportInput, key: string) => http.post<CreatedImport>('/v1/imports', body, key),
    start: (id: string, key: string) => http.post<ImportJobView>(`/v1/imports/${enc(id)}/start`, undefined, key),
    retry: (id: string, key: string) => http.post<ImportJobView>(`/v1/imports/${enc(id)}/retry`, undefined, key),
    get: (id: string, signal?: AbortSignal) => http.get<ImportJobView>(`/v1/imports/${enc(id)}`, undefined, signal),
    list: (query: Paging, signal?: AbortSignal) => http.get<Page<ImportJobView>>('/v1/imports', { ...query }, signal),
  },
  wearables: {
    sources: (signal?: AbortSignal) => http.get<DevicesOverview>('/v1/wearables/sources', undefined, signal),
    rules: (signal?: AbortSignal) => http.get<{ items: MappingRule[] }>('/v1/wearables/rules', undefined, signal),
    createRule: (body: RuleInput, key: string) => http.post<MappingRule>('/v1/wearables/rules', body, key),
    removeRule: (id: string) => http.delete(`/v1/wearables/rules/${enc(id)}`),
    preview: (id: string, signal?: AbortSignal) => http.get<RulePreview>(`/v1/wearables/rules/${enc(id)}/preview`, undefined, signal),
  },
  exports: {
    create: (format: ExportFormat, key: string) => http.post<ExportResult>('/v1/exports', { format }, key),
  },
};
