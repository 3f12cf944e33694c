import { useMemo, useState } from 'react';
import { api } from '../api/api.ts';
import type { Entry } from '../api/types.ts';
import { Button, Chip, ConfirmDialog, Empty, ErrorBox, LoadMore, PageHeader, Spinner, useToast } from '../components/ui.tsx';
import { addDays, isIsoDate, shortDate } from '../lib/dates.ts';
import { capitalize, num } from '../lib/format.ts';
import { usePagedResource, useResource, useTitle } from '../lib/hooks.ts';
import { Link, setQuery, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';

const PAGE = 50;

export function EntriesPage() {
  useTitle('Entries');
  const { query } = useLocation();
  const { today } = useSession();
  const toast = useToast();
  const from = isIsoDate(query.get('from') ?? '') ? query.get('from')! : '';
  const to = isIsoDate(query.get('to') ?? '') ? query.get('to')! : '';
  const activityId = query.get('activity') ?? '';
  const category = activityId ? '' : (query.get('category') ?? '');

  const activities = useResource((signal) => api.activities.all('all', signal), []);
  const byId = useMemo(() => new Map((activities.data ?? []).map((a) => [a.id, a])), [activities.data]);
  const categories = useMemo(
    () => [...new Set((activities.data ?? []).map((a) => a.category).filter(Boolean))].sort((a, b) => a.localeCompare(b)),
    [activities.data],
  );
  const filters = { from: from || undefined, to: to || undefined, activityId: activityId || undefined, category: category || undefined };
  const res = usePagedResource((cursor, signal) => api.entries.list({ ...filters, cursor, limit: PAGE }, signal), [from, to, activityId, category], (e) =>
    toast(e.message, 'error'),
  );
  const [deleting, setDeleting] = useState<Entry | null>(null);
  const page = res.data;
  const thisYear = today().slice(0, 4);


  const filtered = Boolean(from || to || activityId || category);
  const todayDate = today();
  const ranges = [
    { label: 'Last 7 days', from: addDays(todayDate, -6) },
    { label: 'Last 30 days', from: addDays(todayDate, -29) },
    { label: 'Last 365 days', from: addDays(todayDate, -364) },
  ];
  return (
    <div className="page">
      <PageHeader title="Entries" subtitle="Everything you logged, oldest first within the dates you choose." />
      <form className="card filters" aria-label="Filter entries" onSubmit={(e) => e.preventDefault()}>
        <div className="segmented segmented--sm" role="group" aria-label="Quick ranges">
          {ranges.map((r) => (
            <button
              key={r.label}
              type="button"
              className="segmented__item"
              aria-pressed={from === r.from && !to}
              onClick={() => setQuery({ from: r.from, to: undefined })}
            >
              {r.label}
            </button>
          ))}
          <button type="button" className="segmented__item" aria-pressed={!from && !to} onClick={() => setQuery({ from: undefined, to: undefined })}>
            All time
          </button>
        </div>
        <div className="filters__grid">
          <div className="field">
            <label htmlFor="f-from">From</label>
            <input id="f-from" type="date" value={from} max={to || undefined} onChange={(e) => setQuery({ from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="f-to">To</label>
            <input id="f-to" type="date" value={to} min={from || undefined} onChange={(e) => setQuery({ to: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="f-activity">Activity</label>
            <select id="f-activity" value={activityId} onChange={(e) => setQuery({ activity: e.target.value, category: undefined })}>
              <option value="">All activities</option>
              {(activities.data ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                  {a.status === 'archived' ? ' (archived)' : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-category">Category</label>
            <select id="f-category" value={category} disabled={!!activityId} onChange={(e) => setQuery({ category: e.target.value })}>
              <option value="">All categories</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {capitalize(c)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {filtered && (
          <Button size="sm" variant="ghost" onClick={() => setQuery({ from: undefined, to: undefined, activity: undefined, category: undefined })}>
            Clear filters
          </Button>
        )}
      </form>

      <ErrorBox error={res.error} onRetry={res.reload} />
      {!page && !res.error && <Spinner />}
      {page && page.items.length === 0 && (
        <Empty title={filtered ? 'No entries match these filters' : 'No entries yet'}>
          {!filtered && (
            <Link to="/today" className="btn btn--primary btn--md">
              Log today
            </Link>
          )}
        </Empty>
      )}
      {page && page.items.length > 0 && (
        <div className="card card--flush">
          <table className="table table--entries">
            <caption className="sr-only">Entries</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Activity</th>
                <th scope="col" className="num">
                  Value
                </th>
                <th scope="col">Status</th>
                <th scope="col">Note</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => {
                const a = byId.get(e.activityId);
                return (
                  <tr key={`${e.date}-${e.activityId}`}>
                    <td data-label="Date">
                      <Link to={`/today?date=${e.date}`}>{shortDate(e.date, thisYear)}</Link>
                    </td>
                    <th scope="row" data-label="Activity">
                      {a ? <Link to={`/activities/${a.id}`}>{a.name}</Link> : <span className="muted">Deleted activity</span>}
                    </th>
                    <td className="num" data-label="Value">
                      {e.value === null ? '—' : `${num(e.value)}${a?.unit ? ` ${a.unit}` : ''}`}
                    </td>
                    <td data-label="Status">
                      <Chip tone={e.status}>{capitalize(e.status)}</Chip>
                      {e.statusSource === 'finalized' && <span className="muted small"> (day closed)</span>}
                    </td>
                    <td data-label="Note" className={`table__note${e.note ? '' : ' table__note--empty'}`}>
                      {e.note || <span className="muted">—</span>}
                    </td>
                    <td className="table__actions">
                      <Button size="sm" variant="ghost" className="btn--text-danger" onClick={() => setDeleting(e)} aria-label={`Delete the entry of ${a?.name ?? 'an activity'} on ${e.date}`}>
                        Delete
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore page={res} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this entry?"
        body={<p>The day goes back to having no entry: if it was due and is over, it counts as missed.</p>}
        confirmLabel="Delete entry"
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await api.entries.remove(deleting.date, deleting.activityId);
          res.setData((d) => d && { ...d, items: d.items.filter((x) => x !== deleting) });
          toast('Entry deleted.');
        }}
      />
    </div>
  );
}
