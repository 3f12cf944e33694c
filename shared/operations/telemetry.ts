/**
 * The admin's metrics and logs viewers read through one query interface with two adapters: the
 * local runtime's own files (local-telemetry-source.ts) and CloudWatch (cloudwatch-telemetry-source.ts).
 * What handlers emit is the same in both places: EMF documents (Powertools metrics, namespace
 * Mosaic, dimension `service` = the function's route, consumer or schedule name) and JSON log lines.
 */
export interface MetricsQuery {
  from: Date;
  to: Date;
  periodSeconds: number;
  /** One function (route, consumer or schedule name); all when absent. */
  service?: string;
}

export interface MetricPoint {
  at: string;
  requests: number;
  errors: number;
  /** Latency percentiles (ms) of the period's requests; absent when there were none. */
  p50?: number;
  p95?: number;
  p99?: number;
}

export interface ServiceTotals {
  service: string;
  requests: number;
  errors: number;
  p95?: number;
}

export interface MetricsReport {
  periodSeconds: number;
  series: MetricPoint[];
  services: ServiceTotals[];
  /** Domain counters summed over the range (entriesLogged, messagesProcessed, …). */
  counters: Record<string, number>;
}

export interface MetricsSource {
  query(q: MetricsQuery): Promise<MetricsReport>;
}

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL';

export interface LogQuery {
  from: Date;
  to: Date;
  /** This level and above. */
  level?: LogLevel;
  service?: string;
  requestId?: string;
  userId?: string;
  limit: number;
}

export interface LogLine {
  at: string;
  level: string;
  message: string;
  service: string;
  requestId?: string;
  userId?: string;
  /** Every other field of the structured line. */
  fields: Record<string, unknown>;
}

export interface LogSource {
  query(q: LogQuery): Promise<LogLine[]>;
}

const LEVELS: LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'];

/** Whether a line's level is at least `min`. */
export function atLeast(level: string, min: LogLevel | undefined): boolean {
  if (!min) return true;
  return LEVELS.indexOf(level.toUpperCase() as LogLevel) >= LEVELS.indexOf(min);
}

/** The metrics Mosaic's handlers emit that are not domain counters. */
const REQUEST_METRICS = new Set(['requests', 'errors', 'latency', 'status2xx', 'status3xx', 'status4xx', 'status5xx', 'itemsRead', 'ColdStart']);

/** One EMF document as Powertools writes it. */
export interface EmfDocument {
  _aws: { Timestamp: number; CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit?: string }> }> };
  service?: string;
  [key: string]: unknown;
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const values = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : typeof v === 'number' ? [v] : []);

/**
 * Folds EMF documents into the report: per period requests, errors and latency percentiles; per
 * service totals; domain counters summed. Pure: the local adapter feeds it the stored documents.
 */
export function aggregateEmf(docs: Iterable<EmfDocument>, q: MetricsQuery): MetricsReport {
  const period = q.periodSeconds * 1000;
  const start = Math.floor(q.from.getTime() / period) * period;
  const buckets = new Map<number, { requests: number; errors: number; latency: number[] }>();
  for (let t = start; t <= q.to.getTime(); t += period) buckets.set(t, { requests: 0, errors: 0, latency: [] });
  const services = new Map<string, { requests: number; errors: number; latency: number[] }>();
  const counters: Record<string, number> = {};
  for (const doc of docs) {
    const at = doc._aws?.Timestamp;
    if (typeof at !== 'number' || at < q.from.getTime() || at > q.to.getTime()) continue;
    const service = str(doc.service, 'unknown');
    if (q.service && service !== q.service) continue;
    const bucket = buckets.get(Math.floor(at / period) * period);
    const names = doc._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name));
    const requests = values(doc.requests).reduce((a, b) => a + b, 0);
    const errors = values(doc.errors).reduce((a, b) => a + b, 0);
    const latency = values(doc.latency);
    if (bucket) {
      bucket.requests += requests;
      bucket.errors += errors;
      bucket.latency.push(...latency);
    }
    if (requests > 0) {
      const s = services.get(service) ?? { requests: 0, errors: 0, latency: [] };
      s.requests += requests;
      s.errors += errors;
      s.latency.push(...latency);
      services.set(service, s);
    }
    for (const name of names) {
      if (REQUEST_METRICS.has(name)) continue;
      counters[name] = (counters[name] ?? 0) + values(doc[name]).reduce((a, b) => a + b, 0);
    }
  }
  const pct = (latency: number[]) => {
    const sorted = [...latency].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    return p50 === undefined ? {} : { p50, p95: percentile(sorted, 95)!, p99: percentile(sorted, 99)! };
  };
  return {
    periodSeconds: q.periodSeconds,
    series: [...buckets.entries()].map(([t, b]) => ({ at: new Date(t).toISOString(), requests: b.requests, errors: b.errors, ...pct(b.latency) })),
    services: [...services.entries()]
      .map(([service, s]) => {
        const { p95 } = pct(s.latency);
        return { service, requests: s.requests, errors: s.errors, ...(p95 !== undefined ? { p95 } : {}) };
      })
      .sort((a, b) => b.requests - a.requests),
    counters,
  };
}

/** Prometheus text exposition of a report's totals (what `GET /metrics` answers locally). */
export function prometheusText(report: MetricsReport): string {
  const label = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const lines = [
    '# HELP mosaic_requests_total API requests answered, by function.',
    '# TYPE mosaic_requests_total counter',
    ...report.services.map((s) => `mosaic_requests_total{service="${label(s.service)}"} ${s.requests}`),
    '# HELP mosaic_errors_total API requests answered with a 5xx, by function.',
    '# TYPE mosaic_errors_total counter',
    ...report.services.map((s) => `mosaic_errors_total{service="${label(s.service)}"} ${s.errors}`),
    '# HELP mosaic_latency_p95_ms 95th percentile of request latency, by function.',
    '# TYPE mosaic_latency_p95_ms gauge',
    ...report.services.filter((s) => s.p95 !== undefined).map((s) => `mosaic_latency_p95_ms{service="${label(s.service)}"} ${s.p95}`),
    '# HELP mosaic_events_total Domain counters (entries logged, messages processed, …).',
    '# TYPE mosaic_events_total counter',
    ...Object.entries(report.counters)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, v]) => `mosaic_events_total{name="${label(name)}"} ${v}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** A field of a parsed log line as text (`fallback` unless it is a string). */
export function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
