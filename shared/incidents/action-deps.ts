/** The wiring of the incident actions: the read wiring plus the bus their changes are announced on. */
import { busPublisher } from '../events/bus-publisher.ts';
import { readDeps } from './deps.ts';
import type { ViewDeps } from './incident-views.ts';

export const actionDeps: ViewDeps = { ...readDeps, bus: busPublisher };
