import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand, FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { atLeast, str, type LogLine, type LogSource, type MetricPoint, type MetricsSource, type ServiceTotals } from './telemetry.ts';
import { NAMESPACE } from '../kit/observability.ts';

/**
 * The cloud adapters: metrics from CloudWatch (GetMetricData with SEARCH expressions over the
 * Mosaic namespace, so no list of functions is needed), logs from each function's log group
 * (FilterLogEvents with a JSON filter pattern).
 */
export function cloudWatchMetricsSource(client: Pick<CloudWatchClient, 'send'>): MetricsSource {
  return {
    async query(q) {
      const period = q.periodSeconds;
      const dims = q.service ? `service="${q.service}"` : '';
      const search = (metric: string, stat: string) => `SEARCH('{${NAMESPACE},service} MetricName="${metric}" ${dims}', '${stat}', ${period})`;
      const queries: MetricDataQuery[] = [
        { Id: 'req', Expression: `SUM(${search('requests', 'Sum')})`, ReturnData: true },
        { Id: 'err', Expression: `SUM(${search('errors', 'Sum')})`, ReturnData: true },
        { Id: 'p50', Expression: `MAX(${search('latency', 'p50')})`, ReturnData: true },
        { Id: 'p95', Expression: `MAX(${search('latency', 'p95')})`, ReturnData: true },
        { Id: 'p99', Expression: `MAX(${search('latency', 'p99')})`, ReturnData: true },
        { Id: 'bysvc', Expression: search('requests', 'Sum'), ReturnData: true },
        { Id: 'errsvc', Expression: search('errors', 'Sum'), ReturnData: true },
      ];
      const results = new Map<string, Array<{ label?: string; points: Map<number, number> }>>();
      let next: string | undefined;
      do {
        const out = await client.send(
          new GetMetricDataCommand({ StartTime: q.from, EndTime: q.to, MetricDataQueries: queries, NextToken: next, ScanBy: 'TimestampAscending' }),
        );
        for (const r of out.MetricDataResults ?? []) {
          const list = results.get(r.Id!) ?? [];
          let entry = list.find((e) => e.label === r.Label);
          if (!entry) list.push((entry = { ...(r.Label ? { label: r.Label } : {}), points: new Map() }));
          (r.Timestamps ?? []).forEach((t, i) => entry.points.set(t.getTime(), r.Values?.[i] ?? 0));
          results.set(r.Id!, list);
        }
        next = out.NextToken;
      } while (next);
      const one = (id: string) => results.get(id)?.[0]?.points ?? new Map<number, number>();
      const stamps = new Set<number>();
      const start = Math.floor(q.from.getTime() / (period * 1000)) * period * 1000;
      for (let t = start; t <= q.to.getTime(); t += period * 1000) stamps.add(t);
      const series: MetricPoint[] = [...stamps].sort().map((t) => {
        const p50 = one('p50').get(t);
        return {
          at: new Date(t).toISOString(),
          requests: one('req').get(t) ?? 0,
          errors: one('err').get(t) ?? 0,
          ...(p50 !== undefined ? { p50, p95: one('p95').get(t) ?? p50, p99: one('p99').get(t) ?? p50 } : {}),
        };
      });
      const total = (points: Map<number, number>) => [...points.values()].reduce((a, b) => a + b, 0);
      // A SEARCH result's label is the dimension value (the service).
      const services: ServiceTotals[] = (results.get('bysvc') ?? [])
        .map((e) => ({
          service: e.label ?? 'unknown',
          requests: total(e.points),
          errors: total(results.get('errsvc')?.find((x) => x.label === e.label)?.points ?? new Map<number, number>()),
        }))
        .sort((a, b) => b.requests - a.requests);
      return { periodSeconds: period, series, services, counters: {} };
    },
  };
}

/** JSON filter pattern of a log query (level filtered after, since it is "this level and above"). */
export function filterPattern(q: { requestId?: string; userId?: string }): string | undefined {
  const parts = [
    ...(q.requestId ? [`$.requestId = "${q.requestId.replace(/"/g, '')}"`] : []),
    ...(q.userId ? [`$.userId = "${q.userId.replace(/"/g, '')}"`] : []),
  ];
  return parts.length ? `{ ${parts.join(' && ')} }` : undefined;
}

/** The stage's function log groups (`<prefix><function>`), by function name. */
async function functionGroups(client: Pick<CloudWatchLogsClient, 'send'>, prefix: string): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  let next: string | undefined;
  do {
    const page = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, nextToken: next }));
    for (const g of page.logGroups ?? []) if (g.logGroupName) out.push([g.logGroupName.slice(prefix.length), g.logGroupName]);
    next = page.nextToken;
  } while (next);
  return out;
}

export function cloudWatchLogSource(client: Pick<CloudWatchLogsClient, 'send'>, prefix: string): LogSource {
  return {
    async query(q) {
      const groups: Array<[string, string]> = q.service ? [[q.service, `${prefix}${q.service}`]] : await functionGroups(client, prefix);
      const pattern = filterPattern(q);
      const all = await Promise.all(
        groups.map(async ([service, group]) => {
          const out = await client.send(
            new FilterLogEventsCommand({
              logGroupName: group,
              startTime: q.from.getTime(),
              endTime: q.to.getTime(),
              ...(pattern ? { filterPattern: pattern } : {}),
              limit: q.limit,
            }),
          );
          return (out.events ?? []).flatMap((e): LogLine[] => {
            let raw: Record<string, unknown>;
            try {
              raw = JSON.parse(e.message ?? '') as Record<string, unknown>;
            } catch {
              raw = { message: e.message ?? '', level: 'INFO' };
            }
            const { level, message, timestamp: _t, requestId, userId, service: s, ...fields } = raw;
            return [
              {
                at: new Date(e.timestamp ?? 0).toISOString(),
                level: str(level, 'INFO'),
                message: str(message, ''),
                service: str(s, service),
                ...(typeof requestId === 'string' ? { requestId } : {}),
                ...(typeof userId === 'string' ? { userId } : {}),
                fields,
              },
            ];
          });
        }),
      );
      return all
        .flat()
        .filter((l) => atLeast(l.level, q.level))
        .sort((a, b) => (a.at < b.at ? 1 : -1))
        .slice(0, q.limit);
    },
  };
}
