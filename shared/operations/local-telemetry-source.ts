import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { aggregateEmf, atLeast, str, type EmfDocument, type LogLine, type LogSource, type MetricsSource } from './telemetry.ts';

/**
 * The local adapters: the runtime's telemetry folder holds one JSON-lines file per UTC day of
 * function logs (`logs/`) and of EMF documents (`metrics/`), written as CloudWatch would keep them.
 */
function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); t <= to.getTime(); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function* lines(dir: string, kind: 'logs' | 'metrics', from: Date, to: Date): Generator<Record<string, unknown>> {
  for (const day of daysBetween(from, to)) {
    const file = join(dir, kind, `${day}.jsonl`);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        yield JSON.parse(line) as Record<string, unknown>;
      } catch {
        // a line cut by a crash mid-write: skipped
      }
    }
  }
}

export function localMetricsSource(dir: string): MetricsSource {
  return {
    query: async (q) => aggregateEmf(lines(dir, 'metrics', q.from, q.to) as Generator<EmfDocument>, q),
  };
}

export function localLogSource(dir: string): LogSource {
  return {
    async query(q) {
      const out: LogLine[] = [];
      for (const raw of lines(dir, 'logs', q.from, q.to)) {
        const at = str(raw.timestamp, '');
        const t = Date.parse(at);
        if (!(t >= q.from.getTime() && t <= q.to.getTime())) continue;
        const { level, message, service, timestamp: _t, requestId, userId, ...fields } = raw;
        const line: LogLine = {
          at,
          level: str(level, 'INFO'),
          message: str(message, ''),
          service: str(service, ''),
          ...(typeof requestId === 'string' ? { requestId } : {}),
          ...(typeof userId === 'string' ? { userId } : {}),
          fields,
        };
        if (!atLeast(line.level, q.level)) continue;
        if (q.service && line.service !== q.service) continue;
        if (q.requestId && line.requestId !== q.requestId) continue;
        if (q.userId && line.userId !== q.userId) continue;
        out.push(line);
      }
      // Newest first, as the console shows them.
      return out.reverse().slice(0, q.limit);
    },
  };
}

/** Deletes day files older than `days` (the local log retention, applied at start). */
export function pruneTelemetry(dir: string, days: number, now = new Date()): number {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  let removed = 0;
  for (const kind of ['logs', 'metrics']) {
    const folder = join(dir, kind);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      if (/^\d{4}-\d{2}-\d{2}\.jsonl$/.test(name) && name.slice(0, 10) < cutoff) {
        rmSync(join(folder, name));
        removed++;
      }
    }
  }
  return removed;
}
