import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { asApiError } from '../../api/client.ts';
import { itemsOf } from '../../api/paged.ts';
import { loadError } from '../../api/query-error.ts';
import type { Notification } from '../../api/types.ts';
import { LoadMore } from '../../components/load-more.tsx';
import { Button, Chip, Empty, ErrorBox, PageHeader, Spinner, useToast, type Tone } from '../../components/ui.tsx';
import { dateTime } from '../../lib/dates.ts';
import { useQueryParams } from '../../lib/use-query-params.ts';
import { useTitle } from '../../lib/use-title.ts';
import { useSession } from '../account/session.tsx';
import { notificationLink } from './notification-link.ts';
import { PushToggle } from './push-toggle.tsx';
import { notificationList, useMarkRead, useUnread } from './queries.ts';

const KIND: Record<Notification['kind'], { label: string; tone: Tone }> = {
  nudge: { label: 'Nudge', tone: 'info' },
  at_risk: { label: 'At risk', tone: 'danger' },
  goal_completed: { label: 'Goal reached', tone: 'done' },
  import_completed: { label: 'Import', tone: 'accent' },
  security: { label: 'Security', tone: 'danger' },
  incident: { label: 'Incident', tone: 'danger' },
  spotify_reconnect: { label: 'Spotify', tone: 'danger' },
  reminder: { label: 'Reminder', tone: 'accent' },
};

export function NotificationsPage() {
  useTitle('Notifications');
  const { user } = useSession();
  const [query, setQuery] = useQueryParams();
  const unreadOnly = query.get('show') === 'unread';
  const toast = useToast();
  const unread = useUnread();
  const list = useInfiniteQuery(notificationList(unreadOnly));
  const markRead = useMarkRead();
  const items = itemsOf(list.data);

  const mark = (ids: string[]) => markRead.mutate(ids, { onError: (e) => toast(asApiError(e).message, 'error') });
  const busyWith = markRead.isPending ? markRead.variables : undefined;
  const unreadHere = (items ?? []).filter((n) => !n.readAt).map((n) => n.id);
  return (
    <div className="page page--narrow">
      <PageHeader
        title="Notifications"
        subtitle="Reminders at the times you set, nudges when a habit has gone quiet, risk alerts after misses in a row, reached goals, finished imports, incidents in your projects, and your account’s security."
        actions={
          unreadHere.length > 0 && (
            <Button busy={busyWith !== undefined && busyWith.length > 1} onClick={() => mark(unreadHere)}>
              Mark all read
            </Button>
          )
        }
      />
      <PushToggle />
      <div className="segmented" role="group" aria-label="Show">
        <button type="button" className="segmented__item" aria-pressed={!unreadOnly} onClick={() => setQuery({ show: undefined })}>
          All
        </button>
        <button type="button" className="segmented__item" aria-pressed={unreadOnly} onClick={() => setQuery({ show: 'unread' })}>
          Unread ({unread.count})
        </button>
      </div>
      <ErrorBox error={loadError(list)} onRetry={() => void list.refetch()} />
      {list.isPending && <Spinner />}
      {items && items.length === 0 && <Empty title={unreadOnly ? 'All read' : 'No notifications yet'} />}
      {items && items.length > 0 && (
        <ul className="notif-list">
          {items.map((n) => (
            <li key={n.id} className={`card notif${n.readAt ? '' : ' notif--unread'}`}>
              <div className="notif__head">
                <Chip tone={KIND[n.kind]?.tone ?? 'muted'}>{KIND[n.kind]?.label ?? n.kind}</Chip>
                <span className="muted small">{dateTime(n.createdAt, user.timezone)}</span>
              </div>
              <Link to={notificationLink(n)} className="notif__title">
                {n.title}
              </Link>
              <p className="notif__body">{n.body}</p>
              {!n.readAt && (
                <Button
                  size="sm"
                  variant="ghost"
                  busy={busyWith?.length === 1 && busyWith[0] === n.id}
                  onClick={() => mark([n.id])}
                  aria-label={`Mark “${n.title}” read`}
                >
                  Mark read
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={list} />
    </div>
  );
}
