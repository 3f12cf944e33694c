import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPushEndpoint, type PushEndpoint } from '../../test/support/push-endpoint.ts';
import { webPushSender } from './push.ts';
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
