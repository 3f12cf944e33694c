/**
 * Wearable data, declared once: the sources, the metrics with their canonical unit and the units
 * accepted for each (with the factor to the canonical one), and the limits of a batch.
 */

export const WEARABLE_SOURCES = ['apple_health', 'google_fit', 'fitbit', 'garmin', 'generic'] as const;
export type WearableSource = (typeof WEARABLE_SOURCES)[number];

/** A metric: its canonical unit, and each accepted unit's factor to it (value × factor). */
export interface MetricSpec {
  unit: string;
  units: Record<string, number>;
  /** An interval (start and end); otherwise a sample at `start` (end optional, ≥ start). */
  interval: boolean;
  /** The largest plausible value for one record, in the canonical unit. */
  max: number;
  description: string;
}

export const METRICS = {
  steps: { unit: 'count', units: { count: 1, steps: 1 }, interval: true, max: 200_000, description: 'Steps taken' },
  distance: { unit: 'm', units: { m: 1, km: 1000, mi: 1609.344, ft: 0.3048, yd: 0.9144 }, interval: true, max: 1_000_000, description: 'Distance walked, run or cycled' },
  active_energy: { unit: 'kcal', units: { kcal: 1, Cal: 1, kJ: 1 / 4.184, J: 1 / 4184 }, interval: true, max: 20_000, description: 'Active energy burned' },
  sleep: { unit: 'min', units: { min: 1, s: 1 / 60, h: 60 }, interval: true, max: 24 * 60, description: 'Time asleep (its value; the interval is when)' },
  heart_rate: { unit: 'bpm', units: { bpm: 1, 'count/min': 1 }, interval: false, max: 300, description: 'Heart rate sample' },
  workout: { unit: 'min', units: { min: 1, s: 1 / 60, h: 60 }, interval: true, max: 24 * 60, description: 'Workout duration' },
} as const satisfies Record<string, MetricSpec>;

export type WearableMetric = keyof typeof METRICS;
export const WEARABLE_METRICS = Object.keys(METRICS) as WearableMetric[];

/** How a rule turns a local day's records into one value. */
export const AGGREGATIONS = ['sum', 'max', 'last', 'duration'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** Minutes per unit of time, for `duration`. */
export const TIME_UNITS: Record<string, number> = { s: 1 / 60, min: 1, h: 60 };

/** The units a rule may write in: the metric's, or units of time for `duration` (each with its factor). */
export function ruleUnits(metric: WearableMetric, aggregation: Aggregation): Record<string, number> {
  return aggregation === 'duration' ? TIME_UNITS : METRICS[metric].units;
}

export const WEARABLE_LIMITS = {
  /** Records per batch (413 beyond). */
  records: 1000,
  /** Request body bytes (413 beyond). */
  bodyBytes: 512 * 1024,
  /** A record may end at most this far in the future (device clocks drift a little). */
  futureSkewMs: 10 * 60_000,
  /** …and start at most this far in the past. */
  pastDays: 366 * 2,
  /** Longest single record. */
  maxDurationMs: 36 * 3600_000,
  /** Longest device record id kept. */
  recordIdLength: 200,
} as const;

/** Why a record was rejected (the summary's `reason`). */
export type RejectReason =
  | 'invalid_record'
  | 'unknown_metric'
  | 'unknown_unit'
  | 'invalid_time'
  | 'end_before_start'
  | 'in_future'
  | 'too_old'
  | 'too_long'
  | 'invalid_value';

/** A record as stored: normalised to the metric's canonical unit, personal extras dropped. */
export interface WearableRecord {
  source: WearableSource;
  metric: WearableMetric;
  /** ISO 8601 UTC instants. */
  start: string;
  end: string;
  /** In the metric's canonical unit. */
  value: number;
  unit: string;
  /** The device's own record id, when it has one (the de-duplication key then). */
  recordId?: string;
  /** `id:<recordId>` or `h:<sha-256 of source, metric, start, end, value>`. */
  dedupeKey: string;
  /** SHA-256 of the normalised content: the same key with another hash is a correction. */
  contentHash: string;
  batchId: string;
}

export interface RejectedRecord {
  index: number;
  reason: RejectReason;
  message: string;
}

/** What the ingest route answers. */
export interface IngestSummary {
  batchId: string;
  source: WearableSource;
  received: number;
  /** New records and corrections (a device record id seen before with other content). */
  accepted: number;
  corrected: number;
  /** Records already stored as they are (a batch sent twice is all duplicates). */
  duplicates: number;
  rejected: RejectedRecord[];
}
