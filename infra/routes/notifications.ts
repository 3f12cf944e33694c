/**
 * In-app notifications, which every area feeds: the routes users read them with and the consumer
 * that turns domain events into them.
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { MarkedRead, Notification, NotificationPage } from '../../shared/notifications/responses.ts';
import { ListNotificationsQuery, NotificationParams } from '../../shared/notifications/schemas.ts';
import type { ConsumerDef, Deployments } from './types.ts';

export const notificationRoutes = contracts({
  'list-notifications': route({ method: 'GET', path: '/v1/notifications', auth: 'user', query: ListNotificationsQuery }),
  'read-all-notifications': route({ method: 'POST', path: '/v1/notifications/read-all', auth: 'user', successStatus: 200 }),
  'read-notification': route({ method: 'POST', path: '/v1/notifications/{id}/read', auth: 'user', params: NotificationParams, successStatus: 200 }),
});

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
