import { useState } from 'react';
import { api } from '../api/api.ts';
import { asApiError, newIdempotencyKey } from '../api/client.ts';
import type { Notification } from '../api/types.ts';
import { notificationLink, useUnread } from '../components/Shell.tsx';
import { Button, Chip, Empty, ErrorBox, LoadMore, PageHeader, Spinner, useToast, type Tone } from '../components/ui.tsx';
import { dateTime } from '../lib/dates.ts';
import { usePagedResource, useTitle } from '../lib/hooks.ts';
import { Link, setQuery, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';

const KIND: Record<Notification['kind'], { label: string; tone: Tone }> = {
  nudge: { label: 'Nudge', tone: 'info' },
  at_risk: { label: 'At risk', tone: 'danger' },
  goal_completed: { label: 'Goal reached', tone: 'done' },
  import_completed: { label: 'Import', tone: 'accent' },
};

export function NotificationsPage() {
  useTitle('Notifications');
  const { user } = useSession();
  const { query } = useLocation();
  const unreadOnly = query.get('show') === 'unread';
  const toast = useToast();
  const unread = useUnread();
  const res = usePagedResource(
    (cursor, signal) => api.notifications.list({ unread: unreadOnly ? 'true' : undefined, cursor, limit: 30 }, signal),
    [unreadOnly],
    (e) => toast(e.message, 'error'),
  );
  const [busy, setBusy] = useState<string | null>(null);
  const page = res.data;

  const markRead = async (ids: string[]) => {
    setBusy(ids.length === 1 ? ids[0]! : 'all');
    try {
      for (const id of ids) {
        const read = await api.notifications.read(id, newIdempotencyKey());
        res.setData((d) => d && { ...d, items: d.items.map((n) => (n.id === id ? { ...n, readAt: read?.readAt ?? new Date().toISOString() } : n)) });
      }
      unread.refresh();
    } catch (e) {
      toast(asApiError(e).message, 'error');
    } finally {
      setBusy(null);
    }
  };


  const unreadHere = (page?.items ?? []).filter((n) => !n.readAt).map((n) => n.id);
  return (
    <div className="page page--narrow">
      <PageHeader
        title="Notifications"
        subtitle="Nudges when a habit has gone quiet, risk alerts after misses in a row, reached goals and finished imports."
        actions={
          unreadHere.length > 0 && (
            <Button busy={busy === 'all'} onClick={() => void markRead(unreadHere)}>
              Mark all read
            </Button>
          )
        }
      />
      <div className="segmented" role="group" aria-label="Show">
        <button type="button" className="segmented__item" aria-pressed={!unreadOnly} onClick={() => setQuery({ show: undefined })}>
          All
        </button>
        <button type="button" className="segmented__item" aria-pressed={unreadOnly} onClick={() => setQuery({ show: 'unread' })}>
          Unread ({unread.count})
        </button>
      </div>
      <ErrorBox error={res.error} onRetry={res.reload} />
      {!page && !res.error && <Spinner />}
      {page && page.items.length === 0 && <Empty title={unreadOnly ? 'All read' : 'No notifications yet'} />}
      {page && page.items.length > 0 && (
        <ul className="notif-list">
          {page.items.map((n) => (
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
                <Button size="sm" variant="ghost" busy={busy === n.id} onClick={() => void markRead([n.id])} aria-label={`Mark “${n.title}” read`}>
                  Mark read
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <LoadMore page={res} />
    </div>
  );
}
