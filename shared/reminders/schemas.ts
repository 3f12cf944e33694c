import * as z from 'zod/mini';
import { MAX_PUSH_ENDPOINT_LENGTH } from './limits.ts';

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** A base64url value that decodes to exactly `bytes` bytes (`first`: its first byte). */
const keyBytes = (bytes: number, what: string, first?: number) =>
  z.string().check(
    z.maxLength(200),
    z.regex(BASE64URL, `must be base64url (${what})`),
    z.refine((v) => {
      const raw = Buffer.from(v, 'base64url');
      return raw.length === bytes && (first === undefined || raw[0] === first);
    }, `must be ${what}`),
  );

/** A browser's PushSubscription.toJSON(): its endpoint and the keys the payload is encrypted to. */
export const PushSubscriptionBody = z.object({
  endpoint: z.url().check(z.maxLength(MAX_PUSH_ENDPOINT_LENGTH)),
  expirationTime: z.optional(z.nullable(z.number())),
  keys: z.object({
    p256dh: keyBytes(65, 'an uncompressed P-256 public key (65 bytes)', 0x04),
    auth: keyBytes(16, 'a 16-byte authentication secret'),
  }),
});
export type PushSubscriptionBody = z.infer<typeof PushSubscriptionBody>;

export const PushSubscriptionParams = z.object({ id: z.string().check(z.regex(/^[A-Za-z0-9_-]{32}$/, 'must be a push subscription id')) });
export type PushSubscriptionParams = z.infer<typeof PushSubscriptionParams>;
