/**
 * In-app notifications, which every area feeds: the routes users read them with and the consumer
 * that turns domain events into them.
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { MarkedRead, Notification, NotificationPage } from '../../shared/notifications/responses.ts';
import { ListNotificationsQuery, NotificationParams } from '../../shared/notifications/schemas.ts';
import { PushSubscriptionView, VapidPublicKey } from '../../shared/reminders/responses.ts';
import { PushSubscriptionBody, PushSubscriptionParams } from '../../shared/reminders/schemas.ts';
import type { ConsumerDef, Deployments } from './types.ts';

export const listNotificationsRoute = route('list-notifications', { method: 'GET', path: '/v1/notifications', auth: 'user', query: ListNotificationsQuery });
export const readAllNotificationsRoute = route('read-all-notifications', { method: 'POST', path: '/v1/notifications/read-all', auth: 'user', successStatus: 200 });
export const readNotificationRoute = route('read-notification', { method: 'POST', path: '/v1/notifications/{id}/read', auth: 'user', params: NotificationParams, successStatus: 200 });
export const getPushKeyRoute = route('get-push-key', { method: 'GET', path: '/v1/push/key', auth: 'user' });
export const addPushSubscriptionRoute = route('add-push-subscription', { method: 'POST', path: '/v1/push/subscriptions', auth: 'user', body: PushSubscriptionBody });
export const deletePushSubscriptionRoute = route('delete-push-subscription', { method: 'DELETE', path: '/v1/push/subscriptions/{id}', auth: 'user', params: PushSubscriptionParams, successStatus: 204 });

export const notificationRoutes = contracts([
  listNotificationsRoute,
  readAllNotificationsRoute,
  readNotificationRoute,
  getPushKeyRoute,
  addPushSubscriptionRoute,
  deletePushSubscriptionRoute,
]);

export const notificationDeployment = {
  'list-notifications': {
    handler: 'functions/notifications/list-notifications.ts',
    resources: { table: 'read' },
    summary: 'In-app notifications (nudges, risks, goals reached, imports), newest first',
    tag: 'notifications',
    response: NotificationPage,
  },
  'read-all-notifications': {
    handler: 'functions/notifications/read-all-notifications.ts',
    resources: { table: 'write' },
    summary: 'Mark every unread notification read',
    tag: 'notifications',
    response: MarkedRead,
  },
  'read-notification': {
    handler: 'functions/notifications/read-notification.ts',
    resources: { table: 'write' },
    summary: 'Mark a notification read',
    tag: 'notifications',
    response: Notification,
  },
  'get-push-key': {
    handler: 'functions/notifications/get-push-key.ts',
    resources: { table: 'read', secrets: { app: ['vapid-key'] } },
    summary: 'The stage\u2019s VAPID public key, to subscribe a browser to Web Push reminders',
    tag: 'notifications',
    response: VapidPublicKey,
  },
  'add-push-subscription': {
    handler: 'functions/notifications/add-push-subscription.ts',
    resources: { table: 'write' },
    summary: 'Register a browser\u2019s push subscription (idempotent by endpoint; https only in the cloud; capped per user)',
    tag: 'notifications',
    response: PushSubscriptionView,
  },
  'delete-push-subscription': {
    handler: 'functions/notifications/delete-push-subscription.ts',
    resources: { table: 'write' },
    summary: 'Remove a push subscription',
    tag: 'notifications',
  },
} satisfies Deployments<typeof notificationRoutes>;

export const notificationConsumers = {
  notifications: {
    handler: 'functions/consumers/notifications.ts',
    eventTypes: ['activity.at_risk', 'goal.completed', 'import.completed'],
    resources: { table: 'write' },
    batchSize: 10,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    timeoutSeconds: 30,
    memoryMb: 256,
    description: 'Turns risk alerts, reached goals and finished imports into in-app notifications',
  },
} satisfies Record<string, ConsumerDef>;
