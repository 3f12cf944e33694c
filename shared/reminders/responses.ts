/** What the push routes answer (see shared/kit/responses.ts). */
import * as z from 'zod';
import { timestamp } from '../kit/responses.ts';

export const VapidPublicKey = z
  .strictObject({
    publicKey: z.string().describe('The stage\u2019s VAPID public key (uncompressed P-256 point, base64url): pushManager.subscribe\u2019s applicationServerKey'),
  })
  .meta({ id: 'VapidPublicKey', description: 'The key browsers subscribe to this stage\u2019s Web Push messages with' });

export const PushSubscriptionView = z
  .strictObject({
    id: z.string().describe('Derived from the endpoint: registering the same endpoint again answers the same id'),
    origin: z.string().describe('The push service (the endpoint\u2019s origin); the endpoint itself is not echoed'),
    createdAt: timestamp(),
  })
  .meta({ id: 'PushSubscription', description: 'A registered Web Push subscription (a browser on a device)' });
