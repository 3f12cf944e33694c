/**
 * What the API answers, as the server's own types say it (type-only imports: nothing of the
 * server is bundled). docs/openapi.json describes requests but not yet response bodies, so these
 * keep the client honest against the code that produces them.
 */
export type { ActivityView as Activity } from '../../../shared/tracking/activities.ts';
export type { ActivityStats, DateRange, Entry, GoalLink } from '../../../shared/tracking/model.ts';
export type { TodayItem, TodayView } from '../../../shared/tracking/today.ts';
export type { ActivityInsights } from '../../../shared/tracking/insights.ts';
export type { HeatCell, PeriodRow, TrendPoint } from '../../../shared/tracking/analytics/series.ts';
export type { Suggestion, SuggestionProposal } from '../../../shared/tracking/analytics/suggestions.ts';
export type { GoalProgress } from '../../../shared/tracking/analytics/goals.ts';
export type {
  CategoryBaseline,
  ConsistentActivity,
  DayCompletion,
  ProgressDashboard,
} from '../../../shared/tracking/analytics/dashboard.ts';
export type { GoalView as Goal } from '../../../shared/tracking/goals.ts';
export type { Notification } from '../../../shared/notifications/model.ts';
export type { SessionTokens, UserView } from '../../../shared/auth/schemas.ts';
export type { ImportJobView } from '../../../shared/tracking/imports.ts';
export type { ImportFormat, ImportSummary } from '../../../shared/tracking/import-model.ts';
export type { ExportResult } from '../../../shared/tracking/exports.ts';
export type {
  Cadence,
  Difficulty,
  Direction,
  EntryStatus,
  Priority,
  Weekday,
} from '../../../shared/tracking/schemas.ts';
export type { FieldIssue } from '../../../shared/kit/errors.ts';

/** A page of a list route. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** The body of an activity create or update. */
export interface ActivityInput {
  name: string;
  description: string;
  category: string;
  unit: string;
  goal: number | null;
  direction: 'positive' | 'negative';
  cadence: { type: 'daily' } | { type: 'weekly'; timesPerWeek: number } | { type: 'weekdays'; weekdays: string[] };
  difficulty: 'easy' | 'medium' | 'hard';
  priority: 'low' | 'medium' | 'high';
}

export interface GoalInput {
  name: string;
  description: string;
  targetValue: number;
  unit: string;
  startDate?: string;
  deadline: string | null;
}
