import webpush from 'web-push';
import type { PushSubscription } from './push-subscription-repository.ts';
import type { VapidKeys } from './vapid-keys.ts';

/** What a reminder push carries (web/static/sw-push.js shows it). */
export interface PushMessage {
  title: string;
  body: string;
  /** Where a click on the notification leads (an app path). */
  url: string;
  /** Notifications with the same tag replace each other on the device. */
  tag?: string;
}

/** How a push service answered. `gone`: the subscription expired or was revoked (404/410). */
export type PushOutcome = 'sent' | 'gone' | 'failed';

export interface PushSender {
  send(subscription: Pick<PushSubscription, 'endpoint' | 'keys'>, message: PushMessage): Promise<PushOutcome>;
}

/** Seconds a push service keeps an undelivered reminder: a reminder a day late is no reminder. */
const PUSH_TTL_SECONDS = 4 * 3600;
/** A push service that does not answer within this long counts as failed (this run moves on). */
const PUSH_TIMEOUT_MS = 10_000;

/**
 * Sends Web Push messages (RFC 8030) with an aes128gcm-encrypted payload (RFC 8291) and a VAPID
 * token (RFC 8292). The `web-push` package encrypts and signs; the request goes out with fetch,
 * so a local (http) push endpoint in the tests is reached as a real one.
 */
export function webPushSender(keys: VapidKeys, subject: string): PushSender {
  return {
    async send(subscription, message) {
      const request = webpush.generateRequestDetails({ endpoint: subscription.endpoint, keys: subscription.keys }, JSON.stringify(message), {
        vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
        TTL: PUSH_TTL_SECONDS,
        contentEncoding: 'aes128gcm',
      });
      try {
        const res = await fetch(request.endpoint, {
          method: request.method,
          headers: request.headers as Record<string, string>,
          body: request.body ? new Uint8Array(request.body) : undefined,
          signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.status === 404 || res.status === 410) return 'gone';
        return res.ok ? 'sent' : 'failed';
      } catch {
        return 'failed';
      }
    },
  };
}
