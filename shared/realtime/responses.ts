/** What the real-time routes answer (see shared/kit/responses.ts). */
import * as z from 'zod';
import { timestamp } from '../kit/responses.ts';

/** A real-time ticket (protocol.ts `RealtimeTicket`). */
export const RealtimeTicket = z.strictObject({
  ticket: z.string().regex(/^[\w-]{32}$/).describe('Single use; offered as the subprotocol `ticket.<ticket>`'),
  url: z.string().regex(/^wss?:\/\//).describe('The WebSocket URL to open'),
  protocols: z.array(z.string()).length(2).describe('Offer these subprotocols, in order: `mosaic.v1`, `ticket.<ticket>`'),
  expiresAt: timestamp('Redeem it before this instant (a minute)'),
});
