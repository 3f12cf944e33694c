import { useParams } from 'react-router';
import type { Area } from '../../app/area.ts';
import { ConnectPage } from './connect-page.tsx';
import { IncidentPage } from './incident-page.tsx';
import { ProjectPage } from './project-page.tsx';
import { ProjectsPage } from './projects-page.tsx';

function Project() {
  const { id = '' } = useParams();
  return <ProjectPage key={id} id={id} />;
}
function Connect() {
  const { id = '' } = useParams();
  return <ConnectPage key={id} id={id} />;
}
function IncidentDetail() {
  const { id = '', incidentId = '' } = useParams();
  return <IncidentPage key={incidentId} id={id} incidentId={incidentId} />;
}

/** Incidents: projects, their monitoring sources and the incidents their signals form. */
export const incidents: Area = {
  id: 'incidents',
  label: 'Incidents',
  icon: 'incidents',
  home: '/projects',
  pages: [{ to: '/projects', label: 'Projects', icon: 'incidents', primary: true }],
  paths: ['/projects'],
  routes: [
    { path: '/projects', element: <ProjectsPage /> },
    { path: '/projects/:id', element: <Project /> },
    { path: '/projects/:id/connect', element: <Connect /> },
    { path: '/projects/:id/incidents/:incidentId', element: <IncidentDetail /> },
  ],
};
