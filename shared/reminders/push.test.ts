import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPushEndpoint, verifyVapid, type PushEndpoint } from '../../test/support/push-endpoint.ts';
import { encryptAes128gcm, vapidAuthorization, webPushSender } from './push.ts';
import { vapidKeysFromSecret } from './vapid-keys.ts';

let endpoint: PushEndpoint;
beforeAll(async () => {
  endpoint = await startPushEndpoint();
});
afterAll(() => endpoint.close());

describe('vapidKeysFromSecret', () => {
  it('derives one stable P-256 key pair per secret', () => {
    const a = vapidKeysFromSecret('secret-a');
    expect(vapidKeysFromSecret('secret-a')).toEqual(a);
    expect(vapidKeysFromSecret('secret-b').publicKey).not.toBe(a.publicKey);
    expect(Buffer.from(a.publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(a.privateKey, 'base64url')).toHaveLength(32);
  });
});

describe('encryptAes128gcm', () => {
  // RFC 8291 §5 and Appendix A: the example's inputs (keys, salt, auth secret) and its message.
  const ua = { p256dh: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4', auth: 'BTBZMqHH6r4Tts7J_aSIgg' };
  const seed = { asPrivateKey: Buffer.from('yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw', 'base64url'), salt: Buffer.from('DGv6ra1nlYgDCS1FRnbzlw', 'base64url') };

  it('produces RFC 8291\'s example message from its inputs', () => {
    const body = encryptAes128gcm(Buffer.from('When I grow up, I want to be a watermelon'), ua, seed);
    expect(body.toString('base64url')).toBe(
      'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml' +
        'mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT' +
        'pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
    );
  });

  it('uses a fresh key and salt per message and refuses a payload past one record', () => {
    const a = encryptAes128gcm(Buffer.from('same'), ua);
    const b = encryptAes128gcm(Buffer.from('same'), ua);
    expect(a.subarray(0, 16).equals(b.subarray(0, 16))).toBe(false);
    expect(a.subarray(21, 86).equals(b.subarray(21, 86))).toBe(false);
    expect(() => encryptAes128gcm(Buffer.alloc(4000), ua)).toThrow(/too large/);
  });
});

describe('vapidAuthorization', () => {
  it('signs an ES256 token for the audience that an independent verifier accepts', () => {
    const keys = vapidKeysFromSecret('stage-secret');
    const now = 1_800_000_000;
    const header = vapidAuthorization(keys, 'https://push.example.net', 'mailto:ops@example.com', now);
    expect(verifyVapid(header, 'https://push.example.net', now)).toEqual({
      aud: 'https://push.example.net',
      exp: now + 12 * 3600,
      sub: 'mailto:ops@example.com',
      publicKey: keys.publicKey,
    });
    const other = vapidKeysFromSecret('other-secret');
    const forged = header.replace(/k=.*$/, `k=${other.publicKey}`);
    expect(() => verifyVapid(forged, 'https://push.example.net', now)).toThrow(/signature/);
  });
});

describe('webPushSender against a push service that decrypts', () => {
  const keys = vapidKeysFromSecret('stage-secret');
  const sender = webPushSender(keys, 'mailto:ops@example.com');

  it('delivers a payload the subscriber decrypts, signed with the stage key for the endpoint origin', async () => {
    const message = { title: 'Stretch ✓', body: 'It is 09:00: time for Stretch.', url: '/activities/a1' };
    expect(await sender.send(endpoint.subscription('/s/1'), message)).toBe('sent');
    expect(endpoint.refused).toEqual([]);
    const [push] = endpoint.received;
    expect(JSON.parse(push!.text)).toEqual(message);
    expect(push!.vapid).toMatchObject({ aud: endpoint.url, sub: 'mailto:ops@example.com', publicKey: keys.publicKey });
    expect(push!.ttl).toBeGreaterThan(0);
  });

  it('reports a gone subscription (410) and a failing service', async () => {
    endpoint.answer('/s/gone', 410);
    endpoint.answer('/s/down', 503);
    expect(await sender.send(endpoint.subscription('/s/gone'), { title: 't', body: 'b', url: '/' })).toBe('gone');
    expect(await sender.send(endpoint.subscription('/s/down'), { title: 't', body: 'b', url: '/' })).toBe('failed');
    expect(await sender.send({ endpoint: 'http://127.0.0.1:1/none', keys: endpoint.subscription('/x').keys }, { title: 't', body: 'b', url: '/' })).toBe('failed');
  });

  it('signs one token per push service and uses it again until an hour before it expires', async () => {
    let now = Date.now();
    const clocked = webPushSender(keys, 'mailto:ops@example.com', () => now);
    const exps = async (path: string) => {
      expect(await clocked.send(endpoint.subscription(path), { title: 't', body: 'b', url: '/' })).toBe('sent');
      return endpoint.received.find((r) => r.path === path)!.vapid.exp;
    };
    const first = await exps('/s/t1');
    now += 10 * 60_000;
    expect(await exps('/s/t2')).toBe(first);
    // 11 h on (its 12 h lifetime less the margin): a new token, expiring later.
    now += 11 * 3600_000 - 10 * 60_000;
    const renewed = await exps('/s/t3');
    expect(renewed - first).toBe(11 * 3600);
  });

  it('a payload encrypted to another subscriber does not decrypt here', async () => {
    const other = await startPushEndpoint();
    try {
      // Sent to this service's URL with the other subscriber's keys: the decryption must fail.
      const wrong = { endpoint: `${endpoint.url}/s/wrong`, keys: other.subscription('/').keys };
      await sender.send(wrong, { title: 't', body: 'b', url: '/' });
      expect(endpoint.refused.map((r) => r.path)).toContain('/s/wrong');
      expect(endpoint.received.map((r) => r.path)).not.toContain('/s/wrong');
    } finally {
      await other.close();
    }
  });
});
