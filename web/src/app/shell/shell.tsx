import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { Icon } from '../../components/icons.tsx';
import { Logo } from '../../components/logo.tsx';
import { useSession } from '../../features/account/session.tsx';
import { Bell } from '../../features/notifications/bell.tsx';
import { LiveUpdates } from '../../features/realtime/live-updates.tsx';
import { notificationKeys } from '../../features/notifications/queries.ts';
import { areaOf, visibleAreas } from '../area.ts';
import { AREAS } from '../areas.ts';
import { AccountMenu } from './account-menu.tsx';
import { NavTree } from './nav-tree.tsx';
import { SyncStatus } from './sync-status.tsx';
import { BottomBar, MenuSheet } from './phone-nav.tsx';

/**
 * The signed-in frame. Desktop: a sidebar with every area the user may see (the current one open
 * with its pages). Phone (≤ 760 px): a top bar, and a bottom bar with the current area's main pages
 * plus Menu, which opens the same tree in a sheet. The bell and the account menu sit top right.
 */
export function Shell() {
  const { user, signOut } = useSession();
  const { pathname } = useLocation();
  const areas = visibleAreas(AREAS, user);
  const current = areaOf(areas, pathname);
  // Pages of no area (profile, notifications) keep the first area's pages at hand.
  const open = current ?? areas[0]!;
  const [menuOpen, setMenuOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const queries = useQueryClient();

  // A new page: move focus to its heading, so keyboard and screen-reader users start there; and
  // read the bell again if its figures are older than the cache's freshness.
  const first = useRef(true);
  useEffect(() => {
    void queries.refetchQueries({ queryKey: notificationKeys.bell(), stale: true });
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [pathname, queries]);

  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className="shell">
        <aside className="sidebar" aria-label="Main">
          <Link to={areas[0]!.home} className="brand">
            <Logo /> Mosaic
          </Link>
          <nav aria-label="Main navigation">
            <NavTree areas={areas} current={open} />
          </nav>
          <div className="sidebar__foot">
            <NavLink to="/profile" className="nav__link">
              <Icon name="user" /> Profile
            </NavLink>
            <button type="button" className="nav__link" onClick={signOut}>
              <Icon name="out" /> Sign out
            </button>
          </div>
        </aside>
        <div className="frame">
          <header className="topbar">
            <Link to={areas[0]!.home} className="brand brand--top">
              <Logo /> Mosaic
              {current && <span className="brand__area">{current.label}</span>}
            </Link>
            <div className="topbar__end">
              <SyncStatus />
              <LiveUpdates />
              <Bell />
              <AccountMenu />
            </div>
          </header>
          <main id="main" ref={main} className="main">
            <Outlet />
          </main>
        </div>
        <BottomBar area={open} menuOpen={menuOpen} onMenu={() => setMenuOpen(true)} />
        <MenuSheet open={menuOpen} onClose={() => setMenuOpen(false)} areas={areas} current={open} />
      </div>
    </>
  );
}
