import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiError } from '../../api/client.ts';
import type { LogListQuery } from '../../api/types.ts';
import { Chip, Empty, ErrorBox, PageHeader, Spinner, type Tone } from '../../components/ui.tsx';
import { useQueryParams } from '../../lib/use-query-params.ts';
import { useTitle } from '../../lib/use-title.ts';
import { FilterField, FilterForm, FilterSelect, toInstant, When } from './common.tsx';
import { logList } from './queries.ts';

const LEVELS = [
  ['', 'Any level'],
  ['DEBUG', 'Debug'],
  ['INFO', 'Info'],
  ['WARN', 'Warning'],
  ['ERROR', 'Error'],
  ['CRITICAL', 'Critical'],
] as const;
const LEVEL_TONES: Record<string, Tone> = { ERROR: 'danger', CRITICAL: 'danger', WARN: 'warn', INFO: 'info' };

/** Admin → Logs: structured lines filtered by level, function, request id, user and time; "live tail" polls. */
export function LogsPage() {
  useTitle('Logs');
  const [params, setQuery] = useQueryParams();
  const [live, setLive] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const query: LogListQuery = {
    level: (params.get('level') as LogListQuery['level']) || undefined,
    service: params.get('service') || undefined,
    requestId: params.get('requestId') || undefined,
    userId: params.get('userId') || undefined,
    // A live tail follows the newest lines: no upper bound.
    from: toInstant(params.get('from')),
    to: live ? undefined : toInstant(params.get('to')),
    limit: 100,
  };
  const logs = useQuery(logList(query, live));
  return (
    <div className="page">
      <PageHeader
        title="Logs"
        subtitle="Newest first, at most 100 lines."
        actions={
          <label className="check admin-live">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live tail
            {live && <span className="admin-live__dot" aria-label="following new lines" />}
          </label>
        }
      />
      <FilterForm names={['level', 'service', 'requestId', 'userId', 'from', 'to']} setQuery={setQuery} label="Filter logs">
        <FilterSelect name="level" label="Level" value={query.level ?? ''} options={LEVELS} />
        <FilterField name="service" label="Function" value={query.service ?? ''} placeholder="list-users" />
        <FilterField name="requestId" label="Request id" value={query.requestId ?? ''} />
        <FilterField name="userId" label="User id" value={query.userId ?? ''} />
        <FilterField name="from" label="From" type="datetime-local" value={params.get('from') ?? ''} />
        <FilterField name="to" label="To" type="datetime-local" value={params.get('to') ?? ''} />
      </FilterForm>
      {logs.isPending && <Spinner />}
      <ErrorBox error={logs.error as ApiError | undefined} onRetry={() => void logs.refetch()} />
      {logs.data && logs.data.items.length === 0 && <Empty title="No log lines match" />}
      {logs.data && logs.data.items.length > 0 && (
        <ol className="card card--flush admin-logs" aria-label="Log lines">
          {logs.data.items.map((line, i) => (
            <li key={`${line.at}-${i}`} className="admin-logs__line">
              <button type="button" className="admin-logs__head" aria-expanded={open === i} onClick={() => setOpen(open === i ? null : i)}>
                <Chip tone={LEVEL_TONES[line.level] ?? 'muted'}>{line.level}</Chip>
                <span className="small muted">
                  <When at={line.at} /> · {line.service}
                </span>
                <span className="admin-logs__message">{line.message}</span>
              </button>
              {open === i && (
                <pre className="admin-pre">{JSON.stringify({ requestId: line.requestId, userId: line.userId, ...line.fields }, null, 2)}</pre>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
