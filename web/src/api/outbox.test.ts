import { describe, expect, it } from 'vitest';
import { ApiError } from './client.ts';
import { Outbox, type OutboxItem, type OutboxStore } from './outbox.ts';

function memoryStore(): OutboxStore & { items: OutboxItem[] } {
  const store = {
    items: [] as OutboxItem[],
    load: () => store.items.map((i) => ({ ...i })),
    save: (items: OutboxItem[]) => {
      store.items = items.map((i) => ({ ...i }));
    },
  };
  return store;
}

/**
 * A server that honours Idempotency-Key as the API does: a key seen before gets the first answer
 * back and changes nothing. `down` makes it unreachable; `loseAnswer` applies the next write but
 * loses the answer on the way back (the case a retry must not apply twice).
 */
function idempotentServer() {
  const values = new Map<string, unknown>();
  const answers = new Map<string, unknown>();
  const server = {
    down: false,
    loseAnswer: false,
    refuse: null as ApiError | null,
    applied: [] as Array<{ path: string; body: unknown; key: string }>,
    attempts: [] as string[],
    values,
    send: async (item: OutboxItem): Promise<unknown> => {
      server.attempts.push(item.key);
      if (server.down) throw new ApiError(0, 'network', 'Mosaic cannot be reached.');
      if (server.refuse) {
        const error = server.refuse;
        server.refuse = null;
        throw error;
      }
      if (!answers.has(item.key)) {
        if (item.method === 'PUT') values.set(item.path, item.body);
        else values.delete(item.path);
        server.applied.push({ path: item.path, body: item.body, key: item.key });
        answers.set(item.key, { path: item.path, body: item.body ?? null });
      }
      if (server.loseAnswer) {
        server.loseAnswer = false;
        throw new ApiError(0, 'network', 'The connection dropped.');
      }
      return answers.get(item.key);
    },
  };
  return server;
}

function setup(owner: { id: string | null } = { id: 'user-a' }) {
  const store = memoryStore();
  const server = idempotentServer();
  const delivered: OutboxItem[] = [];
  const rejected: Array<{ item: OutboxItem; error: ApiError }> = [];
  let n = 0;
  const outbox = new Outbox({
    store,
    owner: () => owner.id,
    send: server.send,
    onDelivered: (item) => delivered.push(item),
    onRejected: (item, error) => rejected.push({ item, error }),
    newKey: () => `k${++n}`,
    now: () => new Date('2026-03-02T08:00:00Z'),
  });
  return { store, server, outbox, delivered, rejected, owner };
}

describe('Outbox', () => {
  it('sends a write at once when the server answers, and keeps nothing', async () => {
    const { outbox, store, server } = setup();
    const delivery = await outbox.submit('PUT', '/v1/entries/2026-03-02/a1', { value: 5 });
    expect(delivery).toEqual({ kind: 'sent', value: { path: '/v1/entries/2026-03-02/a1', body: { value: 5 } } });
    expect(store.items).toEqual([]);
    expect(server.values.get('/v1/entries/2026-03-02/a1')).toEqual({ value: 5 });
    expect(outbox.getSnapshot()).toMatchObject({ pending: 0, offline: false });
  });

  it('stores the write before anything is sent (a closing page keeps it)', () => {
    const { outbox, store } = setup();
    void outbox.submit('PUT', '/v1/entries/2026-03-02/a1', { value: 5 });
    expect(store.items).toEqual([
      { key: 'k1', owner: 'user-a', method: 'PUT', path: '/v1/entries/2026-03-02/a1', body: { value: 5 }, queuedAt: '2026-03-02T08:00:00.000Z' },
    ]);
  });

  it('keeps writes while the server cannot be reached and sends them in order with the same keys', async () => {
    const { outbox, store, server, delivered } = setup();
    server.down = true;
    expect(await outbox.submit('PUT', '/v1/entries/2026-03-02/a1', { value: 5 })).toEqual({ kind: 'queued' });
    expect(await outbox.submit('PUT', '/v1/entries/2026-03-02/a2', { status: 'done' })).toEqual({ kind: 'queued' });
    expect(await outbox.submit('PUT', '/v1/entries/2026-03-02/a1', { value: 6 })).toEqual({ kind: 'queued' });
    expect(store.items.map((i) => i.key)).toEqual(['k1', 'k2', 'k3']);
    expect(outbox.getSnapshot()).toMatchObject({ pending: 3, offline: true });
    expect([...outbox.getSnapshot().paths].sort()).toEqual(['/v1/entries/2026-03-02/a1', '/v1/entries/2026-03-02/a2']);

    await outbox.drain(); // still down: nothing changes
    expect(store.items).toHaveLength(3);

    server.down = false;
    await outbox.drain();
    expect(server.applied.map((a) => [a.key, a.body])).toEqual([
      ['k1', { value: 5 }],
      ['k2', { status: 'done' }],
      ['k3', { value: 6 }],
    ]);
    // The last edit of a value is the one that stays.
    expect(server.values.get('/v1/entries/2026-03-02/a1')).toEqual({ value: 6 });
    expect(delivered.map((i) => i.key)).toEqual(['k1', 'k2', 'k3']);
    expect(store.items).toEqual([]);
    expect(outbox.getSnapshot()).toMatchObject({ pending: 0, offline: false });
  });

  it('applies a write once when its answer was lost and it is sent again', async () => {
    const { outbox, store, server } = setup();
    server.loseAnswer = true;
    expect(await outbox.submit('PUT', '/v1/entries/2026-03-02/a1', { value: 5 })).toEqual({ kind: 'queued' });
    expect(store.items).toHaveLength(1);
    await outbox.drain();
    expect(server.attempts).toEqual(['k1', 'k1']);
    expect(server.applied).toHaveLength(1);
    expect(store.items).toEqual([]);
  });

  it('drops a write the server refuses, says so, and goes on with the next', async () => {
    const { outbox, server, store, rejected, delivered } = setup();
    server.down = true;
    await outbox.submit('PUT', '/v1/entries/2026-03-02/a1', { value: -1 });
    await outbox.submit('PUT', '/v1/entries/2026-03-02/a2', { value: 2 });
    server.down = false;
    server.refuse = new ApiError(422, 'validation_failed', 'value must be 0 or more');
    await outbox.drain();
    expect(rejected.map((r) => [r.item.key, r.error.status])).toEqual([['k1', 422]]);
    expect(delivered.map((i) => i.key)).toEqual(['k2']);
    expect(store.items).toEqual([]);
  });

  it('rejects a write refused at once to its caller', async () => {
    const { outbox, server, store } = setup();
    server.refuse = new ApiError(422, 'validation_failed', 'value must be 0 or more');
    await expect(outbox.submit('PUT', '/v1/entries/2026-03-02/a1', { value: -1 })).rejects.toMatchObject({ status: 422 });
    expect(store.items).toEqual([]);
  });

  it('keeps a write whose session ended until its user is back', async () => {
    const { outbox, server, store } = setup();
    server.refuse = new ApiError(401, 'session_expired', 'Your session has ended.');
    expect(await outbox.submit('DELETE', '/v1/entries/2026-03-02/a1')).toEqual({ kind: 'queued' });
    expect(store.items).toHaveLength(1);
    await outbox.drain();
    expect(store.items).toEqual([]);
  });

  it("sends only the signed-in user's writes; another user's wait for them", async () => {
    const { outbox, server, store, owner } = setup();
    server.down = true;
    await outbox.submit('PUT', '/v1/entries/2026-03-02/a1', { value: 5 });
    owner.id = 'user-b';
    outbox.refresh();
    expect(outbox.getSnapshot().pending).toBe(0);
    server.down = false;
    await outbox.drain();
    expect(server.applied).toEqual([]);
    expect(store.items).toHaveLength(1);
    owner.id = 'user-a';
    await outbox.drain();
    expect(server.applied.map((a) => a.key)).toEqual(['k1']);
    expect(store.items).toEqual([]);
  });

  it('sends an item stored by an earlier version (with an id beside its key) under its key, then drops it', async () => {
    const { outbox, store, server } = setup();
    const earlier = { id: 'old-id', key: 'old-key', owner: 'user-a', method: 'PUT' as const, path: '/v1/entries/2026-03-01/a1', body: { value: 2 }, queuedAt: '2026-03-01T08:00:00.000Z' };
    store.items = [earlier];
    expect(await outbox.submit('PUT', '/v1/entries/2026-03-02/a1', { value: 5 })).toMatchObject({ kind: 'sent' });
    expect(server.applied.map((a) => [a.key, a.path])).toEqual([
      ['old-key', '/v1/entries/2026-03-01/a1'],
      ['k1', '/v1/entries/2026-03-02/a1'],
    ]);
    expect(store.items).toEqual([]);
  });

  it('refuses a write without a session', async () => {
    const { outbox, store } = setup({ id: null });
    await expect(outbox.submit('PUT', '/v1/entries/2026-03-02/a1', { value: 5 })).rejects.toMatchObject({ status: 401 });
    expect(store.items).toEqual([]);
  });
});
