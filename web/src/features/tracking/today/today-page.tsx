import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { api } from '../../../api/api.ts';
import { categoryHeading, groupByCategory } from '../../../api/appearance.ts';
import { keyKeeper } from '../../../api/client.ts';
import { loadError } from '../../../api/query-error.ts';
import type { TodayItem } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { ConfirmDialog, Empty, ErrorBox, PageHeader, Spinner, useToast } from '../../../components/ui.tsx';
import { isIsoDate, longDate, shortDate } from '../../../lib/dates.ts';
import { useQueryParams } from '../../../lib/use-query-params.ts';
import { useTitle } from '../../../lib/use-title.ts';
import { useSession } from '../../account/session.tsx';
import { trackingChanged, trackingQueries } from '../queries.ts';
import { DateNav } from './date-nav.tsx';
import { TodayRow } from './today-row.tsx';
import { TodaySummary } from './today-summary.tsx';

/** A day's activities (`?date=`, today by default): log each, see the day's counts, close a past day. */
export function TodayPage() {
  const session = useSession();
  const [query, setQuery] = useQueryParams();
  const todayDate = session.today();
  const asked = query.get('date') ?? '';
  const date = isIsoDate(asked) && asked <= todayDate ? asked : todayDate;
  const isToday = date === todayDate;
  useTitle(isToday ? 'Today' : shortDate(date));

  const day = useQuery(trackingQueries.today(date));
  const items = day.data?.items ?? [];
  const due = items.filter((i) => i.due || i.entry);
  const other = items.filter((i) => !i.due && !i.entry);
  const [closing, setClosing] = useState(false);

  return (
    <div className="page page--today">
      <PageHeader
        title={isToday ? 'Today' : shortDate(date, todayDate.slice(0, 4))}
        subtitle={longDate(date)}
        actions={
          <Link to="/activities/new" className="btn btn--secondary btn--md" aria-label="New activity">
            <Icon name="plus" /> <span className="btn__label">New activity</span>
          </Link>
        }
      />
      <DateNav date={date} today={todayDate} onGo={(d) => setQuery({ date: d === todayDate ? undefined : d }, { replace: false })} />

      {day.data && <TodaySummary items={items} past={!isToday} onCloseDay={() => setClosing(true)} />}
      <ErrorBox error={loadError(day)} onRetry={() => void day.refetch()} />
      {day.isPending && <Spinner />}

      {day.data && items.length === 0 && (
        <Empty title="Nothing to track yet">
          <p>Create an activity — a habit to build, or one to cut down — and it shows up here every day it is due.</p>
          <Link to="/activities/new" className="btn btn--primary btn--md">
            <Icon name="plus" /> Create your first activity
          </Link>
        </Empty>
      )}
      <RowList id="due" title={isToday ? 'Due today' : 'Due that day'} items={due} date={date} isToday={isToday} />
      <RowList
        id="other"
        title={
          <>
            Not due {isToday ? 'today' : 'that day'} <span className="muted">— log anyway if you did it</span>
          </>
        }
        items={other}
        date={date}
        isToday={isToday}
      />
      <CloseDayDialog date={date} open={closing} onClose={() => setClosing(false)} />
    </div>
  );
}

function RowList({ id, title, items, date, isToday }: { id: string; title: ReactNode; items: TodayItem[]; date: string; isToday: boolean }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="section-title">
        {title}
      </h2>
      {groupByCategory(items, (i) => i.activity).map((group, _, groups) => (
        <div key={group.category} className="today-group">
          {categoryHeading(group.category, groups.length) && <h3 className="today-group__title">{categoryHeading(group.category, groups.length)}</h3>}
          <ul className="today-list" aria-label={group.category || undefined}>
            {group.items.map((item) => (
              // Keyed by date too: a row's draft belongs to one day.
              <TodayRow key={`${date}:${item.activity.id}`} item={item} date={date} isToday={isToday} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** Finalizing a past day: its open activities are recorded as missed. */
function CloseDayDialog({ date, open, onClose }: { date: string; open: boolean; onClose: () => void }) {
  const toast = useToast();
  const client = useQueryClient();
  const [keyFor] = useState(keyKeeper);
  return (
    <ConfirmDialog
      open={open}
      title="Close the day"
      body={<p>Record “missed” for every activity due on {longDate(date)} that has no entry yet? Entries you already logged stay as they are.</p>}
      confirmLabel="Mark as missed"
      onClose={onClose}
      onConfirm={async () => {
        await api.finalizeDay(date, keyFor(date));
        toast('Day closed: open activities marked missed.');
        trackingChanged(client);
      }}
    />
  );
}
