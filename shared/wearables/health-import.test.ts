import { describe, expect, it } from 'vitest';
import { memoryFiles, memoryImports, memoryPublisher } from '../../test/support/memory-repos.ts';
import { exportXml, exportZip } from '../../test/support/health-export.ts';
import type { ImportJob } from '../tracking/import-model.ts';
import { HEALTH_BATCH, processHealthImport } from './health-import.ts';
import type { WearableRepository } from './ingest.ts';
import type { WearableRecord } from './model.ts';

const USER = 'u-health';

/** Records by key in memory; `hook` can stall a write batch (a run that crashes mid-way). */
function memoryWearables() {
  const stored = new Map<string, WearableRecord>();
  const control: { hook?: (call: number) => Promise<void> | undefined; calls: number; sizes: number[] } = { calls: 0, sizes: [] };
  const notes: unknown[] = [];
  const repo: Pick<WearableRepository, 'putRecords' | 'noteBatch'> = {
    async putRecords(_userId, records) {
      const wait = control.hook?.(control.calls++);
      if (wait) await wait;
      control.sizes.push(records.length);
      return records.map((r) => {
        const old = stored.get(r.dedupeKey);
        if (old?.contentHash === r.contentHash) return 'duplicate';
        stored.set(r.dedupeKey, r);
        return old ? 'corrected' : 'new';
      });
    },
    async noteBatch(_userId, note) {
      notes.push(note);
    },
  };
  return { repo, stored, control, notes };
}

async function setup(file: Buffer) {
  const imports = memoryImports();
  const files = memoryFiles();
  const events = memoryPublisher();
  const wearables = memoryWearables();
  const deps = { imports, files, events, wearables: wearables.repo, now: () => new Date() };
  const now = new Date().toISOString();
  const job: ImportJob = {
    id: 'imp0000000001',
    userId: USER,
    format: 'apple_health',
    fileName: 'export.zip',
    objectKey: `imports/${USER}/imp0000000001.zip`,
    declaredBytes: file.length,
    status: 'queued',
    rowsRead: 0,
    summary: null,
    error: null,
    attempts: 0,
    heartbeatAt: now,
    createdAt: now,
    updatedAt: now,
  };
  await imports.create(job);
  await files.put(job.objectKey, file, 'application/zip');
  return { deps, imports, files, events, wearables, job };
}

describe('the Apple Health import, run by the lease', () => {
  it('resumes a run that stopped after its first batch: only the records after the checkpoint are written again', async () => {
    const { deps, imports, files, events, wearables, job } = await setup(exportZip(exportXml(3 * HEALTH_BATCH)));
    let stalled!: () => void;
    const reached = new Promise<void>((resolve) => (stalled = resolve));
    wearables.control.hook = (call) => {
      if (call !== 1) return undefined;
      stalled();
      return new Promise(() => undefined);
    };
    void processHealthImport(deps, USER, job.id, { eventId: 'e1' });
    await reached;
    wearables.control.hook = undefined;
    // The checking pass counted every valid record; the first batch (500 or a few more: whole chunks) is checkpointed.
    const first = wearables.control.sizes[0]!;
    expect(first).toBeGreaterThanOrEqual(HEALTH_BATCH);
    expect((await imports.get(USER, job.id))?.checkpoint).toMatchObject({ total: 3 * HEALTH_BATCH + 1, rowsApplied: first, imported: first });

    // A redelivery of the same message takes over and resumes after the checkpoint.
    const done = await processHealthImport(deps, USER, job.id, { eventId: 'e1' });
    expect(done).toMatchObject({ status: 'completed', rowsApplied: 3 * HEALTH_BATCH + 1 });
    expect(done?.summary).toMatchObject({ imported: 3 * HEALTH_BATCH + 1, unchanged: 0, rejected: 2 });
    expect(wearables.stored.size).toBe(3 * HEALTH_BATCH + 1);
    // The second run wrote only what came after the checkpoint.
    expect(wearables.control.sizes.slice(1).reduce((a, b) => a + b, 0)).toBe(3 * HEALTH_BATCH + 1 - first);
    expect(wearables.notes).toHaveLength(1);
    expect(files.objects.has(job.objectKey)).toBe(false);
    const types = events.events.map((e) => e.type);
    expect(types).toContain('wearable.ingested');
    expect(types.filter((t) => t === 'import.completed')).toHaveLength(1);
  });

  it('fails a truncated export.xml before writing anything', async () => {
    const { deps, wearables, job, files } = await setup(exportZip(exportXml(2 * HEALTH_BATCH, { close: false })));
    const failed = await processHealthImport(deps, USER, job.id, { eventId: 'e1' });
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'health_export_invalid' } });
    expect(wearables.control.calls).toBe(0);
    // The file stays for the bucket's expiry (a failed import can be retried).
    expect(files.objects.has(job.objectKey)).toBe(true);
  });
});
