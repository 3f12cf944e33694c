import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/catalog.ts';
import { ingestBatch, normaliseRecord, type WearableRepository } from './ingest.ts';
import type { WearableRecord } from './model.ts';

const NOW = new Date('2026-11-28T12:00:00Z');

function memory() {
  const stored = new Map<string, WearableRecord>();
  const raw = new Map<string, string>();
  const events: DomainEvent[] = [];
  const wearables: WearableRepository = {
    async putRecords(_userId, records) {
      return records.map((r) => {
        const old = stored.get(r.dedupeKey);
        if (old?.contentHash === r.contentHash) return 'duplicate';
        stored.set(r.dedupeKey, r);
        return old ? 'corrected' : 'new';
      });
    },
    async noteBatch() {},
    listSources: async () => [],
    listBatches: async () => [],
  };
  let n = 0;
  const deps = { wearables, raw: { put: async (k: string, b: string) => void raw.set(k, b) }, events: { publish: async (e: DomainEvent[]) => void events.push(...e) }, now: () => NOW, newId: () => `b${++n}` };
  return { deps, stored, raw, events };
}

const steps = (start: string, end: string, value: number, extra: Record<string, unknown> = {}) => ({ metric: 'steps', unit: 'count', start, end, value, ...extra });

describe('normalising a record', () => {
  it('converts to the metric\u2019s unit and keys by the device id, else the content', () => {
    const a = normaliseRecord('garmin', { metric: 'distance', unit: 'km', start: '2026-11-28T08:00:00+01:00', end: '2026-11-28T08:30:00+01:00', value: 2.5, id: 'g-1' }, NOW);
    expect(a).toMatchObject({ ok: true, record: { metric: 'distance', unit: 'm', value: 2500, start: '2026-11-28T07:00:00.000Z', recordId: 'g-1' } });
    const b = normaliseRecord('garmin', { metric: 'distance', unit: 'mi', start: '2026-11-28T07:00:00Z', end: '2026-11-28T07:30:00Z', value: 1 }, NOW);
    expect(b.ok && b.record.value).toBe(1609.344);
    expect(b.ok && b.record.dedupeKey).toMatch(/^h:/);
    const sample = normaliseRecord('fitbit', { metric: 'heart_rate', unit: 'count/min', start: '2026-11-28T07:00:00Z', value: 61 }, NOW);
    expect(sample).toMatchObject({ ok: true, record: { start: '2026-11-28T07:00:00.000Z', end: '2026-11-28T07:00:00.000Z', unit: 'bpm' } });
  });

  it('rejects each bad record with its reason', () => {
    const reason = (r: unknown) => {
      const c = normaliseRecord('generic', r, NOW);
      return c.ok ? 'ok' : c.reason;
    };
    expect(reason('steps')).toBe('invalid_record');
    expect(reason({ ...steps('2026-11-28T07:00:00Z', '2026-11-28T08:00:00Z', 10), metric: 'mood' })).toBe('unknown_metric');
    expect(reason({ ...steps('2026-11-28T07:00:00Z', '2026-11-28T08:00:00Z', 10), unit: 'km' })).toBe('unknown_unit');
    expect(reason(steps('2026-11-28T09:00:00Z', '2026-11-28T08:00:00Z', 10))).toBe('end_before_start');
    expect(reason(steps('2027-03-01T07:00:00Z', '2027-03-01T08:00:00Z', 10))).toBe('in_future');
    expect(reason(steps('2026-11-28T11:55:00Z', '2026-11-28T12:05:00Z', 10))).toBe('ok');
    expect(reason(steps('2020-01-01T07:00:00Z', '2020-01-01T08:00:00Z', 10))).toBe('too_old');
    expect(reason(steps('2026-11-26T07:00:00Z', '2026-11-28T08:00:00Z', 10))).toBe('too_long');
    expect(reason(steps('2026-11-28T07:00:00', '2026-11-28T08:00:00Z', 10))).toBe('invalid_time');
    expect(reason(steps('2026-11-28T07:00:00Z', '2026-11-28T08:00:00Z', -1))).toBe('invalid_value');
    expect(reason(steps('2026-11-28T07:00:00Z', '2026-11-28T08:00:00Z', 1e9))).toBe('invalid_value');
  });
});

describe('ingesting a batch', () => {
  const batch = {
    source: 'apple_health' as const,
    records: [
      steps('2026-11-28T07:00:00Z', '2026-11-28T08:00:00Z', 1200, { id: 'hk-1', deviceSerial: 'SN-123' }),
      steps('2026-11-28T08:00:00Z', '2026-11-28T09:00:00Z', 800),
      { metric: 'mood', unit: 'count', start: '2026-11-28T07:00:00Z', end: '2026-11-28T08:00:00Z', value: 3 },
    ],
  };

  it('summarises, keeps the raw batch without personal extras, and publishes the days touched', async () => {
    const m = memory();
    const summary = await ingestBatch(m.deps, 'u1', batch);
    expect(summary).toEqual({
      batchId: 'b1',
      source: 'apple_health',
      received: 3,
      accepted: 2,
      corrected: 0,
      duplicates: 0,
      rejected: [{ index: 2, reason: 'unknown_metric', message: expect.any(String) }],
    });
    const [key, body] = [...m.raw.entries()][0]!;
    expect(key).toBe('wearables/u1/2026-11-28/b1.json');
    expect(body).not.toContain('SN-123');
    expect(m.events).toEqual([{ type: 'wearable.ingested', detail: expect.objectContaining({ userId: 'u1', batchId: 'b1', metrics: ['steps'], days: ['2026-11-28'] }) }]);
  });

  it('takes the same batch twice as all duplicates, changing nothing and publishing nothing', async () => {
    const m = memory();
    await ingestBatch(m.deps, 'u1', batch);
    const before = [...m.stored.values()];
    const again = await ingestBatch(m.deps, 'u1', batch);
    expect(again).toMatchObject({ accepted: 0, duplicates: 2, corrected: 0 });
    expect([...m.stored.values()]).toEqual(before);
    expect(m.events).toHaveLength(1);
  });

  it('counts a device record with new content as a correction', async () => {
    const m = memory();
    await ingestBatch(m.deps, 'u1', batch);
    const fixed = await ingestBatch(m.deps, 'u1', { source: 'apple_health', records: [steps('2026-11-28T07:00:00Z', '2026-11-28T08:00:00Z', 1300, { id: 'hk-1' })] });
    expect(fixed).toMatchObject({ accepted: 1, corrected: 1, duplicates: 0 });
    expect([...m.stored.values()].find((r) => r.recordId === 'hk-1')!.value).toBe(1300);
  });

  it('refuses a batch over the record limit whole (413)', async () => {
    const m = memory();
    const records = Array.from({ length: 1001 }, () => steps('2026-11-28T07:00:00Z', '2026-11-28T08:00:00Z', 1));
    await expect(ingestBatch(m.deps, 'u1', { source: 'generic', records })).rejects.toMatchObject({ status: 413 });
    expect(m.raw.size).toBe(0);
  });
});
