import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/api.ts';
import { asApiError, keyKeeper } from '../../api/client.ts';
import { loadError } from '../../api/query-error.ts';
import { Icon } from '../../components/icons.tsx';
import { Button, Chip, Empty, ErrorBox, Field, FormError, PageHeader, Spinner } from '../../components/ui.tsx';
import { useTitle } from '../../lib/use-title.ts';
import { SEVERITY_ORDER, SEVERITY_TONE } from './common.tsx';
import { incidentQueries, incidentsChanged } from './queries.ts';

/** `/projects`: the caller's projects with their open incidents by severity, and a new-project form. */
export function ProjectsPage() {
  useTitle('Projects');
  const client = useQueryClient();
  const navigate = useNavigate();
  const list = useQuery(incidentQueries.projects());
  const [name, setName] = useState('');
  const key = useRef(keyKeeper()).current;
  const create = useMutation({
    mutationFn: () => api.projects.create({ name }, key({ name })),
    onSuccess: async (project) => {
      await incidentsChanged(client);
      void navigate(`/projects/${project.id}`);
    },
  });
  const projects = list.data?.items;
  return (
    <div className="page">
      <PageHeader title="Projects" subtitle="Monitoring sources post signals to a project's hooks; Mosaic correlates them into incidents." />
      <ErrorBox error={loadError(list)} onRetry={() => void list.refetch()} />
      {list.isPending && <Spinner />}
      {projects && projects.length === 0 && <Empty title="No projects yet"><p>Create one for a system you run, then connect its Sentry, CloudWatch, Grafana or Alertmanager.</p></Empty>}
      {projects && projects.length > 0 && (
        <ul className="card-list project-list">
          {projects.map((p) => (
            <li key={p.id} className="card project-card">
              <div className="card__head">
                <h2 className="card__title">
                  <Link to={`/projects/${p.id}`}>{p.name}</Link>
                </h2>
                <span className="chip-row">
                  {p.system && (
                    <Chip tone="info" title="Mosaic's own alarms of this stage; admins see it without being members">
                      system
                    </Chip>
                  )}
                  <Chip tone="muted">{p.role}</Chip>
                </span>
              </div>
              {p.description && <p className="muted">{p.description}</p>}
              <p className="project-card__open" aria-label={`${p.openTotal} open incidents`}>
                {p.openTotal === 0 ? (
                  <Chip tone="done">No open incidents</Chip>
                ) : (
                  SEVERITY_ORDER.filter((s) => p.open[s] > 0).map((s) => (
                    <Chip key={s} tone={SEVERITY_TONE[s]}>
                      {p.open[s]} {s}
                    </Chip>
                  ))
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <h2 className="card__title">New project</h2>
        <div className="form-row">
          <Field label="Name" error={create.error ? asApiError(create.error).message : undefined}>
            {(props) => <input {...props} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} placeholder="Checkout service" required />}
          </Field>
        </div>
        <FormError message={undefined} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={create.isPending}>
            <Icon name="plus" /> Create project
          </Button>
        </div>
      </form>
    </div>
  );
}
