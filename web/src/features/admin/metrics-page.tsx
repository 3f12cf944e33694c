import { useQuery } from '@tanstack/react-query';
import type { ApiError } from '../../api/client.ts';
import { LineChart } from '../../components/charts/line-chart.tsx';
import { Empty, ErrorBox, PageHeader, Spinner } from '../../components/ui.tsx';
import { capitalize, words } from '../../lib/format.ts';
import { useQueryParams } from '../../lib/use-query-params.ts';
import { useTitle } from '../../lib/use-title.ts';
import { FilterField, FilterForm, FilterSelect, TableWrap } from './common.tsx';
import { metricsReport, type MetricsWindow } from './queries.ts';

/** Time ranges offered, with the period per point that keeps a range at about 24–72 points. */
const RANGES = [
  ['1h', 'Last hour', 3_600, 60],
  ['6h', 'Last 6 hours', 6 * 3_600, 300],
  ['24h', 'Last 24 hours', 86_400, 1_800],
  ['7d', 'Last 7 days', 7 * 86_400, 3 * 3_600],
] as const;

function timeLabel(iso: string, rangeSeconds: number): string {
  const d = new Date(iso);
  return rangeSeconds > 86_400
    ? d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })
    : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** Admin → Metrics: requests and errors, latency percentiles over time, and the busiest functions. */
export function MetricsPage() {
  useTitle('Metrics');
  const [params, setQuery] = useQueryParams();
  const range = RANGES.find((r) => r[0] === params.get('range')) ?? RANGES[1];
  const query: MetricsWindow = { rangeSeconds: range[2], period: range[3], service: params.get('service') || undefined };
  const report = useQuery(metricsReport(query));
  const r = report.data;
  const labels = r?.series.map((p) => timeLabel(p.at, range[2])) ?? [];
  return (
    <div className="page">
      <PageHeader title="Metrics" subtitle="Requests, errors (5xx) and latency of every function, or of one." />
      <FilterForm names={['range', 'service']} setQuery={setQuery} label="Choose metrics">
        <FilterSelect name="range" label="Range" value={range[0]} options={RANGES.map(([v, l]) => [v, l] as const)} />
        <FilterField name="service" label="Function" value={query.service ?? ''} placeholder="All functions" />
      </FilterForm>
      {report.isPending && <Spinner />}
      <ErrorBox error={report.error as ApiError | undefined} onRetry={() => void report.refetch()} />
      {r && r.series.length === 0 && <Empty title="No requests in this range" />}
      {r && r.series.length > 0 && (
        <>
          <section className="card" aria-labelledby="m-requests">
            <h2 className="card__title" id="m-requests">
              Requests and errors
            </h2>
            <LineChart
              label="Requests and errors"
              unit={`per ${r.periodSeconds / 60} min`}
              yTitle={`Count per ${r.periodSeconds / 60} min`}
              labels={labels}
              series={[
                { name: 'Requests', tone: 'accent', values: r.series.map((p) => p.requests) },
                { name: 'Errors', tone: 'danger', values: r.series.map((p) => p.errors) },
              ]}
            />
          </section>
          <section className="card" aria-labelledby="m-latency">
            <h2 className="card__title" id="m-latency">
              Latency
            </h2>
            <LineChart
              label="Latency percentiles"
              unit="ms"
              yTitle="Latency (ms)"
              labels={labels}
              series={[
                { name: 'p50', tone: 'done', values: r.series.map((p) => p.p50 ?? null) },
                { name: 'p95', tone: 'warn', values: r.series.map((p) => p.p95 ?? null) },
                { name: 'p99', tone: 'danger', values: r.series.map((p) => p.p99 ?? null) },
              ]}
            />
          </section>
        </>
      )}
      {r && r.services.length > 0 && (
        <>
          <h2 className="section-title">By function</h2>
          <TableWrap label="Requests by function">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Function</th>
                  <th scope="col" className="num">
                    Requests
                  </th>
                  <th scope="col" className="num">
                    Errors
                  </th>
                  <th scope="col" className="num">
                    p95 ms
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.services.map((s) => (
                  <tr key={s.service}>
                    <th scope="row">{s.service}</th>
                    <td className="num">{s.requests}</td>
                    <td className="num">{s.errors}</td>
                    <td className="num">{s.p95 === undefined ? '—' : Math.round(s.p95)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      {r && Object.keys(r.counters).length > 0 && (
        <>
          <h2 className="section-title">Domain counters</h2>
          <dl className="admin-counts card">
            {Object.entries(r.counters).map(([k, v]) => (
              <div key={k}>
                <dt title={k}>{capitalize(words(k))}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </div>
  );
}
