import { config } from '../config.ts';
import { ServiceUnavailableError } from '../kit/errors.ts';
import { appSecret } from '../secrets/app-secrets.ts';
import { vapidKeysFromSecret, type VapidKeys } from './vapid-keys.ts';

/** The stage's VAPID keys, from its `vapid-key` application secret (functions declaring it in `secrets.app`). */
export async function stageVapidKeys(): Promise<VapidKeys> {
  const secret = await appSecret('vapid-key');
  if (!secret) throw new ServiceUnavailableError('Push notifications are not set up on this stage (no vapid-key secret).');
  return vapidKeysFromSecret(secret);
}

/**
 * The VAPID `sub` claim: a contact for push services. The stage's first https origin (the web
 * app's address in the cloud); locally, where there is none, a mailto address.
 */
export function vapidSubject(): string {
  const https = config.CORS_ORIGINS.split(',').map((o) => o.trim()).find((o) => o.startsWith('https://'));
  return https ?? 'mailto:reminders@mosaic.localhost';
}
