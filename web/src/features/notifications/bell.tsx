import { useCallback, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Icon } from '../../components/icons.tsx';
import { useDismiss } from '../../components/use-dismiss.ts';
import { notificationLink } from './notification-link.ts';
import { useMarkRead, useUnread } from './queries.ts';

/** The bell in the top bar: the unread count, and the latest notifications in a popover. */
export function Bell() {
  const { count, latest } = useUnread();
  const markRead = useMarkRead();
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, wrap, close, button);

  const shown = count > 99 ? '99+' : String(count);
  const label = count === 0 ? 'Notifications, none unread' : `Notifications, ${shown} unread`;
  return (
    <div className="menu-wrap" ref={wrap}>
      <button
        ref={button}
        type="button"
        className="icon-btn"
        aria-label={label}
        aria-expanded={open}
        aria-controls="bell-panel"
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="bell" size={20} />
        {count > 0 && (
          <span className="badge" aria-hidden="true">
            {shown}
          </span>
        )}
      </button>
      {open && (
        <div className="popover popover--bell" id="bell-panel" role="region" aria-label="Latest notifications">
          <div className="popover__head">
            <strong>Notifications</strong>
            <Link to="/notifications" onClick={close}>
              See all
            </Link>
          </div>
          {latest.length === 0 ? (
            <p className="muted popover__empty">Nothing yet. Reminders, nudges, risk alerts, reached goals and finished imports show up here.</p>
          ) : (
            <ul className="notif-list notif-list--compact">
              {latest.map((n) => (
                <li key={n.id} className={n.readAt ? 'notif' : 'notif notif--unread'}>
                  <Link to={notificationLink(n)} className="notif__link" onClick={close}>
                    <span className="notif__title">{n.title}</span>
                    <span className="notif__body">{n.body}</span>
                  </Link>
                  {!n.readAt && (
                    <button type="button" className="link-btn" onClick={() => markRead.mutate([n.id])} aria-label={`Mark “${n.title}” read`}>
                      Mark read
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
