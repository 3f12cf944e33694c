import { useQuery } from '@tanstack/react-query';
import type { ApiError } from '../../api/client.ts';
import { Chip, ErrorBox, PageHeader, Spinner, Stat, type Tone } from '../../components/ui.tsx';
import { pct } from '../../lib/format.ts';
import { useTitle } from '../../lib/use-title.ts';
import { stateWords } from '../camera/camera-words.ts';
import { TableWrap, When } from './common.tsx';
import { adminHealth } from './queries.ts';

const STATUS_TONES: Record<string, Tone> = { ok: 'done', degraded: 'warn', unavailable: 'danger' };

/** Admin → Health: dependencies, queues, recent error rate, cameras, version and stage; refreshed every 10 s. */
export function HealthPage() {
  useTitle('Health');
  const health = useQuery(adminHealth());
  const h = health.data;
  return (
    <div className="page">
      <PageHeader
        title="Health"
        subtitle={
          <>
            Refreshes every 10 seconds{h && <> · checked <When at={h.checkedAt} /></>}
          </>
        }
      />
      {health.isPending && <Spinner />}
      <ErrorBox error={health.error as ApiError | undefined} onRetry={() => void health.refetch()} />
      {h && (
        <>
          <div className="stats-row admin-stats">
            <Stat label="Status" value={<Chip tone={STATUS_TONES[h.status] ?? 'muted'}>{h.status}</Chip>} />
            <Stat label="Stage" value={h.stage} sub={`version ${h.version}`} />
            <Stat
              label={`Errors, last ${h.errorRate.windowMinutes} min`}
              value={pct(h.errorRate.rate, 1)}
              sub={`${h.errorRate.errors} of ${h.errorRate.requests} requests`}
            />
          </div>
          <h2 className="section-title">Dependencies</h2>
          <ul className="admin-list card" aria-label="Dependencies">
            {Object.entries(h.dependencies).map(([name, d]) => (
              <li key={name} className="admin-list__row">
                <span>{name}</span>
                <span>
                  <Chip tone={d.ok ? 'done' : 'danger'}>{d.ok ? 'ok' : (d.error ?? 'failed')}</Chip> <span className="muted small">{d.ms} ms</span>
                </span>
              </li>
            ))}
          </ul>
          <h2 className="section-title">Queues</h2>
          <TableWrap label="Queue depths">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Consumer</th>
                  <th scope="col" className="num">
                    Waiting
                  </th>
                  <th scope="col" className="num">
                    Dead letters
                  </th>
                </tr>
              </thead>
              <tbody>
                {h.queues.map((q) => (
                  <tr key={q.consumer}>
                    <th scope="row">{q.consumer}</th>
                    <td className="num">{q.waiting + q.inFlight}</td>
                    <td className="num">
                      {q.deadLetters ? <Chip tone="warn">{q.deadLetters}</Chip> : 0}
                      {q.oldestDeadLetterAgeSeconds !== undefined && <div className="muted small">oldest {Math.round(q.oldestDeadLetterAgeSeconds / 60)} min</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {h.cameras.length > 0 && (
            <>
              <h2 className="section-title">Cameras</h2>
              <TableWrap label="Camera health">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Camera</th>
                      <th scope="col">State</th>
                      <th scope="col" className="num">
                        Viewers
                      </th>
                      <th scope="col">Last frame</th>
                    </tr>
                  </thead>
                  <tbody>
                    {h.cameras.map((c) => {
                      const words = stateWords({ enabled: c.enabled, health: c });
                      return (
                        <tr key={c.id}>
                          <th scope="row">{c.name}</th>
                          <td>
                            <Chip tone={words.tone}>{c.state === 'error' ? c.error?.kind.split('_').join(' ') : c.enabled ? c.state : 'off'}</Chip>
                            {c.error && (
                              <div className="muted small">
                                {c.error.message} <When at={c.error.at} />
                              </div>
                            )}
                          </td>
                          <td className="num">{c.viewers}</td>
                          <td>
                            <When at={c.lastFrameAt ?? undefined} />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
            </>
          )}
        </>
      )}
    </div>
  );
}
