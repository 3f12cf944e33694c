import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/api.ts';
import { newIdempotencyKey } from '../api/client.ts';
import type { Notification } from '../api/types.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Icon, type IconName } from './icons.tsx';

interface NavItem {
  to: string;
  label: string;
  icon: IconName;
  /** Shown in the phone's bottom bar (the rest are in the account menu there). */
  phone: boolean;
}

const NAV: NavItem[] = [
  { to: '/today', label: 'Today', icon: 'today', phone: true },
  { to: '/dashboard', label: 'Dashboard', icon: 'dashboard', phone: true },
  { to: '/activities', label: 'Activities', icon: 'activities', phone: true },
  { to: '/goals', label: 'Goals', icon: 'goals', phone: true },
  { to: '/entries', label: 'Entries', icon: 'entries', phone: true },
  { to: '/data', label: 'Import & export', icon: 'data', phone: false },
];

const isUnder = (base: string) => (path: string) => path === base || path.startsWith(`${base}/`);

// ── unread notifications, shared by the bell and the notifications page ───────────────────

interface Unread {
  count: number;
  latest: Notification[];
  refresh: () => void;
  markRead: (id: string) => Promise<void>;
}

const UnreadContext = createContext<Unread>({ count: 0, latest: [], refresh: () => undefined, markRead: async () => undefined });
export const useUnread = () => useContext(UnreadContext);

function useUnreadState(path: string): Unread {
  const [count, setCount] = useState(0);
  const [latest, setLatest] = useState<Notification[]>([]);
  const [nonce, setNonce] = useState(0);
  const refresh = useCallback(() => setNonce((n) => n + 1), []);
  const lastRead = useRef({ at: 0, nonce: -1 });

  useEffect(() => {
    // Read again on demand (nonce), or on a page change when the last read is over 20 s old.
    const now = Date.now();
    if (lastRead.current.nonce === nonce && now - lastRead.current.at < 20_000) return;
    const controller = new AbortController();
    Promise.all([
      api.notifications.list({ unread: 'true', limit: 100 }, controller.signal),
      api.notifications.list({ limit: 8 }, controller.signal),
    ]).then(
      ([unread, recent]) => {
        lastRead.current = { at: Date.now(), nonce };
        setCount(unread.items.length + (unread.nextCursor ? 1 : 0));
        setLatest(recent.items);
      },
      () => undefined, // the bell stays as it was; pages show their own errors
    );
    return () => controller.abort();
  }, [nonce, path]);

  useEffect(() => {
    const timer = window.setInterval(refresh, 60_000);
    return () => window.clearInterval(timer);
  }, [refresh]);

  const markRead = useCallback(
    async (id: string) => {
      await api.notifications.read(id, newIdempotencyKey());
      refresh();
    },
    [refresh],
  );
  return { count, latest, refresh, markRead };
}

// ── the bell ───────────────────────────────────────────────────────────────────────────────

export function notificationLink(n: Notification): string {
  if (n.kind === 'goal_completed') return '/goals';
  if (n.kind === 'import_completed') return '/data';
  return `/activities/${n.subjectId}`;
}

function Bell() {
  const { count, latest, markRead } = useUnread();
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const label = count === 0 ? 'Notifications, none unread' : `Notifications, ${count > 99 ? '99+' : count} unread`;
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
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <div className="popover popover--bell" id="bell-panel" role="region" aria-label="Latest notifications">
          <div className="popover__head">
            <strong>Notifications</strong>
            <Link to="/notifications" onClick={() => setOpen(false)}>
              See all
            </Link>
          </div>
          {latest.length === 0 ? (
            <p className="muted popover__empty">Nothing yet. Nudges, risk alerts, reached goals and finished imports show up here.</p>
          ) : (
            <ul className="notif-list notif-list--compact">
              {latest.map((n) => (
                <li key={n.id} className={n.readAt ? 'notif' : 'notif notif--unread'}>
                  <Link to={notificationLink(n)} className="notif__link" onClick={() => setOpen(false)}>
                    <span className="notif__title">{n.title}</span>
                    <span className="notif__body">{n.body}</span>
                  </Link>
                  {!n.readAt && (
                    <button type="button" className="link-btn" onClick={() => void markRead(n.id)} aria-label={`Mark “${n.title}” read`}>
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

// ── the account menu ───────────────────────────────────────────────────────────────────────

function AccountMenu() {
  const { user, signOut } = useSession();
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        wrap.current?.querySelector<HTMLElement>('.avatar-btn')?.focus();
      }
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  // Opening the menu puts focus on its first item.
  useEffect(() => {
    if (open) wrap.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus({ preventScroll: true });
  }, [open]);
  const initials = user.displayName
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <div className="menu-wrap" ref={wrap}>
      <button
        type="button"
        className="avatar-btn"
        aria-label={`Account: ${user.displayName}`}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="avatar" aria-hidden="true">
          {initials || '?'}
        </span>
      </button>
      {open && (
        <div
          className="popover popover--menu"
          role="menu"
          aria-label="Account"
          onKeyDown={(e) => {
            // The menu pattern: arrows move between items, Home/End jump, Tab leaves.
            const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="menuitem"]')];
            const at = items.indexOf(document.activeElement as HTMLElement);
            const next =
              e.key === 'ArrowDown' ? (at + 1) % items.length
              : e.key === 'ArrowUp' ? (at - 1 + items.length) % items.length
              : e.key === 'Home' ? 0
              : e.key === 'End' ? items.length - 1
              : -1;
            if (next >= 0) {
              e.preventDefault();
              items[next]?.focus();
            }
          }}
        >
          <div className="popover__who">
            <strong>{user.displayName}</strong>
            <span className="muted">{user.email}</span>
          </div>
          <Link to="/profile" role="menuitem" className="menu-item" onClick={() => setOpen(false)}>
            <Icon name="user" /> Profile
          </Link>
          <Link to="/data" role="menuitem" className="menu-item" onClick={() => setOpen(false)}>
            <Icon name="data" /> Import & export
          </Link>
          <Link to="/notifications" role="menuitem" className="menu-item" onClick={() => setOpen(false)}>
            <Icon name="bell" /> Notifications
          </Link>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => {
              setOpen(false);
              signOut();
              navigate('/signin');
            }}
          >
            <Icon name="out" /> Sign out
          </button>
        </div>
      )}
    </div>
  );
}

// ── the frame ──────────────────────────────────────────────────────────────────────────────

export function Shell({ children }: { children: ReactNode }) {
  const { path } = useLocation();
  const { signOut } = useSession();
  const unread = useUnreadState(path);
  const main = useRef<HTMLElement>(null);

  // A new page: move focus to its heading, so keyboard and screen-reader users start there.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = main.current?.querySelector<HTMLElement>('h1');
    heading?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [path]);

  return (
    <UnreadContext.Provider value={unread}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className="shell">
        <aside className="sidebar" aria-label="Main">
          <Link to="/today" className="brand">
            <Logo /> Mosaic
          </Link>
          <nav aria-label="Main navigation">
            <ul className="nav">
              {NAV.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} className="nav__link" activeWhen={isUnder(item.to)}>
                    <Icon name={item.icon} /> {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="sidebar__foot">
            <Link to="/profile" className="nav__link" activeWhen={isUnder('/profile')}>
              <Icon name="user" /> Profile
            </Link>
            <button
              type="button"
              className="nav__link"
              onClick={() => {
                signOut();
                navigate('/signin');
              }}
            >
              <Icon name="out" /> Sign out
            </button>
          </div>
        </aside>
        <div className="frame">
          <header className="topbar">
            <Link to="/today" className="brand brand--top">
              <Logo /> Mosaic
            </Link>
            <div className="topbar__end">
              <Bell />
              <AccountMenu />
            </div>
          </header>
          <main id="main" ref={main} className="main">
            {children}
          </main>
        </div>
        <nav className="tabbar" aria-label="Main navigation (phone)">
          {NAV.filter((n) => n.phone).map((item) => (
            <Link key={item.to} to={item.to} className="tabbar__link" activeWhen={isUnder(item.to)}>
              <Icon name={item.icon} size={20} />
              <span>{item.label}</span>
            </Link>
          ))}
        </nav>
      </div>
    </UnreadContext.Provider>
  );
}

export function Logo() {
  return (
    <svg className="logo" width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
      <rect x="3" y="3" width="12" height="12" rx="3" fill="#39d353" />
      <rect x="17" y="3" width="12" height="12" rx="3" fill="#26a641" />
      <rect x="3" y="17" width="12" height="12" rx="3" fill="#006d32" />
      <rect x="17" y="17" width="12" height="12" rx="3" fill="#58a6ff" />
    </svg>
  );
}
