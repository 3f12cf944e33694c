import type { RouteObject } from 'react-router';
import type { IconName } from '../components/icons.tsx';
import type { UserView } from '../api/types.ts';

/** A page of an area, as the navigation lists it. */
export interface AreaPage {
  to: string;
  label: string;
  icon: IconName;
  /** On the phone's bottom bar (at most four per area; the rest are in the menu). */
  primary?: boolean;
}

/**
 * One area of the product (Tracking, Listening, Incidents, the admin section): its routes and the
 * pages its navigation shows. The app's navigation and route table are built from the list of
 * areas in ./areas.ts, so an area that is not in that list shows nowhere.
 */
export interface Area {
  id: string;
  label: string;
  icon: IconName;
  /** Where the area opens (its first page). */
  home: string;
  pages: readonly AreaPage[];
  /** Path prefixes that belong to the area, to tell which area a page is in. */
  paths: readonly string[];
  routes: RouteObject[];
  /** Only administrators see it (and only they may open its pages). */
  adminOnly?: boolean;
}

/** The areas a user may see, in navigation order. */
export function visibleAreas(areas: readonly Area[], user: Pick<UserView, 'isAdmin'>): Area[] {
  return areas.filter((a) => !a.adminOnly || user.isAdmin);
}

const under = (base: string, path: string) => path === base || path.startsWith(`${base}/`);

/** The area a path belongs to, if any (profile and notifications belong to none). */
export function areaOf(areas: readonly Area[], path: string): Area | undefined {
  return areas.find((a) => a.paths.some((p) => under(p, path)));
}

/**
 * The page of a list the path is on: the one whose path is the longest prefix of it (whole
 * segments), so `/listening/shows` is "Podcasts & books", not also "Overview" (`/listening`), while
 * a page without its own entry (an artist, `/listening/artists/…`) stays under the page it opens from.
 */
export function currentPage<P extends Pick<AreaPage, 'to'>>(pages: readonly P[], path: string): P | undefined {
  let best: P | undefined;
  for (const page of pages) if (under(page.to, path) && (!best || page.to.length > best.to.length)) best = page;
  return best;
}
