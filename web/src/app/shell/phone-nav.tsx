import { useEffect, useRef } from 'react';
import { Link, useLocation } from 'react-router';
import { Icon } from '../../components/icons.tsx';
import { useSession } from '../../features/account/session.tsx';
import { currentPage, type Area } from '../area.ts';
import { NavTree } from './nav-tree.tsx';

/** Pages a phone's bottom bar holds besides its Menu button (five targets fit 320 px). */
const BAR_PAGES = 4;

/**
 * A phone's bottom bar: the current area's main pages, one tap away, and Menu, which opens every
 * area and page (the same tree the desktop sidebar shows) in a sheet.
 */
export function BottomBar({ area, menuOpen, onMenu }: { area: Area; menuOpen: boolean; onMenu: () => void }) {
  const { pathname } = useLocation();
  const pages = area.pages.filter((p) => p.primary).slice(0, BAR_PAGES);
  const here = currentPage(area.pages, pathname);
  // Elsewhere (another page of the area, the profile), Menu is where the page is found.
  const elsewhere = !here || !pages.includes(here);
  return (
    <nav className="tabbar" aria-label={`${area.label} (phone)`}>
      {pages.map((page) => (
        <Link key={page.to} to={page.to} className="tabbar__link" aria-current={page === here ? 'page' : undefined}>
          <Icon name={page.icon} size={20} />
          <span>{page.label}</span>
        </Link>
      ))}
      <button
        type="button"
        className={`tabbar__link${elsewhere ? ' tabbar__link--here' : ''}`}
        aria-haspopup="dialog"
        aria-expanded={menuOpen}
        onClick={onMenu}
      >
        <Icon name="menu" size={20} />
        <span>Menu</span>
      </button>
    </nav>
  );
}

/** The phone's menu: a sheet over the page (a modal <dialog>: focus stays inside, Escape closes). */
export function MenuSheet({ open, onClose, areas, current }: { open: boolean; onClose: () => void; areas: readonly Area[]; current: Area | undefined }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { signOut } = useSession();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="sheet"
      aria-label="Menu"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      {open && (
        <div className="sheet__body">
          <div className="sheet__head">
            <strong>Menu</strong>
            <button type="button" className="icon-btn" aria-label="Close the menu" onClick={onClose}>
              <Icon name="close" size={20} />
            </button>
          </div>
          <nav aria-label="All pages">
            <NavTree areas={areas} current={current} onNavigate={onClose} />
          </nav>
          <ul className="nav sheet__account">
            <li>
              <Link to="/profile" className="nav__link" onClick={onClose}>
                <Icon name="user" /> Profile
              </Link>
            </li>
            <li>
              <Link to="/notifications" className="nav__link" onClick={onClose}>
                <Icon name="bell" /> Notifications
              </Link>
            </li>
            <li>
              <button
                type="button"
                className="nav__link"
                onClick={() => {
                  onClose();
                  signOut();
                }}
              >
                <Icon name="out" /> Sign out
              </button>
            </li>
          </ul>
        </div>
      )}
    </dialog>
  );
}
