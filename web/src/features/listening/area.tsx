import type { Area } from '../../app/area.ts';
import { ArtistPage } from './artist-page.tsx';
import { ConnectPage } from './connect-page.tsx';
import { ImportPage } from './import-page.tsx';
import { ListeningOverviewPage } from './overview-page.tsx';
import { ShowsPage } from './shows-page.tsx';

/** Listening: Spotify history, collected and imported. */
export const listening: Area = {
  id: 'listening',
  label: 'Listening',
  icon: 'listening',
  home: '/listening',
  pages: [
    { to: '/listening', label: 'Overview', icon: 'chart', primary: true },
    { to: '/listening/shows', label: 'Podcasts & books', icon: 'listening', primary: true },
    { to: '/listening/connect', label: 'Spotify', icon: 'data', primary: true },
    { to: '/listening/import', label: 'Import', icon: 'data' },
  ],
  paths: ['/listening'],
  routes: [
    { path: '/listening', element: <ListeningOverviewPage /> },
    { path: '/listening/shows', element: <ShowsPage /> },
    { path: '/listening/connect', element: <ConnectPage /> },
    { path: '/listening/import', element: <ImportPage /> },
    { path: '/listening/artists/:key', element: <ArtistPage /> },
  ],
};
