import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { Outbox, type OutboxItem } from '../../api/outbox.ts';
import { entryPath } from '../../api/api.ts';
import { queuedEntries, writeEntryVia } from './entry-outbox.ts';
import { queuedCell } from './grid/grid-cell.ts';

/** A real Outbox over memory, with a server that can be down and records what it applied. */
function setup() {
  let stored: OutboxItem[] = [];
  let n = 0;
  const server = { down: false, missing: false, applied: [] as Array<{ method: string; path: string; key: string }> };
  const outbox = new Outbox({
    store: { load: () => stored.map((i) => ({ ...i })), save: (items) => void (stored = items.map((i) => ({ ...i }))) },
    owner: () => 'user-1',
    newKey: () => `k${++n}`,
    send: async (item) => {
      if (server.down) throw new ApiError(0, 'network', 'Mosaic cannot be reached.');
      if (server.missing) throw new ApiError(404, 'not_found', 'No entry.');
      server.applied.push({ method: item.method, path: item.path, key: item.key });
      return { activityId: 'a1', date: '2026-11-20', ...(item.body as object) };
    },
  });
  return { outbox, server, items: () => outbox.items() };
}

describe('entry writes through the outbox (grid and day editor)', () => {
  it('answers the saved entry when the server is reached', async () => {
    const { outbox, server } = setup();
    const written = await writeEntryVia(outbox, '2026-11-20', 'a1', { status: 'done' });
    expect(written).toMatchObject({ kind: 'sent', entry: { status: 'done' } });
    expect(server.applied).toEqual([{ method: 'PUT', path: entryPath('2026-11-20', 'a1'), key: 'k1' }]);
  });

  it('keeps writes made offline, in order, and sends each once with the key it was stored with', async () => {
    const { outbox, server, items } = setup();
    server.down = true;
    expect(await writeEntryVia(outbox, '2026-11-20', 'a1', { status: 'done' })).toEqual({ kind: 'queued' });
    expect(await writeEntryVia(outbox, '2026-11-20', 'a1', { status: 'skipped' })).toEqual({ kind: 'queued' });
    expect(await writeEntryVia(outbox, '2026-11-19', 'a1', null)).toEqual({ kind: 'queued' });
    const keys = items().map((i) => i.key);
    await outbox.drain(); // still down: nothing applied, nothing dropped
    expect(server.applied).toEqual([]);
    expect(items().map((i) => i.key)).toEqual(keys);
    server.down = false;
    await outbox.drain();
    expect(server.applied.map((a) => [a.method, a.path, a.key])).toEqual([
      ['PUT', entryPath('2026-11-20', 'a1'), keys[0]],
      ['PUT', entryPath('2026-11-20', 'a1'), keys[1]],
      ['DELETE', entryPath('2026-11-19', 'a1'), keys[2]],
    ]);
    expect(items()).toEqual([]);
  });

  it('counts deleting an entry that is already gone as done, and refuses other errors', async () => {
    const { outbox, server } = setup();
    server.missing = true;
    expect(await writeEntryVia(outbox, '2026-11-20', 'a1', null)).toEqual({ kind: 'sent', entry: null });
    await expect(writeEntryVia(outbox, '2026-11-20', 'a1', { status: 'done' })).rejects.toMatchObject({ status: 404 });
  });

  it('shows a waiting cell as its last queued write', async () => {
    const { outbox, server, items } = setup();
    server.down = true;
    await writeEntryVia(outbox, '2026-11-20', 'a1', { status: 'done' });
    await writeEntryVia(outbox, '2026-11-20', 'a1', { status: 'skipped' });
    await writeEntryVia(outbox, '2026-11-19', 'a1', null);
    const queued = queuedEntries(items());
    expect(queued.get(entryPath('2026-11-20', 'a1'))).toEqual({ status: 'skipped' });
    expect(queued.get(entryPath('2026-11-19', 'a1'))).toBeNull();
    expect(queued.has(entryPath('2026-11-18', 'a1'))).toBe(false);
    expect(queuedCell({ status: 'skipped' })).toEqual({ status: 'skipped', outcome: 'skipped' });
    expect(queuedCell(null)).toEqual({ status: null, outcome: 'pending' });
  });
});
