import { createECDH, createPrivateKey, hkdfSync, createCipheriv, randomBytes, sign } from 'node:crypto';
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
/** A VAPID token's lifetime (RFC 8292 allows at most 24 hours). */
const VAPID_TTL_SECONDS = 12 * 3600;
/** A token is used again until this long before it expires (clocks differ; a send takes time). */
const VAPID_RENEW_MARGIN_SECONDS = 3600;
/** RFC 8188 record size: the whole payload goes in one record, and push services accept 4096 bytes. */
const RECORD_SIZE = 4096;

const hkdf = (ikm: Buffer, salt: Buffer, info: string | Buffer, length: number) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, typeof info === 'string' ? Buffer.from(info, 'latin1') : info, length));

/** The sender's ephemeral key and salt; fixed only by the known-answer tests. */
export interface EncryptionSeed {
  asPrivateKey: Buffer;
  salt: Buffer;
}

/**
 * Encrypts a push payload for one subscription: RFC 8291 (Web Push keys) over RFC 8188
 * (aes128gcm, one record). Returns the request body: header (salt, record size, the sender's
 * ephemeral public key) then the record.
 */
export function encryptAes128gcm(plaintext: Buffer, keys: { p256dh: string; auth: string }, seed?: EncryptionSeed): Buffer {
  const uaPublic = Buffer.from(keys.p256dh, 'base64url');
  const authSecret = Buffer.from(keys.auth, 'base64url');
  if (plaintext.length + 1 + 16 + 86 > RECORD_SIZE) throw new Error('push payload too large for one record');
  const as = createECDH('prime256v1');
  if (seed) as.setPrivateKey(seed.asPrivateKey);
  else as.generateKeys();
  const asPublic = as.getPublicKey();
  const salt = seed?.salt ?? randomBytes(16);
  const ikm = hkdf(as.computeSecret(uaPublic), authSecret, Buffer.concat([Buffer.from('WebPush: info\0', 'latin1'), uaPublic, asPublic]), 32);
  const cek = hkdf(ikm, salt, 'Content-Encoding: aes128gcm\0', 16);
  const nonce = hkdf(ikm, salt, 'Content-Encoding: nonce\0', 12);
  const cipher = createCipheriv('aes-128-gcm', cek, nonce);
  // The last (only) record: data then the delimiter 0x02, no padding.
  const record = Buffer.concat([cipher.update(plaintext), cipher.update(Buffer.from([2])), cipher.final(), cipher.getAuthTag()]);
  const header = Buffer.alloc(21);
  salt.copy(header, 0);
  header.writeUInt32BE(RECORD_SIZE, 16);
  header[20] = asPublic.length;
  return Buffer.concat([header, asPublic, record]);
}

/**
 * The VAPID `Authorization` header (RFC 8292): an ES256 JWT for the push service's origin,
 * signed with the stage key, and the public key beside it.
 */
export function vapidAuthorization(keys: VapidKeys, audience: string, subject: string, nowSeconds: number): string {
  const pub = Buffer.from(keys.publicKey, 'base64url');
  const key = createPrivateKey({
    key: { kty: 'EC', crv: 'P-256', d: keys.privateKey, x: pub.subarray(1, 33).toString('base64url'), y: pub.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ typ: 'JWT', alg: 'ES256' })}.${part({ aud: audience, exp: nowSeconds + VAPID_TTL_SECONDS, sub: subject })}`;
  const signature = sign('sha256', Buffer.from(unsigned), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  return `vapid t=${unsigned}.${signature}, k=${keys.publicKey}`;
}

/**
 * Sends Web Push messages (RFC 8030) with an aes128gcm-encrypted payload (RFC 8291) and a VAPID
 * token (RFC 8292), with node:crypto and fetch alone (see docs/decisions.md: `web-push`'s
 * dependencies cost the reminder function its bundle target). fetch reaches a local (http) push
 * endpoint in the tests as it does a real one.
 */
export function webPushSender(keys: VapidKeys, subject: string, clock: () => number = Date.now): PushSender {
  // One token per push service (audience), signed once and used until shortly before it expires.
  const tokens = new Map<string, { header: string; renewAt: number }>();
  const authorization = (audience: string) => {
    const now = Math.floor(clock() / 1000);
    const cached = tokens.get(audience);
    if (cached && now < cached.renewAt) return cached.header;
    const header = vapidAuthorization(keys, audience, subject, now);
    tokens.set(audience, { header, renewAt: now + VAPID_TTL_SECONDS - VAPID_RENEW_MARGIN_SECONDS });
    return header;
  };
  return {
    async send(subscription, message) {
      try {
        const body = encryptAes128gcm(Buffer.from(JSON.stringify(message)), subscription.keys);
        const res = await fetch(subscription.endpoint, {
          method: 'POST',
          headers: {
            TTL: String(PUSH_TTL_SECONDS),
            'Content-Encoding': 'aes128gcm',
            'Content-Type': 'application/octet-stream',
            Authorization: authorization(new URL(subscription.endpoint).origin),
          },
          body: new Uint8Array(body),
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
