import { describe, expect, it } from 'vitest';
import { areaOf, currentPage, visibleAreas, type Area } from './area.ts';
import { listening as listeningArea } from '../features/listening/area.tsx';

const area = (id: string, paths: string[], adminOnly = false): Area => ({
  id,
  label: id,
  icon: 'today',
  home: paths[0]!,
  pages: [],
  paths,
  routes: [],
  adminOnly,
});

const tracking = area('tracking', ['/today', '/goals']);
const admin = area('admin', ['/admin'], true);

describe('areas', () => {
  it('shows the admin section to admins only', () => {
    expect(visibleAreas([tracking, admin], { isAdmin: false }).map((a) => a.id)).toEqual(['tracking']);
    expect(visibleAreas([tracking, admin], { isAdmin: true }).map((a) => a.id)).toEqual(['tracking', 'admin']);
  });

  it('finds the area of a page by its path prefixes, whole segments only', () => {
    expect(areaOf([tracking, admin], '/goals/123/edit')?.id).toBe('tracking');
    expect(areaOf([tracking, admin], '/admin')?.id).toBe('admin');
    expect(areaOf([tracking, admin], '/goalsx')).toBeUndefined();
    expect(areaOf([tracking, admin], '/profile')).toBeUndefined();
  });

  it('marks only the page the path is on: an area home is not current on its sibling pages', () => {
    const label = (path: string) => currentPage(listeningArea.pages, path)?.label;
    expect(label('/listening')).toBe('Overview');
    expect(label('/listening/shows')).toBe('Podcasts & books');
    expect(label('/listening/connect')).toBe('Spotify');
    expect(label('/listening/import')).toBe('Import');
    // A page without its own entry stays under the one it opens from.
    expect(label('/listening/artists/abc')).toBe('Overview');
    expect(label('/listeningx')).toBeUndefined();
    expect(label('/today')).toBeUndefined();
  });
});
