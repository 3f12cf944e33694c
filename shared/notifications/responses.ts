/** What the notification routes answer (see shared/kit/responses.ts). */
import * as z from 'zod';
import { count, day, Page, timestamp } from '../kit/responses.ts';
import { NOTIFICATION_ID } from './model.ts';

/** Fields every kind of notification has. */
const common = {
  id: z
    .string()
    .regex(NOTIFICATION_ID)
    .describe('`<date>.<kind>.<subjectId>`: one notification per subject, kind and day'),
  date: day('The user\u2019s local date it was made on'),
  subjectId: z.string().min(1).describe('The activity, goal or import it is about'),
  title: z.string(),
  body: z.string(),
  createdAt: timestamp(),
  readAt: timestamp().nullable().describe('When it was marked read; null while unread'),
};

/** Notification (model.ts), one shape per kind; `data` carries the numbers behind the text. */
export const Notification = z
  .discriminatedUnion('kind', [
    z.strictObject({
      ...common,
      kind: z.literal('nudge').describe('An active activity due today, not logged for two days or more'),
      data: z.strictObject({
        activityId: z.uuid(),
        lastLogged: day().nullable().describe('Last local date with an entry of any status (the activity\u2019s stats.asOf); null when never'),
      }),
    }),
    z.strictObject({
      ...common,
      kind: z.literal('at_risk').describe('Two or more due occasions missed in a row'),
      data: z.strictObject({
        activityId: z.uuid(),
        name: z.string().describe('The activity\u2019s name then'),
        consecutiveMisses: count(),
      }),
    }),
    z.strictObject({
      ...common,
      kind: z.literal('goal_completed').describe('A goal reached its target (announced once)'),
      data: z.strictObject({
        goalId: z.uuid(),
        name: z.string().describe('The goal\u2019s name then'),
        targetValue: z.number(),
      }),
    }),
    z.strictObject({
      ...common,
      kind: z.literal('import_completed').describe('An import finished'),
      data: z.strictObject({
        importId: z.string().min(1),
        summary: z.strictObject({ imported: count(), updated: count(), unchanged: count(), rejected: count() }),
      }),
    }),
    z.strictObject({
      ...common,
      kind: z
        .literal('security')
        .describe('Something happened to the account\u2019s security (subjectId: registration, password, mfa-on, mfa-off)'),
      data: z.strictObject({
        event: z.string().describe('What happened, as the security event names it (e.g. register.existing_email)'),
      }),
    }),
    z.strictObject({
      ...common,
      kind: z.literal('incident').describe('An incident of a project you are a member of opened, escalated or resolved (subjectId: `<incidentId>.<change>`)'),
      data: z.strictObject({
        projectId: z.string().min(1),
        incidentId: z.string().min(1),
        change: z.enum(['opened', 'escalated', 'resolved']),
        severity: z.enum(['info', 'low', 'medium', 'high', 'critical']),
      }),
    }),
    z.strictObject({
      ...common,
      kind: z.literal('spotify_reconnect').describe('Spotify revoked the grant: the collector stopped until the user connects again'),
      data: z.strictObject({ reason: z.string().describe('What Spotify answered (e.g. invalid_grant)') }),
    }),
    z.strictObject({
      ...common,
      kind: z.literal('reminder').describe('A reminder time of an activity came while it was due and not yet done or skipped'),
      data: z.strictObject({
        activityId: z.uuid(),
        name: z.string(),
        time: z.string().describe('The reminder time, HH:MM in the user\u2019s time zone'),
      }),
    }),
  ])
  .meta({ id: 'Notification', description: 'An in-app notification (kept 90 days)' });

export const NotificationPage = Page(Notification, 'NotificationPage');

export const MarkedRead = z
  .strictObject({ marked: count('Notifications this call marked read') })
  .meta({ id: 'MarkedRead', description: 'How many notifications were marked read' });
