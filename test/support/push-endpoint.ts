import { createECDH, createPublicKey, createDecipheriv, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Web Push service for tests: it holds a browser's side of a subscription (a P-256 key
 * pair and an auth secret), receives pushes over HTTP, checks their VAPID token (RFC 8292) and
 * decrypts their aes128gcm payload (RFC 8291 over RFC 8188) with node:crypto alone — so a test
 * sees what a browser would show, not what the sender meant to send.
 */

export interface ReceivedPush {
  path: string;
  /** The decrypted payload (UTF-8). */
  text: string;
  /** The VAPID token's claims and the key it was signed with (base64url). */
  vapid: { aud: string; exp: number; sub: string; publicKey: string };
  ttl: number;
}

export interface PushEndpoint {
  url: string;
  /** A subscription as PushSubscription.toJSON() gives it, for `path` on this service. */
  subscription(path: string): { endpoint: string; keys: { p256dh: string; auth: string } };
  /** Pushes received (and verified) so far. */
  received: ReceivedPush[];
  /** Requests refused (a bad token, a payload that did not decrypt), with the reason. */
  refused: Array<{ path: string; reason: string }>;
  /** Makes `path` answer `status` (410: the subscription is gone). */
  answer(path: string, status: number): void;
  close(): Promise<void>;
}

const b64u = (b: Buffer) => b.toString('base64url');

/** RFC 8291 §3.4 and RFC 8188 §2: the content encryption key and nonce, then the one record's plaintext. */
export function decryptAes128gcm(body: Buffer, uaPrivate: ReturnType<typeof createECDH>, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const asPublic = body.subarray(21, 21 + idLength);
  const records = body.subarray(21 + idLength);
  if (idLength !== 65) throw new Error(`keyid is ${idLength} bytes, not the sender's 65-byte public key`);
  if (records.length > recordSize) throw new Error('more than one record');
  const uaPublic = uaPrivate.getPublicKey();
  const ecdhSecret = uaPrivate.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(records.subarray(records.length - 16));
  const padded = Buffer.concat([decipher.update(records.subarray(0, records.length - 16)), decipher.final()]);
  // The last record: data, then the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('no last-record delimiter');
  return padded.subarray(0, end);
}

/** RFC 8292: `vapid t=<JWT>, k=<key>`; the JWT is ES256 over the key, for this origin, not expired. */
export function verifyVapid(header: string | undefined, origin: string, nowSeconds: number): ReceivedPush['vapid'] {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header ?? '');
  if (!m) throw new Error(`not a VAPID authorization: ${header}`);
  const [head, payload, signature] = m[1]!.split('.') as [string, string, string];
  const raw = Buffer.from(m[2]!, 'base64url');
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33)) }, format: 'jwk' });
  if (JSON.parse(Buffer.from(head, 'base64url').toString()).alg !== 'ES256') throw new Error('not ES256');
  if (!verify('sha256', Buffer.from(`${head}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url')))
    throw new Error('bad VAPID signature');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  if (claims.aud !== origin) throw new Error(`aud ${claims.aud} is not ${origin}`);
  if (!(claims.exp > nowSeconds && claims.exp <= nowSeconds + 24 * 3600)) throw new Error(`exp ${claims.exp} out of range`);
  if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error(`sub ${claims.sub}`);
  return { ...claims, publicKey: m[2]! };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the push service on 127.0.0.1 (a random port). */
export async function startPushEndpoint(): Promise<PushEndpoint> {
  const ua = createECDH('prime256v1');
  ua.generateKeys();
  const authSecret = randomBytes(16);
  const received: ReceivedPush[] = [];
  const refused: PushEndpoint['refused'] = [];
  const answers = new Map<string, number>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const body = await readBody(req);
    try {
      if (req.method !== 'POST') throw new Error(`method ${req.method}`);
      if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`);
      const vapid = verifyVapid(req.headers.authorization, `http://${req.headers.host}`, Math.floor(Date.now() / 1000));
      const status = answers.get(path) ?? 201;
      if (status >= 400) {
        res.writeHead(status).end();
        return;
      }
      received.push({ path, text: decryptAes128gcm(body, ua, authSecret).toString('utf8'), vapid, ttl: Number(req.headers.ttl) });
      res.writeHead(201).end();
    } catch (error) {
      refused.push({ path, reason: (error as Error).message });
      res.writeHead(400).end();
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    subscription: (path) => ({ endpoint: `${url}${path}`, keys: { p256dh: b64u(ua.getPublicKey()), auth: b64u(authSecret) } }),
    received,
    refused,
    answer: (path, status) => answers.set(path, status),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
