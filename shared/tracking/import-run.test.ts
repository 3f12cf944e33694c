import { describe, expect, it } from 'vitest';
import { memoryEntries, memoryFiles, memoryImports, memoryRollups, memoryTracking } from '../../test/support/memory-repos.ts';
import type { PendingEvent } from '../db/pending.ts';
import type { DomainEvent } from '../events/catalog.ts';
import { sweepPending } from '../jobs/sweep-pending.ts';
import { DomainError } from '../kit/errors.ts';
import { CHECKPOINT_ROWS, importMarkId, processImport, resumeStalledImports } from './import-run.ts';
import { IMPORT_MARK_DELAY_MS, IMPORT_STALL_MS, MAX_IMPORT_ATTEMPTS } from './import-model.ts';
import { createImport, retryImport, startImport, type ImportDeps } from './imports.ts';
import type { Entry } from './model.ts';
import { DEFAULT_ACTIVITY_COLOR } from './appearance.ts';
import { inUserOrder } from './ordering.ts';
import { handleTrackingEvent, rollupEvents } from './rollups.ts';

const USER = 'u1';

async function setup() {
  const base = memoryTracking(new Date('2026-11-21T12:00:00Z'));
  const tracking = { ...base, entries: memoryEntries(base.marks), rollups: memoryRollups() };
  await tracking.profiles.create({ id: USER, email: 'a@x', displayName: 'A', timezone: 'UTC', createdAt: '', updatedAt: '' });
  const imports = memoryImports();
  const files = memoryFiles();
  const deps: ImportDeps & { published: DomainEvent[] } = { ...tracking, imports, files };
  const entries = tracking.entries;
  const putMany = entries.putMany.bind(entries);
  /** Entries written, by call; `hook` may stop or fail a call (a crash, a refused item). */
  const writes: Entry[][] = [];
  const control: {
    /** Before a write: may fail it, or never return (a crash). */
    hook?: (batch: Entry[], call: number) => Promise<void> | void;
    /** After a write: may never return (a crash after the write, before the checkpoint). */
    after?: (call: number) => Promise<void> | void;
  } = {};
  entries.putMany = async (u, batch, mark) => {
    await control.hook?.(batch, writes.length);
    writes.push(batch);
    await putMany(u, batch, mark);
    await control.after?.(writes.length - 1);
  };
  return { deps, tracking, imports, files, writes, control, clock: tracking.clock, marks: base.marks };
}

const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

/** A CSV of `activities` × `days` rows, values that vary per row. */
function csv(activities: number, days: number, extra: string[] = []): string {
  const rows = ['date,activity,value,goal'];
  for (let a = 0; a < activities; a++) for (let d = 0; d < days; d++) rows.push(`${day(d)},Habit ${a},${(a * 7 + d) % 5},2`);
  return [...rows, ...extra].join('\n');
}

async function inline(deps: ImportDeps, content: string) {
  const created = await createImport(deps, USER, { format: 'csv', content, encoding: 'utf8' });
  return created.import.id;
}

/** Every roll-up slot equals the stored entry it derives from, and no slot is left without one. */
function rollupsMatchEntries(tracking: { entries: ReturnType<typeof memoryEntries>; rollups: ReturnType<typeof memoryRollups> }) {
  const entries = [...tracking.entries.rows.values()];
  const filled = (store: Map<string, { slot: unknown }>) => new Map([...store].filter(([, v]) => v.slot).map(([k, v]) => [k, v.slot]));
  const expected = new Map(entries.map((e) => [`${e.userId}#${e.activityId}#${e.date}`, { status: e.status, value: e.value }]));
  return { days: filled(tracking.rollups.days), months: filled(tracking.rollups.months), expected };
}

const eventOf = (n: number) => ({ eventId: `event-${n}` });

describe('imports that finish', () => {
  it('resumes a run that crashed from its checkpoint: a redelivery takes over at once, other messages wait for the stall', async () => {
    const { deps, tracking, imports, files, writes, control } = await setup();
    const total = 3 * 400;
    const id = await inline(deps, csv(3, 400));
    // The run "crashes" while writing its third batch: it never returns.
    let crashed!: () => void;
    const reachedCrash = new Promise<void>((resolve) => (crashed = resolve));
    control.hook = (_batch, call) => {
      if (call === 2) {
        crashed();
        return new Promise(() => undefined);
      }
    };
    void processImport(deps, USER, id, eventOf(1));
    await reachedCrash;
    control.hook = undefined;
    expect((await imports.get(USER, id))?.checkpoint).toMatchObject({ rowsApplied: 2 * CHECKPOINT_ROWS, imported: 2 * CHECKPOINT_ROWS });

    // Another message (e.g. a duplicate) leaves a run that is alive, as far as it can tell, alone.
    expect(await processImport(deps, USER, id, eventOf(2))).toBeUndefined();
    expect(writes).toHaveLength(2);

    // A redelivery of the crashed run's own message means that run has ended: it takes over.
    const done = await processImport(deps, USER, id, eventOf(1));
    expect(done).toMatchObject({ status: 'completed', rowsApplied: total, attempts: 1 });
    expect(done?.summary).toMatchObject({ imported: total, updated: 0, unchanged: 0, rejected: 0, activitiesCreated: 3 });
    // A completed import's upload is deleted (it is never read again).
    expect(files.objects.size).toBe(0);
    // Only what the crashed run had not checkpointed was written again.
    expect(writes.slice(2).flat()).toHaveLength(total - 2 * CHECKPOINT_ROWS);
    expect(tracking.entries.rows.size).toBe(total);
    const { days, months, expected } = rollupsMatchEntries(tracking);
    expect(days).toEqual(expected);
    expect(months).toEqual(expected);
  });

  it('counts the entries a crashed run wrote after its last checkpoint as imported, not unchanged', async () => {
    const { deps, control } = await setup();
    const id = await inline(deps, csv(1, 2 * CHECKPOINT_ROWS));
    // The second batch is written, then the run dies before its checkpoint.
    let crashed!: () => void;
    const reached = new Promise<void>((resolve) => (crashed = resolve));
    control.after = (call) => {
      if (call !== 1) return;
      crashed();
      return new Promise(() => undefined);
    };
    void processImport(deps, USER, id, eventOf(1));
    await reached;
    control.after = undefined;
    const done = await processImport(deps, USER, id, eventOf(1));
    expect(done?.summary).toMatchObject({ imported: 2 * CHECKPOINT_ROWS, unchanged: 0 });
  });

  it('lets the sweeper resume an import whose run went silent (its message lost), and only then', async () => {
    const { deps, tracking, imports, control, clock } = await setup();
    const id = await inline(deps, csv(2, 400));
    control.hook = (_b, call) => (call === 1 ? new Promise(() => undefined) : undefined);
    void processImport(deps, USER, id, eventOf(1));
    await new Promise((r) => setTimeout(r, 20));
    control.hook = undefined;

    expect(await resumeStalledImports(deps)).toEqual({ stalled: 0, resumed: 0 });
    clock.now = new Date(clock.now.getTime() + IMPORT_STALL_MS + 1000);
    const published = tracking.published.length;
    expect(await resumeStalledImports(deps)).toEqual({ stalled: 1, resumed: 1 });
    const resume = tracking.published[published]!;
    expect(resume).toMatchObject({ type: 'import.requested', detail: { importId: id, resume: expect.any(String) } });
    // Handed over: the next sweep leaves it alone (its heartbeat is fresh again).
    expect(await resumeStalledImports(deps)).toEqual({ stalled: 0, resumed: 0 });

    const detail = resume.detail as { resume: string };
    const done = await processImport(deps, USER, id, { eventId: 'event-resume', resumeToken: detail.resume });
    expect(done).toMatchObject({ status: 'completed', summary: { imported: 800 } });
    expect((await imports.get(USER, id))?.heartbeatAt).toBeUndefined();
  });

  it('rejects, with its row, an entry the table refuses, and completes the import', async () => {
    const { deps, tracking, control } = await setup();
    const id = await inline(deps, ['date,activity,value', `${day(0)},Read,1`, `${day(1)},Read,13`, `${day(2)},Read,3`].join('\n'));
    control.hook = (batch) => {
      if (batch.some((e) => e.value === 13)) throw Object.assign(new Error('Number underflow'), { name: 'ValidationException' });
    };
    const done = await processImport(deps, USER, id, eventOf(1));
    expect(done).toMatchObject({ status: 'completed', summary: { imported: 2, rejected: 1 } });
    expect(done?.summary?.rejections).toEqual([{ row: 3, reason: `"Read" on ${day(1)}: the entry could not be stored: Number underflow` }]);
    expect([...tracking.entries.rows.values()].map((e) => e.value).sort()).toEqual([1, 3]);
  });

  it('rejects a value DynamoDB cannot store (1e-200) with its row number, and completes', async () => {
    const { deps } = await setup();
    const id = await inline(deps, ['date,activity,value', `${day(0)},Read,1`, `${day(1)},Read,1e-200`].join('\n'));
    const done = await processImport(deps, USER, id, eventOf(1));
    expect(done).toMatchObject({ status: 'completed', summary: { imported: 1, rejected: 1 } });
    expect(done?.summary?.rejections[0]).toMatchObject({ row: 3, reason: expect.stringMatching(/1e-200 must be 0 or at least 1e-130/) });
  });

  it('fails an import whose file cannot be read after its attempts, naming the error, and a retry resumes it', async () => {
    const { deps, imports, files } = await setup();
    const id = await inline(deps, csv(1, 30));
    files.failReads = Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    for (let attempt = 1; attempt < MAX_IMPORT_ATTEMPTS; attempt++) {
      // The queue delivers the same message again after each failure.
      await expect(processImport(deps, USER, id, eventOf(1))).rejects.toThrow('does not exist');
      expect(await imports.get(USER, id)).toMatchObject({ status: 'processing', attempts: attempt, lastError: expect.stringMatching(/NoSuchKey/) });
    }
    const failed = await processImport(deps, USER, id, eventOf(1));
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'import_failed' } });
    expect(failed?.error?.message).toMatch(/failed 3 times; the last time while reading the uploaded file: NoSuchKey/);
    expect((await imports.get(USER, id))?.heartbeatAt).toBeUndefined();

    files.failReads = undefined;
    expect(await retryImport(deps, USER, id)).toMatchObject({ status: 'queued', error: null, attempts: 0 });
    await expect(retryImport(deps, USER, id)).rejects.toMatchObject({ status: 409 });
    expect(await processImport(deps, USER, id, eventOf(2))).toMatchObject({ status: 'completed', summary: { imported: 30 } });
  });

  it('fails an import that keeps stopping without progress on the attempt after its last', async () => {
    const { deps, control, clock } = await setup();
    const id = await inline(deps, csv(1, 10));
    control.hook = () => new Promise(() => undefined);
    for (let run = 1; run <= MAX_IMPORT_ATTEMPTS; run++) {
      void processImport(deps, USER, id, eventOf(run));
      await new Promise((r) => setTimeout(r, 10));
      clock.now = new Date(clock.now.getTime() + IMPORT_STALL_MS + 1000);
    }
    control.hook = undefined;
    const failed = await processImport(deps, USER, id, eventOf(99));
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'import_failed' } });
    expect(failed?.error?.message).toMatch(/stopped 3 times without getting further/);
  });

  it('fails a whole-file problem at once, and refuses a file that changed between runs', async () => {
    const { deps, files, control } = await setup();
    const bad = await inline(deps, 'day,habit\n2026-01-05,Run');
    expect(await processImport(deps, USER, bad, eventOf(1))).toMatchObject({ status: 'failed', error: { code: 'bad_header' } });

    const id = await inline(deps, csv(1, 2 * CHECKPOINT_ROWS));
    control.hook = (_b, call) => (call === 1 ? Promise.reject(new Error('throttled')) : undefined);
    await expect(processImport(deps, USER, id, eventOf(2))).rejects.toThrow('throttled');
    control.hook = undefined;
    const key = [...files.objects.keys()].find((k) => k.includes(id))!;
    // Same size, one value different.
    const changed = Buffer.from(files.objects.get(key)!);
    changed[changed.length - 3] = changed[changed.length - 3] === 0x31 ? 0x32 : 0x31;
    files.objects.set(key, changed);
    expect(await processImport(deps, USER, id, eventOf(2))).toMatchObject({ status: 'failed', error: { code: 'file_changed' } });
  });

  it('deletes an upload larger than declared when the import starts, and fails the import', async () => {
    const { deps, files, imports } = await setup();
    const created = await createImport(deps, USER, { format: 'csv', size: 100, encoding: 'utf8' });
    expect(created.upload).toMatchObject({ method: 'POST', maxBytes: 100 });
    const key = created.upload!.fields.key!;
    files.objects.set(key, Buffer.alloc(20 * 1024 * 1024, 'a'));
    const error = await startImport(deps, USER, created.import.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 413, code: 'import_too_large' });
    expect(files.objects.has(key)).toBe(false);

    const second = await createImport(deps, USER, { format: 'csv', size: 100, encoding: 'utf8' });
    files.objects.set(second.upload!.fields.key!, Buffer.alloc(101, 'a'));
    await expect(startImport(deps, USER, second.import.id)).rejects.toMatchObject({ status: 413, code: 'upload_larger_than_declared' });
    expect(files.objects.has(second.upload!.fields.key!)).toBe(false);
    expect(await imports.get(USER, second.import.id)).toMatchObject({ status: 'failed', error: { code: 'upload_larger_than_declared' } });
    // Nothing to retry: the file is gone.
    await expect(retryImport(deps, USER, second.import.id)).rejects.toMatchObject({ status: 409 });
  });

  it('writes each entry with a pending mark due after the import could have finished, and settles them once its rebuild is done', async () => {
    const { deps, control, marks, clock } = await setup();
    const id = await inline(deps, csv(2, CHECKPOINT_ROWS));
    const entryMarks = () => [...marks.marks.values()].filter((m) => m.key.sk.startsWith('ENTRY#'));
    const seen: { due: string; events: PendingEvent[]; id: string }[] = [];
    control.after = () => {
      seen.push(...entryMarks());
    };
    expect(await processImport(deps, USER, id, eventOf(1))).toMatchObject({ status: 'completed' });
    // While the run went on, its entries carried their `entry.logged`, due only after the delay.
    expect(seen.length).toBeGreaterThan(0);
    const due = new Date(clock.now.getTime() + IMPORT_MARK_DELAY_MS).toISOString();
    for (const m of seen) {
      expect(m).toMatchObject({ id: importMarkId(id), due });
      expect(m.events).toEqual([expect.objectContaining({ type: 'entry.logged' })]);
    }
    // Its rebuild applied them: no mark is left for the sweeper.
    expect(entryMarks()).toEqual([]);
  });

  it('an import that fails after writing entries leaves their marks: the sweeper re-drives them and the roll-ups follow the entries', async () => {
    const { deps, tracking, imports, control, marks, clock } = await setup();
    const id = await inline(deps, csv(1, 2 * CHECKPOINT_ROWS));
    // The first batch is written; every later write fails, run after run, until the import fails.
    control.hook = (_batch, call) => {
      if (call > 0) throw new Error('the table is unavailable');
    };
    for (let run = 0; run < 10 && (await imports.get(USER, id))?.status !== 'failed'; run++) {
      await processImport(deps, USER, id, eventOf(1)).catch(() => undefined);
    }
    expect(await imports.get(USER, id)).toMatchObject({ status: 'failed' });
    expect(tracking.entries.rows.size).toBe(CHECKPOINT_ROWS);
    expect(rollupsMatchEntries(tracking).days.size).toBe(0);

    const delivered: PendingEvent[] = [];
    const sweep = () =>
      sweepPending(
        { pending: marks, publish: async (events) => void delivered.push(...events), now: deps.now },
        { graceMs: 0, publishable: Object.keys(rollupEvents) },
      );
    // Not before the delay: the import might still have settled them.
    clock.now = new Date(clock.now.getTime() + IMPORT_MARK_DELAY_MS - 1000);
    expect((await sweep()).overdue).toBe(0);
    clock.now = new Date(clock.now.getTime() + 2000);
    while ((await sweep()).redriven > 0) {
      for (const e of delivered.splice(0)) {
        const spec = rollupEvents[e.type as keyof typeof rollupEvents];
        await handleTrackingEvent(deps, { id: 'x', time: '', type: e.type, detail: spec.detail.parse(e.detail) } as Parameters<typeof handleTrackingEvent>[1]);
      }
    }
    const { days, months, expected } = rollupsMatchEntries(tracking);
    expect(expected.size).toBe(CHECKPOINT_ROWS);
    expect(days).toEqual(expected);
    expect(months).toEqual(expected);
    expect([...marks.marks.values()].filter((m) => m.key.sk.startsWith('ENTRY#'))).toEqual([]);
  });
});

describe('what an import keeps of a Mosaic JSON file', () => {
  it('creates new activities in the file\'s order, with their colour and icon', async () => {
    const { deps, tracking } = await setup();
    const activity = (name: string, extra: object) => ({ name, startDate: day(0), entries: [{ date: day(0), status: 'done' }], ...extra });
    const content = JSON.stringify({
      format: 'mosaic',
      version: 1,
      exportedAt: '2026-11-21T10:00:00.000Z',
      // Not alphabetical: the order is the user's, kept by the export.
      activities: [activity('Zebra walk', { color: 'teal', icon: 'walk' }), activity('Apple a day', {}), activity('Mid', { icon: null })],
    });
    const { import: created } = await createImport(deps, USER, { format: 'json', content, encoding: 'utf8' });
    expect(await processImport(deps, USER, created.id, eventOf(1))).toMatchObject({ status: 'completed', summary: { imported: 3 } });
    const stored = inUserOrder(await tracking.activities.listAll(USER));
    expect(stored.map((a) => [a.name, a.color, a.icon])).toEqual([
      ['Zebra walk', 'teal', 'walk'],
      ['Apple a day', DEFAULT_ACTIVITY_COLOR, null],
      ['Mid', DEFAULT_ACTIVITY_COLOR, null],
    ]);
  });
});
