import type { Activity } from '../../../api/types.ts';
import { Button } from '../../../components/ui.tsx';
import { addDays } from '../../../lib/dates.ts';
import { capitalize } from '../../../lib/format.ts';
import type { SetQuery } from '../../../lib/use-query-params.ts';

export interface EntryFilterValues {
  from: string;
  to: string;
  activityId: string;
  category: string;
}

/** Quick ranges, from/to, activity and category; each change goes into the page's `?query`. */
export function EntryFilters({
  values: { from, to, activityId, category },
  today,
  activities,
  categories,
  setQuery,
}: {
  values: EntryFilterValues;
  today: string;
  activities: readonly Activity[];
  categories: readonly string[];
  setQuery: SetQuery;
}) {
  const filtered = Boolean(from || to || activityId || category);
  const ranges = [
    { label: 'Last 7 days', from: addDays(today, -6) },
    { label: 'Last 30 days', from: addDays(today, -29) },
    { label: 'Last 365 days', from: addDays(today, -364) },
  ];
  return (
    <form className="card filters" aria-label="Filter entries" onSubmit={(e) => e.preventDefault()}>
      <div className="segmented segmented--sm" role="group" aria-label="Quick ranges">
        {ranges.map((r) => (
          <button key={r.label} type="button" className="segmented__item" aria-pressed={from === r.from && !to} onClick={() => setQuery({ from: r.from, to: undefined })}>
            {r.label}
          </button>
        ))}
        <button type="button" className="segmented__item" aria-pressed={!from && !to} onClick={() => setQuery({ from: 'all', to: undefined })}>
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
            {activities.map((a) => (
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
  );
}
