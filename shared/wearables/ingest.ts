import { createHash } from 'node:crypto';
import type { EventPublisher } from '../events/domain-events.ts';
import { domainEvent } from '../events/domain-events.ts';
import { DomainError } from '../kit/errors.ts';
import {
  METRICS,
  WEARABLE_LIMITS,
  type IngestSummary,
  type MetricSpec,
  type RejectedRecord,
  type WearableMetric,
  type WearableRecord,
  type WearableSource,
} from './model.ts';

/** Where records and raw batches go (wearable-repository.ts; maps in unit tests). */
export interface WearableRepository {
  /**
   * Stores each record unless the same key holds the same content: `new`, `corrected` (same key,
   * other content) or `duplicate` per record, in order.
   */
  putRecords(userId: string, records: WearableRecord[]): Promise<Array<'new' | 'corrected' | 'duplicate'>>;
  /**
   * Notes the batch for the Devices page (source, when, counts); a batch noted already (the same
   * import run again after a crash) adds nothing to its source's counts.
   */
  noteBatch(userId: string, note: BatchNote, at: string): Promise<void>;
  /** What is known of each source the user's records came from (the Devices page). */
  listSources(userId: string): Promise<SourceView[]>;
  /** The user's latest batches, newest first (kept 90 days). */
  listBatches(userId: string, limit: number): Promise<BatchView[]>;
}

/** One batch (or Apple Health import) as noted: its counts. */
export interface BatchNote {
  batchId: string;
  source: WearableSource;
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** `import` for an Apple Health export read through an import job. */
  via?: 'batch' | 'import';
}

/** A source as the Devices page shows it. */
export interface SourceView {
  source: WearableSource;
  lastBatchAt: string;
  /** Records stored new or corrected from it, over all batches. */
  records: number;
  batches: number;
}

/** A batch as the Devices page shows it. */
export interface BatchView extends BatchNote {
  at: string;
}

export interface RawBatchStore {
  /** Keeps the batch as received (minus what is never stored) for reprocessing. */
  put(key: string, body: string): Promise<void>;
}

export interface IngestDeps {
  wearables: WearableRepository;
  raw: RawBatchStore;
  events: EventPublisher;
  now: () => Date;
  newId: () => string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** An ISO 8601 instant with a zone (a device's local time without offset cannot be placed). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

type Checked = { ok: true; record: Omit<WearableRecord, 'batchId'> } | { ok: false; reason: RejectedRecord['reason']; message: string };

/**
 * One record checked and normalised: a known metric and unit (converted to the metric's unit),
 * instants with a zone, end not before start, not in the future nor absurdly old or long, a
 * finite value within the metric's range. Only the fields below are kept.
 */
export function normaliseRecord(source: WearableSource, input: unknown, now: Date): Checked {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, reason: 'invalid_record', message: 'A record is an object.' };
  const r = input as Record<string, unknown>;
  const metric = r.metric;
  if (typeof metric !== 'string' || !Object.hasOwn(METRICS, metric))
    return { ok: false, reason: 'unknown_metric', message: `Unknown metric ${JSON.stringify(metric)}; known: ${Object.keys(METRICS).join(', ')}.` };
  const spec: MetricSpec = METRICS[metric as WearableMetric];
  const unit = r.unit;
  if (typeof unit !== 'string' || !Object.hasOwn(spec.units, unit))
    return { ok: false, reason: 'unknown_unit', message: `Unknown unit ${JSON.stringify(unit)} for ${metric}; accepted: ${Object.keys(spec.units).join(', ')}.` };
  const startText = r.start;
  const endText = r.end ?? (spec.interval ? undefined : r.start);
  if (typeof startText !== 'string' || !INSTANT.test(startText) || typeof endText !== 'string' || !INSTANT.test(endText))
    return { ok: false, reason: 'invalid_time', message: 'start and end are ISO 8601 instants with a zone (end may be left out for samples).' };
  const start = Date.parse(startText);
  const end = Date.parse(endText);
  if (Number.isNaN(start) || Number.isNaN(end)) return { ok: false, reason: 'invalid_time', message: 'start or end is not a real instant.' };
  if (end < start) return { ok: false, reason: 'end_before_start', message: 'end is before start.' };
  if (end > now.getTime() + WEARABLE_LIMITS.futureSkewMs) return { ok: false, reason: 'in_future', message: 'The record ends in the future.' };
  if (start < now.getTime() - WEARABLE_LIMITS.pastDays * 86_400_000)
    return { ok: false, reason: 'too_old', message: `The record is older than ${WEARABLE_LIMITS.pastDays} days.` };
  if (end - start > WEARABLE_LIMITS.maxDurationMs) return { ok: false, reason: 'too_long', message: 'One record spans more than 36 hours.' };
  const raw = r.value;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0)
    return { ok: false, reason: 'invalid_value', message: 'value is a finite number, zero or more.' };
  // Rounded to 6 significant decimals so the same reading converted twice hashes the same.
  const value = Math.round(raw * spec.units[unit]! * 1e6) / 1e6;
  if (value > spec.max) return { ok: false, reason: 'invalid_value', message: `value is more than ${spec.max} ${spec.unit} for one record.` };
  const recordId = typeof r.id === 'string' && r.id.length > 0 && r.id.length <= WEARABLE_LIMITS.recordIdLength ? r.id : undefined;
  const startIso = new Date(start).toISOString();
  const endIso = new Date(end).toISOString();
  const contentHash = sha256([source, metric, startIso, endIso, value].join('|'));
  return {
    ok: true,
    record: {
      source,
      metric: metric as WearableMetric,
      start: startIso,
      end: endIso,
      value,
      unit: spec.unit,
      ...(recordId ? { recordId } : {}),
      // The device's id when it has one (a corrected reading keeps it); else the content itself.
      dedupeKey: recordId ? `id:${sha256(`${source}|${recordId}`).slice(0, 32)}` : `h:${contentHash.slice(0, 32)}`,
      contentHash,
    },
  };
}

/**
 * `POST /v1/ingest/wearable/batch`: checks every record (a bad one is rejected with its reason,
 * the others go on), keeps the normalised batch in the raw store, stores the records (a record
 * seen before is a duplicate; the same device record with other content is a correction), notes
 * the batch and publishes `wearable.ingested` with the days touched when anything changed, so
 * the mapping consumer recomputes them. A batch over the record limit is refused whole (413).
 */
export async function ingestBatch(
  deps: IngestDeps,
  userId: string,
  batch: { source: WearableSource; records: unknown[] },
): Promise<IngestSummary> {
  if (batch.records.length > WEARABLE_LIMITS.records)
    throw new DomainError(413, 'payload_too_large', `A batch holds at most ${WEARABLE_LIMITS.records} records; send the rest in another batch.`, {
      limitRecords: WEARABLE_LIMITS.records,
      records: batch.records.length,
    });
  const now = deps.now();
  const batchId = deps.newId();
  const rejected: RejectedRecord[] = [];
  const records: WearableRecord[] = [];
  batch.records.forEach((input, index) => {
    const checked = normaliseRecord(batch.source, input, now);
    if (checked.ok) records.push({ ...checked.record, batchId });
    else rejected.push({ index, reason: checked.reason, message: checked.message });
  });
  // Only what Mosaic keeps: the normalised records (no device serials, names or extras).
  await deps.raw.put(
    `wearables/${userId}/${now.toISOString().slice(0, 10)}/${batchId}.json`,
    JSON.stringify({ batchId, source: batch.source, receivedAt: now.toISOString(), records, rejected }),
  );
  // Two records of one batch with one key: the later one stands (a device's own correction).
  const byKey = new Map(records.map((r) => [r.dedupeKey, r]));
  const unique = [...byKey.values()];
  const outcomes = unique.length ? await deps.wearables.putRecords(userId, unique) : [];
  const changed = unique.filter((_, i) => outcomes[i] !== 'duplicate');
  const summary: IngestSummary = {
    batchId,
    source: batch.source,
    received: batch.records.length,
    accepted: changed.length,
    corrected: outcomes.filter((o) => o === 'corrected').length,
    duplicates: outcomes.filter((o) => o === 'duplicate').length + (records.length - unique.length),
    rejected,
  };
  await deps.wearables.noteBatch(userId, { ...summary, rejected: rejected.length, via: 'batch' }, now.toISOString());
  if (changed.length) {
    const metrics = [...new Set(changed.map((r) => r.metric))];
    const days = [...new Set(changed.flatMap((r) => [r.start.slice(0, 10), r.end.slice(0, 10)]))].sort();
    await deps.events.publish([domainEvent('wearable.ingested', userId, { batchId, source: batch.source, metrics, days })]);
  }
  return summary;
}
