import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { Icon } from '../../components/icons.tsx';
import { useDismiss } from '../../components/use-dismiss.ts';
import { useSession } from '../../features/account/session.tsx';
import { useTheme, type ThemeChoice } from '../../lib/theme.ts';

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The menu pattern: arrows move between items, Home/End jump, Tab leaves. */
function moveFocus(e: KeyboardEvent<HTMLElement>): void {
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role^="menuitem"]')];
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
}

const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();

/** The avatar in the top bar: who is signed in, the account's pages, sign out. */
export function AccountMenu() {
  const { user, signOut } = useSession();
  const theme = useTheme();
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, wrap, close, button);
  // Opening the menu puts focus on its first item.
  useEffect(() => {
    if (open) wrap.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus({ preventScroll: true });
  }, [open]);

  return (
    <div className="menu-wrap" ref={wrap}>
      <button
        ref={button}
        type="button"
        className="avatar-btn"
        aria-label={`Account: ${user.displayName}`}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="avatar" aria-hidden="true">
          {initialsOf(user.displayName) || '?'}
        </span>
      </button>
      {open && (
        <div className="popover popover--menu" role="menu" aria-label="Account" onKeyDown={moveFocus}>
          <div className="popover__who">
            <strong>{user.displayName}</strong>
            <span className="muted">{user.email}</span>
          </div>
          <Link to="/profile" role="menuitem" className="menu-item" onClick={close}>
            <Icon name="user" /> Profile
          </Link>
          <Link to="/notifications" role="menuitem" className="menu-item" onClick={close}>
            <Icon name="bell" /> Notifications
          </Link>
          <div role="group" aria-label="Theme" className="menu-group">
            <span className="menu-group__label" aria-hidden="true">
              Theme
            </span>
            <div className="menu-group__options">
              {THEMES.map((t) => (
                <button
                  key={t.value}
                  type="button"
                  role="menuitemradio"
                  aria-checked={theme.choice === t.value}
                  className="menu-choice"
                  onClick={() => theme.setChoice(t.value)}
                >
                  {t.label}
                </button>
              ))}
            </div>
          </div>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => {
              close();
              signOut();
            }}
          >
            <Icon name="out" /> Sign out
          </button>
        </div>
      )}
    </div>
  );
}
