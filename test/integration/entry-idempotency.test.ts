/**
 * The web app's offline outbox sends a queued entry write again with its Idempotency-Key: the
 * server applies it once, and a late retry (its first answer was lost) neither writes again nor
 * overwrites a newer value.
 */
import { describe, expect, inject, it } from 'vitest';
import { as, newUser } from '../support/http-client.ts';

const base = inject('mosaic').url;

describe('entry writes with an Idempotency-Key', () => {
  it('replay a PUT and a DELETE by key, never over a newer value, and refuse the key for another body', async () => {
    const user = await newUser(base, { timezone: 'UTC' });
    const client = as(base, user);
    const run = (await client.post('/v1/activities', { name: 'Run', unit: 'km', goal: 5 })).body;
    const path = `/v1/entries/2026-01-15/${run.id}`;
    const queued = { headers: { 'idempotency-key': 'web-queued-1' } };

    const first = await client.put(path, { value: 4.5 }, queued);
    expect(first.status).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // A newer value is written meanwhile (online, another key).
    const newer = await client.put(path, { value: 6 }, { headers: { 'idempotency-key': 'web-newer-2' } });
    expect(newer.body.value).toBe(6);
    // The queued write comes again (its answer was lost): the first answer, nothing written.
    const retry = await client.put(path, { value: 4.5 }, queued);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    const stored = await client.get(`/v1/entries?activityId=${run.id}`);
    expect(stored.body.items.map((e: { value: number }) => e.value)).toEqual([6]);

    expect((await client.put(path, { value: 9 }, queued)).status).toBe(422);

    const removal = { headers: { 'idempotency-key': 'web-delete-3' } };
    expect((await client.delete(path, removal)).status).toBe(204);
    await client.put(path, { value: 7 });
    const again = await client.delete(path, removal);
    expect(again.status).toBe(204);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await client.get(`/v1/entries?activityId=${run.id}`)).body.items.map((e: { value: number }) => e.value)).toEqual([7]);
  });
});
