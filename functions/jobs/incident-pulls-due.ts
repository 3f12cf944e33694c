import { dynamoConnections } from '../../shared/incidents/connection-repository.ts';
import { fanOutDuePulls } from '../../shared/incidents/connections.ts';
import { sendPulls } from '../../shared/incidents/pull-queue.ts';
import { scheduledHandler } from '../../shared/kit/scheduled-handler.ts';

export const handler = scheduledHandler(() => fanOutDuePulls({ connections: dynamoConnections, now: () => new Date(), sendPulls }));
