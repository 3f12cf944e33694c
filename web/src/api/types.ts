/**
 * What the app sends and what the API answers, derived from the shared zod schemas: request and
 * form types are `z.input` of the routes' input schemas, response types `z.output` of the response
 * schemas (the ones the OpenAPI document and the response-schema test read). Every import here is
 * type-only, so nothing of zod or the server enters the web bundle.
 */
import type * as z from 'zod';
import type { LoginBody, LoginMfaBody, MfaEnableBody, PasswordConfirmBody, RegisterBody, UpdateMeBody } from '../../../shared/auth/schemas.ts';
import type * as auth from '../../../shared/auth/responses.ts';
import type * as camera from '../../../shared/camera/responses.ts';
import type { CreateCameraBody, UpdateCameraBody } from '../../../shared/camera/schemas.ts';
import type { FieldIssue } from '../../../shared/kit/errors.ts';
import type { ListNotificationsQuery } from '../../../shared/notifications/schemas.ts';
import type * as notifications from '../../../shared/notifications/responses.ts';
import type * as push from '../../../shared/reminders/responses.ts';
import type { PushSubscriptionBody } from '../../../shared/reminders/schemas.ts';
import type { CreateImportBody, ExportBody } from '../../../shared/tracking/import-model.ts';
import type * as tracking from '../../../shared/tracking/responses.ts';
import type * as wearables from '../../../shared/wearables/responses.ts';
import type { CreateRuleBody } from '../../../shared/wearables/schemas.ts';
import type * as incidents from '../../../shared/incidents/responses.ts';
import type * as operations from '../../../shared/operations/responses.ts';
import type { AuditQuery, BackupScheduleBody, JobRunsQuery, ListUsersQuery, LogsQuery, MetricsQuery } from '../../../shared/operations/schemas.ts';
import type { CreateConnectionBody, CreateHookBody, CreateOutgoingBody, CreateProjectBody, InviteBody, UpdateProjectBody } from '../../../shared/incidents/schemas.ts';
import type {
  CreateActivityBody,
  CreateGoalBody,
  GoalLinksBody,
  ListActivitiesQuery,
  ListEntriesQuery,
  MoveActivityBody,
  PauseBody,
  PutEntryBody,
  UpdateActivityBody,
  UpdateGoalBody,
} from '../../../shared/tracking/schemas.ts';

export type { FieldIssue };

// ── requests ────────────────────────────────────────────────────────────────────────────────

/** A list route's query: `limit` is coerced from the query string (input `unknown`); the app sends a number. */
type Paged<Q> = Omit<Q, 'limit'> & { limit?: number };

export type RegisterInput = z.input<typeof RegisterBody>;
export type LoginInput = z.input<typeof LoginBody>;
export type UpdateMeInput = z.input<typeof UpdateMeBody>;
export type LoginMfaInput = z.input<typeof LoginMfaBody>;
export type MfaEnableInput = z.input<typeof MfaEnableBody>;
export type PasswordConfirmInput = z.input<typeof PasswordConfirmBody>;
export type ActivityInput = z.input<typeof CreateActivityBody>;
export type ActivityChanges = z.input<typeof UpdateActivityBody>;
export type ActivityListQuery = Paged<z.input<typeof ListActivitiesQuery>>;
export type EntryInput = z.input<typeof PutEntryBody>;
export type EntryListQuery = Paged<z.input<typeof ListEntriesQuery>>;
export type PauseInput = z.input<typeof PauseBody>;
export type MoveActivityInput = z.input<typeof MoveActivityBody>;
export type GoalInput = z.input<typeof CreateGoalBody>;
export type GoalChanges = z.input<typeof UpdateGoalBody>;
export type GoalLinkInput = z.input<typeof GoalLinksBody>['links'][number];
export type ImportInput = z.input<typeof CreateImportBody>;
export type ExportFormat = z.input<typeof ExportBody>['format'];
/** The query string as sent (`unread=true`), before the route's transform turns it into a boolean. */
export type NotificationListQuery = Paged<z.input<typeof ListNotificationsQuery>>;

// ── answers ─────────────────────────────────────────────────────────────────────────────────

export type UserView = z.output<typeof auth.User>;
export type SessionAnswer = z.output<typeof auth.Session>;
export type MfaChallenge = z.output<typeof auth.MfaChallenge>;
export type LoginAnswer = z.output<typeof auth.LoginAnswer>;
export type RegisterAccepted = z.output<typeof auth.RegisterAccepted>;
export type MfaSetup = z.output<typeof auth.MfaSetup>;

export type Activity = z.output<typeof tracking.Activity>;
export type ActivityStats = z.output<typeof tracking.ActivityStats>;
export type Cadence = z.output<typeof tracking.Cadence>;
export type DateRange = z.output<typeof tracking.DateRange>;
export type Entry = z.output<typeof tracking.Entry>;
export type EntryStatus = Entry['status'];
export type TodayView = z.output<typeof tracking.Today>;
export type TodayItem = TodayView['items'][number];
export type FinalizeResult = z.output<typeof tracking.FinalizeResult>;
export type ActivityInsights = z.output<typeof tracking.ActivityInsights>;
export type HeatCell = z.output<typeof tracking.HeatCell>;
export type PeriodRow = z.output<typeof tracking.PeriodRow>;
export type TrendPoint = z.output<typeof tracking.TrendPoint>;
export type Suggestion = z.output<typeof tracking.Suggestion>;
export type Goal = z.output<typeof tracking.Goal>;
export type GoalLink = z.output<typeof tracking.GoalLink>;
export type GoalProgress = z.output<typeof tracking.GoalProgress>;
export type ProgressDashboard = z.output<typeof tracking.Dashboard>;
export type DayCompletion = z.output<typeof tracking.DayCompletion>;
export type ImportJobView = z.output<typeof tracking.ImportJob>;
export type ImportFormat = ImportJobView['format'];
export type ImportSummary = z.output<typeof tracking.ImportSummary>;
export type CreatedImport = z.output<typeof tracking.CreatedImport>;
export type ExportResult = z.output<typeof tracking.Export>;

export type Notification = z.output<typeof notifications.Notification>;
export type VapidPublicKey = z.output<typeof push.VapidPublicKey>;
export type PushSubscriptionView = z.output<typeof push.PushSubscriptionView>;
export type PushSubscriptionInput = z.input<typeof PushSubscriptionBody>;

/** A page of a list route (`Page(…)` of shared/kit/responses.ts). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** The one-word enums of an activity, for pickers whose labels must name every value. */
export type Direction = Activity['direction'];
export type Difficulty = Activity['difficulty'];
export type Priority = Activity['priority'];
export type ActivityStatus = Activity['status'];
export type Weekday = Extract<Cadence, { type: 'weekdays' }>['weekdays'][number];

// ── incidents ───────────────────────────────────────────────────────────────────────────────

export type ProjectInput = z.input<typeof CreateProjectBody>;
export type ProjectChanges = z.input<typeof UpdateProjectBody>;
export type InviteInput = z.input<typeof InviteBody>;
export type HookInput = z.input<typeof CreateHookBody>;
export type OutgoingInput = z.input<typeof CreateOutgoingBody>;
export type PullConnectionInput = z.input<typeof CreateConnectionBody>;
export type Project = z.output<typeof incidents.ProjectSummary>;
export type ProjectMember = z.output<typeof incidents.Member>;
export type Hook = z.output<typeof incidents.Hook>;
export type CreatedHook = z.output<typeof incidents.CreatedHook>;
export type Incident = z.output<typeof incidents.Incident>;
export type IncidentDetail = z.output<typeof incidents.IncidentDetail>;
export type TimelineEntry = z.output<typeof incidents.TimelineEntry>;
export type OutgoingWebhook = z.output<typeof incidents.Outgoing>;
export type PullConnection = z.output<typeof incidents.Connection>;
export type ConnectionTest = z.output<typeof incidents.ConnectionTest>;
export type Severity = Incident['severity'];

// ── wearables (the Devices page) ──────────────────────────────────────────────────────────
export type DevicesOverview = z.output<typeof wearables.DevicesOverview>;
export type WearableSourceView = DevicesOverview['sources'][number];
export type WearableBatchView = DevicesOverview['batches'][number];
export type MappingRule = z.output<typeof wearables.MappingRule>;
export type RulePreview = z.output<typeof wearables.RulePreview>;
export type RuleInput = z.input<typeof CreateRuleBody>;

// ── camera (admin) ──────────────────────────────────────────────────────────────────────────
export type CameraInput = z.input<typeof CreateCameraBody>;
export type CameraChanges = z.input<typeof UpdateCameraBody>;
export type Camera = z.output<typeof camera.Camera>;
export type CameraHealth = z.output<typeof camera.CameraHealth>;
export type CameraTicket = z.output<typeof camera.CameraTicket>;
export type CameraTicketAnswer = z.output<typeof camera.CameraTicketAnswer>;

// ── operations (admin console) ──────────────────────────────────────────────────────────────
export type AdminUser = z.output<typeof operations.AdminUser>;
export type AdminUserDetail = z.output<typeof operations.AdminUserDetail>;
export type AuditRecord = z.output<typeof operations.AuditRecord>;
export type AuditTrailPage = z.output<typeof operations.AuditPage>;
export type JobRun = z.output<typeof operations.JobRun>;
export type QueueDepths = z.output<typeof operations.QueueDepths>;
export type DeadLetters = z.output<typeof operations.DeadLetters>;
export type Redriven = z.output<typeof operations.Redriven>;
export type MetricsReport = z.output<typeof operations.MetricsReport>;
export type LogLines = z.output<typeof operations.LogLines>;
export type LogLine = LogLines['items'][number];
export type AdminHealth = z.output<typeof operations.AdminHealth>;
export type BackupView = z.output<typeof operations.Backup>;
export type RestoreResultView = z.output<typeof operations.RestoreResult>;
export type BackupScheduleView = z.output<typeof operations.BackupScheduleView>;
export type BackupScheduleInput = z.input<typeof BackupScheduleBody>;
export type RestoreAllQueued = z.output<typeof operations.RestoreAllQueued>;
export type UserListQuery = Paged<z.input<typeof ListUsersQuery>>;
export type AuditListQuery = Paged<z.input<typeof AuditQuery>>;
export type JobRunListQuery = Paged<Omit<z.input<typeof JobRunsQuery>, 'days'>> & { days?: number };
export type MetricsListQuery = Omit<z.input<typeof MetricsQuery>, 'period'> & { period?: number };
export type LogListQuery = Omit<z.input<typeof LogsQuery>, 'limit'> & { limit?: number };
