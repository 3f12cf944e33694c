import { Link, useLocation } from 'react-router';
import { Icon } from '../../components/icons.tsx';
import { currentPage, type Area } from '../area.ts';

/**
 * The areas and their pages, as the desktop sidebar and the phone's menu list them: the current
 * area open with its pages, the others as one link each to where they open; the admin section
 * (admins only) under its own heading.
 */
export function NavTree({ areas, current, onNavigate }: { areas: readonly Area[]; current: Area | undefined; onNavigate?: () => void }) {
  const main = areas.filter((a) => !a.adminOnly);
  const admin = areas.filter((a) => a.adminOnly);
  const group = (area: Area) => <AreaGroup key={area.id} area={area} open={area.id === current?.id} onNavigate={onNavigate} />;
  return (
    <>
      <ul className="nav">{main.map(group)}</ul>
      {admin.length > 0 && (
        <>
          <p className="nav__section">Admin</p>
          <ul className="nav">{admin.map(group)}</ul>
        </>
      )}
    </>
  );
}

function AreaGroup({ area, open, onNavigate }: { area: Area; open: boolean; onNavigate?: () => void }) {
  if (!open) {
    return (
      <li>
        <Link to={area.home} className="nav__area" onClick={onNavigate}>
          <Icon name={area.icon} /> {area.label}
        </Link>
      </li>
    );
  }
  return <OpenAreaGroup area={area} onNavigate={onNavigate} />;
}

/** The current area with its pages; only the page the path is on is marked current (a page's sub-pages are other entries). */
function OpenAreaGroup({ area, onNavigate }: { area: Area; onNavigate?: () => void }) {
  const { pathname } = useLocation();
  const here = currentPage(area.pages, pathname);
  return (
    <li>
      <span className="nav__area nav__area--current">
        <Icon name={area.icon} /> {area.label}
      </span>
      <ul className="nav__pages" aria-label={area.label}>
        {area.pages.map((page) => (
          <li key={page.to}>
            <Link to={page.to} className="nav__link" aria-current={page === here ? 'page' : undefined} onClick={onNavigate}>
              <Icon name={page.icon} /> {page.label}
            </Link>
          </li>
        ))}
      </ul>
    </li>
  );
}
