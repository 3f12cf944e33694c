import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../api/client.ts';
import type { Entry, EntryInput } from '../../../api/types.ts';
import { EntrySaver, QUEUED, TYPING_PAUSE_MS } from './entry-saver.ts';

const entry = (change: Partial<Entry> = {}): Entry => ({
  activityId: 'a1',
  date: '2026-03-02',
  value: null,
  note: '',
  status: 'done',
  statusSource: 'explicit',
  createdAt: '2026-03-02T08:00:00.000Z',
  updatedAt: '2026-03-02T08:00:00.000Z',
  ...change,
});

/** A server stand-in whose answers the test releases one at a time. */
function server() {
  const sent: Array<EntryInput | null> = [];
  const pending: Array<(e: Entry | null) => void> = [];
  let failNext: Error | null = null;
  const write = (body: EntryInput | null) => {
    sent.push(body);
    if (failNext) {
      const error = failNext;
      failNext = null;
      return Promise.reject(error);
    }
    return new Promise<Entry | null>((resolve) => pending.push(resolve));
  };
  const answer = (e: Entry | null) => pending.shift()!(e);
  return { sent, write, answer, fail: (error: Error) => (failNext = error), pending };
}

/** Lets the saver's awaits run (timers are faked; setImmediate is not). */
const settle = () => new Promise((r) => setImmediate(r));

describe('EntrySaver', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('sends a check-in at once and reports it saved', async () => {
    const s = server();
    const saver = new EntrySaver(null, false, s.write);
    saver.edit((d) => ({ ...d, mark: 'done' }), 'now');
    expect(s.sent).toEqual([{ value: null, note: '', status: 'done' }]);
    expect(saver.getSnapshot().state.kind).toBe('saving');
    s.answer(entry());
    await settle();
    expect(saver.getSnapshot().state.kind).toBe('saved');
  });

  it('waits for a pause in typing, then sends the amount once', async () => {
    const s = server();
    const saver = new EntrySaver(null, true, s.write);
    saver.edit((d) => ({ ...d, value: '5' }), 'after-typing');
    saver.edit((d) => ({ ...d, value: '5.5' }), 'after-typing');
    vi.advanceTimersByTime(TYPING_PAUSE_MS - 1);
    expect(s.sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(s.sent).toEqual([{ value: 5.5, note: '' }]);
  });

  it('sends edits made during a save once it returns, the latest draft winning', async () => {
    const s = server();
    const saver = new EntrySaver(null, true, s.write);
    saver.edit((d) => ({ ...d, value: '3' }), 'now');
    saver.edit((d) => ({ ...d, value: '4' }), 'now');
    saver.edit((d) => ({ ...d, value: '6' }), 'now');
    expect(s.sent).toHaveLength(1);
    s.answer(entry({ value: 3, statusSource: 'derived' }));
    await settle();
    expect(s.sent).toEqual([
      { value: 3, note: '' },
      { value: 6, note: '' },
    ]);
    s.answer(entry({ value: 6, statusSource: 'derived', updatedAt: '2026-03-02T09:00:00.000Z' }));
    await settle();
    expect(saver.getSnapshot().state.kind).toBe('saved');
    expect(s.pending).toHaveLength(0);
  });

  it('keeps a note alone to itself and says what it needs, and refuses a value that is not a number', async () => {
    const s = server();
    const saver = new EntrySaver(null, false, s.write);
    saver.edit((d) => ({ ...d, note: 'felt good' }), 'now');
    await settle();
    expect(s.sent).toEqual([]);
    expect(saver.getSnapshot().state).toEqual({ kind: 'hint', text: 'Mark it done or skipped to keep the note.' });

    const measured = new EntrySaver(null, true, s.write);
    measured.edit((d) => ({ ...d, value: '1e' }), 'now');
    await settle();
    expect(s.sent).toEqual([]);
    expect(measured.getSnapshot().state).toEqual({ kind: 'hint', text: 'Enter a number (0 or more).' });
  });

  it('deletes the entry when a saved one is cleared', async () => {
    const s = server();
    const saver = new EntrySaver(entry(), false, s.write);
    saver.edit((d) => ({ ...d, mark: null }), 'now');
    expect(s.sent).toEqual([null]);
  });

  it('reports a failed save, and sends again on retry', async () => {
    const s = server();
    const saver = new EntrySaver(null, false, s.write);
    s.fail(new ApiError(0, 'network', 'Mosaic cannot be reached.'));
    saver.edit((d) => ({ ...d, mark: 'skipped' }), 'now');
    await settle();
    expect(saver.getSnapshot().state).toMatchObject({ kind: 'error', error: { message: 'Mosaic cannot be reached.' } });
    void saver.flush();
    expect(s.sent).toHaveLength(2);
  });

  it('takes a newer entry from the server into an untouched draft, never over an edit', async () => {
    const s = server();
    const saver = new EntrySaver(entry({ note: 'old' }), false, s.write);
    saver.offer(entry({ note: 'from another tab', updatedAt: '2026-03-02T10:00:00.000Z' }));
    expect(saver.getSnapshot().draft.note).toBe('from another tab');
    // An older answer (a read sent before the last write) changes nothing.
    saver.offer(entry({ note: 'stale', updatedAt: '2026-03-02T09:00:00.000Z' }));
    expect(saver.getSnapshot().draft.note).toBe('from another tab');

    saver.edit((d) => ({ ...d, note: 'typing…' }), 'after-typing');
    saver.offer(entry({ note: 'newer still', updatedAt: '2026-03-02T11:00:00.000Z' }));
    expect(saver.getSnapshot().draft.note).toBe('typing…');
  });
  it('says a write kept in the outbox is waiting to sync, sends later edits behind it, and shows saved once synced', async () => {
    const sent: Array<EntryInput | null> = [];
    const saver = new EntrySaver(null, true, async (body) => {
      sent.push(body);
      return QUEUED;
    });
    saver.edit((d) => ({ ...d, value: '5' }), 'now');
    await settle();
    expect(saver.getSnapshot().state.kind).toBe('queued');
    saver.edit((d) => ({ ...d, value: '6' }), 'now');
    await settle();
    expect(sent).toEqual([
      { value: 5, note: '' },
      { value: 6, note: '' },
    ]);
    expect(saver.getSnapshot().state.kind).toBe('queued');
    saver.synced();
    expect(saver.getSnapshot().state.kind).toBe('saved');
  });

  it('sends a draft still in its typing pause when the row goes away, instead of dropping it', async () => {
    const s = server();
    const saver = new EntrySaver(null, true, s.write);
    saver.edit((d) => ({ ...d, value: '7' }), 'after-typing');
    saver.dispose();
    expect(s.sent).toEqual([{ value: 7, note: '' }]);
    vi.advanceTimersByTime(TYPING_PAUSE_MS);
    expect(s.sent).toHaveLength(1);
  });

  it('sends nothing on dispose when nothing changed', () => {
    const s = server();
    const saver = new EntrySaver(entry(), false, s.write);
    saver.dispose();
    expect(s.sent).toEqual([]);
  });
});
