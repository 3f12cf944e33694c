/**
 * Real time: the ticket route (HTTP), the WebSocket API's routes and the consumer that pushes each
 * user's events to their open connections. Protocol: docs/realtime.md.
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { clientEventTypes } from '../../shared/realtime/client-events.ts';
import { RealtimeTicket } from '../../shared/realtime/responses.ts';
import type { ConsumerDef, Deployments, SocketRouteDef } from './types.ts';

export const createRealtimeTicketRoute = route('create-realtime-ticket', {
  method: 'POST',
  path: '/v1/realtime/tickets',
  auth: 'user',
  // A ticket is single use: a replay must not hand out the same one.
  idempotent: false,
  rateLimit: { requests: 60, windowSeconds: 60 },
});

export const realtimeRoutes = contracts([
  createRealtimeTicketRoute,
]);

export const realtimeDeployment = {
  'create-realtime-ticket': {
    handler: 'functions/realtime/create-ticket.ts',
    resources: { table: 'write', realtime: 'url' },
    summary: 'A single-use ticket (a minute) to open the real-time WebSocket with',
    tag: 'realtime',
    response: RealtimeTicket,
  },
} satisfies Deployments<typeof realtimeRoutes>;

export const realtimeSocket = {
  'realtime-connect': {
    routeKey: '$connect',
    handler: 'functions/realtime/connect.ts',
    resources: { table: 'write' },
    summary: 'Redeems the ticket offered as a subprotocol, records the connection (2 h), echoes mosaic.v1',
  },
  'realtime-disconnect': {
    routeKey: '$disconnect',
    handler: 'functions/realtime/disconnect.ts',
    resources: { table: 'write' },
    summary: 'Forgets the connection',
  },
  'realtime-default': {
    routeKey: '$default',
    handler: 'functions/realtime/default.ts',
    resources: {},
    returnsResponse: true,
    summary: 'Answers a ping with a pong (events flow only from the server)',
  },
} satisfies Record<string, SocketRouteDef>;

export const realtimeConsumers = {
  'realtime-push': {
    handler: 'functions/consumers/realtime-push.ts',
    eventTypes: clientEventTypes,
    resources: { table: 'write', realtime: 'push' },
    batchSize: 10,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 3,
    timeoutSeconds: 20,
    memoryMb: 256,
    description: "Pushes each user's client events to their open WebSocket connections; forgets the gone ones",
  },
} satisfies Record<string, ConsumerDef>;
