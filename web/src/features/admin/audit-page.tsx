import { useInfiniteQuery } from '@tanstack/react-query';
import { itemsOf } from '../../api/paged.ts';
import type { ApiError } from '../../api/client.ts';
import type { AuditListQuery } from '../../api/types.ts';
import { LoadMore } from '../../components/load-more.tsx';
import { Empty, ErrorBox, PageHeader, Spinner } from '../../components/ui.tsx';
import { useQueryParams } from '../../lib/use-query-params.ts';
import { useTitle } from '../../lib/use-title.ts';
import { FilterField, FilterForm, Outcome, TableWrap, toInstant, toLocalInput, When } from './common.tsx';
import { auditList } from './queries.ts';

/** Admin → Audit: the append-only trail, newest first, filtered by actor, target, kind and time. */
export function AuditPage() {
  useTitle('Audit trail');
  const [params, setQuery] = useQueryParams();
  const query: AuditListQuery = {
    actor: params.get('actor') || undefined,
    target: params.get('target') || undefined,
    kind: params.get('kind') || undefined,
    from: toInstant(params.get('from')),
    to: toInstant(params.get('to')),
    limit: 50,
  };
  const list = useInfiniteQuery(auditList(query));
  const records = itemsOf(list.data);
  // Each page names its users' emails; together they name every record's on screen.
  const people = Object.fromEntries((list.data?.pages ?? []).flatMap((p) => Object.entries(p.people)));
  return (
    <div className="page">
      <PageHeader title="Audit trail" subtitle="Every admin action and security event. Records are never changed or deleted." />
      <FilterForm names={['actor', 'target', 'kind', 'from', 'to']} setQuery={setQuery} label="Filter the audit trail">
        <FilterField name="actor" label="Actor" value={query.actor ?? ''} placeholder="User id, cli:…, system" />
        <FilterField name="target" label="Target" value={query.target ?? ''} placeholder="User id" />
        <FilterField name="kind" label="Kind" value={query.kind ?? ''} placeholder="admin.granted" />
        <FilterField name="from" label="From" type="datetime-local" value={params.get('from') ?? toLocalInput(undefined)} />
        <FilterField name="to" label="To" type="datetime-local" value={params.get('to') ?? ''} />
      </FilterForm>
      {list.isPending && <Spinner />}
      {list.error && !records && <ErrorBox error={list.error as ApiError} onRetry={() => void list.refetch()} />}
      {records && records.length === 0 && <Empty title="No records match" />}
      {records && records.length > 0 && (
        <TableWrap label="Audit records">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">Actor → target</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.id}>
                  <td>
                    <When at={r.at} />
                  </td>
                  <td>
                    <code>{r.kind}</code> <Outcome outcome={r.outcome} />
                    {r.detail && <div className="muted small admin-detail">{Object.entries(r.detail).map(([k, v]) => `${k}: ${String(v)}`).join(' · ')}</div>}
                  </td>
                  <td className="small admin-ids">
                    <Party id={r.actor} people={people} /> → <Party id={r.target} people={people} />
                  </td>
                  <td className="small muted">
                    {r.sourceIp ?? '—'}
                    {r.requestId && <div title="Request id">{r.requestId}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <LoadMore query={list} />
    </div>
  );
}

/** An actor or target: the user's email where the id is a user's that still exists, else as written. */
function Party({ id, people }: { id: string | undefined; people: Record<string, string> }) {
  if (!id) return <>—</>;
  const email = people[id];
  return email ? <span title={id}>{email}</span> : <>{id}</>;
}
