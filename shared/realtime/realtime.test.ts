import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, REALTIME_PROTOCOL } from './protocol.ts';
import {
  answerClientMessage,
  batchConnections,
  closeConnection,
  issueTicket,
  messageFor,
  openConnection,
  pushEvent,
  type Connection,
  type ConnectionSender,
  type RealtimeRepository,
} from './realtime.ts';

function memoryRepo() {
  const tickets = new Map<string, { userId: string; expiresAt: number }>();
  const connections = new Map<string, Connection>();
  const repo: RealtimeRepository = {
    async putTicket(digest, userId, expiresAt) {
      tickets.set(digest, { userId, expiresAt });
    },
    async takeTicket(digest) {
      const t = tickets.get(digest);
      tickets.delete(digest);
      return t;
    },
    async putConnection(c) {
      connections.set(c.connectionId, c);
    },
    async connectionUser(id) {
      return connections.get(id)?.userId;
    },
    async connectionsOf(userId, now) {
      return [...connections.values()].filter((c) => c.userId === userId && c.expiresAt >= now);
    },
    async deleteConnection(_userId, id) {
      connections.delete(id);
    },
  };
  return { repo, tickets, connections };
}

const at = (iso: string) => () => new Date(iso);

describe('tickets', () => {
  it('stores only a digest, and redeems once into a connection that lives 2 hours', async () => {
    const { repo, tickets, connections } = memoryRepo();
    const deps = { repo, now: at('2026-11-28T10:00:00Z') };
    const t = await issueTicket(deps, 'u1', 'ws://localhost/ws');
    expect(t.protocols).toEqual([REALTIME_PROTOCOL, `ticket.${t.ticket}`]);
    expect([...tickets.keys()][0]).not.toContain(t.ticket);
    const header = t.protocols.join(', ');
    expect(await openConnection(deps, 'c1', header)).toEqual({ ok: true, protocol: REALTIME_PROTOCOL, userId: 'u1' });
    expect(connections.get('c1')!.expiresAt - Date.parse('2026-11-28T10:00:00Z') / 1000).toBe(7200);
    expect(await openConnection(deps, 'c2', header)).toEqual({ ok: false, reason: 'unknown-ticket' });
  });

  it('refuses an expired ticket, a missing one and a client that does not speak mosaic.v1', async () => {
    const { repo } = memoryRepo();
    const t = await issueTicket({ repo, now: at('2026-11-28T10:00:00Z') }, 'u1', 'ws://x');
    const later = { repo, now: at('2026-11-28T10:01:01Z') };
    expect(await openConnection(later, 'c1', t.protocols.join(','))).toEqual({ ok: false, reason: 'expired-ticket' });
    expect(await openConnection(later, 'c1', REALTIME_PROTOCOL)).toEqual({ ok: false, reason: 'no-ticket' });
    expect(await openConnection(later, 'c1', `ticket.${t.ticket}`)).toEqual({ ok: false, reason: 'protocol' });
    expect(await openConnection(later, 'c1', undefined)).toEqual({ ok: false, reason: 'protocol' });
  });

  it('forgets a connection on disconnect, and ignores an unknown one', async () => {
    const { repo, connections } = memoryRepo();
    const deps = { repo, now: at('2026-11-28T10:00:00Z') };
    const t = await issueTicket(deps, 'u1', 'ws://x');
    await openConnection(deps, 'c1', t.protocols.join(','));
    await closeConnection(deps, 'c1');
    await closeConnection(deps, 'never');
    expect(connections.size).toBe(0);
  });
});

describe('push', () => {
  const event = (userId: string, extra: Record<string, unknown> = {}) => ({
    id: 'ev1',
    time: '2026-11-28T10:00:01Z',
    type: 'entry.logged',
    detail: { userId, occurredAt: '2026-11-28T10:00:00Z', activityId: 'a1', date: '2026-11-28', ...extra },
  });

  it('sends to each connection of the event\u2019s user only, and drops the gone ones', async () => {
    const { repo, connections } = memoryRepo();
    const now = at('2026-11-28T10:00:00Z');
    for (const [id, userId] of [['c1', 'u1'], ['c2', 'u1'], ['c3', 'u2']] as const)
      connections.set(id, { connectionId: id, userId, connectedAt: '', expiresAt: Date.parse('2026-11-28T12:00:00Z') / 1000 });
    const posted: Array<[string, string]> = [];
    const sender: ConnectionSender = {
      async post(id, data) {
        posted.push([id, data]);
        return id === 'c2' ? 'gone' : 'sent';
      },
    };
    expect(await pushEvent({ repo, sender, now }, event('u1'))).toEqual({ sent: 1, gone: 1 });
    expect(posted.map(([id]) => id).sort()).toEqual(['c1', 'c2']);
    expect(JSON.parse(posted[0]![1])).toEqual({
      type: 'event',
      id: 'ev1',
      event: 'entry.logged',
      at: '2026-11-28T10:00:00Z',
      data: { activityId: 'a1', date: '2026-11-28' },
    });
    expect([...connections.keys()].sort()).toEqual(['c1', 'c3']);
  });

  it('reads a user\'s connections once per batch, and forgets one found gone', async () => {
    const { repo, connections } = memoryRepo();
    for (const id of ['c1', 'c2']) connections.set(id, { connectionId: id, userId: 'u1', connectedAt: '', expiresAt: Date.parse('2026-11-28T12:00:00Z') / 1000 });
    let reads = 0;
    const counted: RealtimeRepository = { ...repo, connectionsOf: (u, n) => (reads++, repo.connectionsOf(u, n)) };
    const posted: string[] = [];
    const sender: ConnectionSender = { post: async (id) => (posted.push(id), id === 'c2' ? 'gone' : 'sent') };
    const deps = { repo: batchConnections(counted), sender, now: at('2026-11-28T10:00:00Z') };
    expect(await pushEvent(deps, event('u1'))).toEqual({ sent: 1, gone: 1 });
    expect(await pushEvent(deps, event('u1'))).toEqual({ sent: 1, gone: 0 });
    expect(reads).toBe(1);
    expect(posted).toEqual(['c1', 'c2', 'c1']);
  });

  it('skips connections past their 2 hours', async () => {
    const { repo, connections } = memoryRepo();
    connections.set('old', { connectionId: 'old', userId: 'u1', connectedAt: '', expiresAt: Date.parse('2026-11-28T09:59:59Z') / 1000 });
    const sender: ConnectionSender = { post: () => Promise.reject(new Error('must not be called')) };
    expect(await pushEvent({ repo, sender, now: at('2026-11-28T10:00:00Z') }, event('u1'))).toEqual({ sent: 0, gone: 0 });
  });

  it('turns a message of 128 KB or more into a refresh hint naming the ids', () => {
    const small = messageFor(event('u1'));
    expect(JSON.parse(small).type).toBe('event');
    const big = messageFor(event('u1', { note: 'x'.repeat(MAX_MESSAGE_BYTES) }));
    expect(Buffer.byteLength(big)).toBeLessThan(1000);
    expect(JSON.parse(big)).toEqual({
      type: 'refresh',
      id: 'ev1',
      event: 'entry.logged',
      at: '2026-11-28T10:00:00Z',
      data: { activityId: 'a1', date: '2026-11-28' },
    });
  });
});

describe('client messages', () => {
  it('answers a ping with a pong and anything else with an error', () => {
    const now = new Date('2026-11-28T10:00:00Z');
    expect(answerClientMessage('{"type":"ping"}', now)).toEqual({ type: 'pong', at: '2026-11-28T10:00:00.000Z' });
    for (const body of ['{"type":"subscribe"}', 'not json', undefined, 'null'])
      expect(answerClientMessage(body, now)).toMatchObject({ type: 'error', code: 'unknown_message' });
  });
});
