import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { outbox } from '../../../api/offline.ts';
import { itemsOf } from '../../../api/paged.ts';
import { loadError } from '../../../api/query-error.ts';
import type { Entry, EntryListQuery } from '../../../api/types.ts';
import { LoadMore } from '../../../components/load-more.tsx';
import { ConfirmDialog, Empty, ErrorBox, PageHeader, Spinner, useToast } from '../../../components/ui.tsx';
import { addDays, isIsoDate } from '../../../lib/dates.ts';
import { useQueryParams } from '../../../lib/use-query-params.ts';
import { useTitle } from '../../../lib/use-title.ts';
import { useSession } from '../../account/session.tsx';
import { afterEntryWrite, writeEntryVia } from '../entry-outbox.ts';
import { trackingQueries } from '../queries.ts';
import { EntriesTable } from './entries-table.tsx';
import { EntryEditor, type EditTarget } from './entry-editor.tsx';
import { EntryFilters } from './entry-filters.tsx';

/** `/entries?from&to&activity&category`: everything logged, filtered, a page at a time. */
export function EntriesPage() {
  useTitle('Entries');
  const [query, setQuery] = useQueryParams();
  const { today } = useSession();
  const toast = useToast();
  const client = useQueryClient();
  const todayDate = today();
  const date = (name: string) => (isIsoDate(query.get(name) ?? '') ? query.get(name)! : '');
  // Without dates the list shows the last 30 days; "All time" is `?from=all`.
  const defaultFrom = query.get('from') === null && !date('to') ? addDays(todayDate, -29) : '';
  const values = { from: date('from') || defaultFrom, to: date('to'), activityId: query.get('activity') ?? '', category: '' };
  values.category = values.activityId ? '' : (query.get('category') ?? '');
  const filtered = Boolean((values.from && !defaultFrom) || values.to || values.activityId || values.category);

  const activities = useQuery(trackingQueries.activityIndex());
  const byId = useMemo(() => new Map((activities.data ?? []).map((a) => [a.id, a])), [activities.data]);
  const categories = useMemo(
    () => [...new Set((activities.data ?? []).map((a) => a.category).filter(Boolean))].sort((a, b) => a.localeCompare(b)),
    [activities.data],
  );
  const filters: EntryListQuery = {
    from: values.from || undefined,
    to: values.to || undefined,
    activityId: values.activityId || undefined,
    category: values.category || undefined,
    order: 'desc',
  };
  const list = useInfiniteQuery(trackingQueries.entries(filters));
  const entries = itemsOf(list.data);
  const [deleting, setDeleting] = useState<Entry | null>(null);
  const [editing, setEditing] = useState<EditTarget | null>(null);

  return (
    <div className="page">
      <PageHeader title="Entries" subtitle="Everything you logged, newest first: the last 30 days unless you choose other dates." />
      <EntryFilters values={values} today={todayDate} activities={activities.data ?? []} categories={categories} setQuery={setQuery} />

      <ErrorBox error={loadError(list)} onRetry={() => void list.refetch()} />
      {list.isPending && <Spinner />}
      {entries && entries.length === 0 && (
        <Empty title={filtered ? 'No entries match these filters' : 'No entries yet'}>
          {!filtered && (
            <Link to="/today" className="btn btn--primary btn--md">
              Log today
            </Link>
          )}
        </Empty>
      )}
      {entries && entries.length > 0 && (
        <EntriesTable
          entries={entries}
          activities={byId}
          today={todayDate}
          onDelete={setDeleting}
          onEdit={(entry, activity) => setEditing({ activity, date: entry.date, entry })}
        />
      )}
      <EntryEditor target={editing} onClose={() => setEditing(null)} />
      <LoadMore query={list} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this entry?"
        body={<p>The day goes back to having no entry: if it was due and is over, it counts as missed.</p>}
        confirmLabel="Delete entry"
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          // Through the outbox, like every entry write: offline the delete waits to sync.
          const written = await writeEntryVia(outbox, deleting.date, deleting.activityId, null);
          await afterEntryWrite(client, written, { say: { toast, saved: 'Entry deleted.', waiting: 'Entry deleted here' } });
        }}
      />
    </div>
  );
}
