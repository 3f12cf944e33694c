import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/api.ts';
import { asApiError, keyKeeper } from '../../api/client.ts';
import { loadError } from '../../api/query-error.ts';
import type { Hook, Project } from '../../api/types.ts';
import { Icon } from '../../components/icons.tsx';
import { Button, Chip, Empty, ErrorBox, Field, PageHeader, Spinner, useToast } from '../../components/ui.tsx';
import { counted } from '../../lib/format.ts';
import { useTitle } from '../../lib/use-title.ts';
import { useSession } from '../account/session.tsx';
import { hookUrl, SetupSteps, SeverityChip, SEVERITY_ORDER, SOURCE_LABEL, StateChip } from './common.tsx';
import { PullSources } from './pull-sources.tsx';
import { incidentQueries, incidentsChanged } from './queries.ts';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const toast = useToast();
  return (
    <Button
      size="sm"
      variant="ghost"
      aria-label={label}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(
          () => toast('Copied.'),
          () => toast('Copy it by hand: the clipboard is not available here.'),
        );
      }}
    >
      <Icon name="copy" /> Copy
    </Button>
  );
}

function HookCard({ hook }: { hook: Hook }) {
  const { when } = useSession();
  const [open, setOpen] = useState(false);
  return (
    <li className="card hook-card">
      <div className="card__head">
        <h3 className="card__title">{hook.name}</h3>
        <Chip tone={hook.lastDeliveryAt ? 'done' : 'muted'}>{hook.lastDeliveryAt ? counted(hook.deliveries, 'delivery', 'deliveries') : 'nothing received yet'}</Chip>
      </div>
      <p className="muted small">
        {SOURCE_LABEL[hook.source]} · verified by {hook.auth}
        {hook.secretHint ? ` · secret ${hook.secretHint}` : ''}
        {hook.lastDeliveryAt ? ` · last ${when(hook.lastDeliveryAt)}` : ''}
      </p>
      <div className="hook-url">
        <code className="hook-url__text">{hookUrl(hook)}</code>
        <CopyButton text={hookUrl(hook)} label={`Copy the ${SOURCE_LABEL[hook.source]} hook URL`} />
      </div>
      <Button size="sm" variant="ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide setup steps' : 'Setup steps'}
      </Button>
      {open && <SetupSteps hook={hook} />}
    </li>
  );
}

function Members({ project }: { project: Project }) {
  const client = useQueryClient();
  const members = useQuery(incidentQueries.members(project.id));
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'viewer' | 'responder' | 'owner'>('responder');
  const key = useRef(keyKeeper()).current;
  const invite = useMutation({
    mutationFn: () => api.projects.invite(project.id, { email, role }, key({ email, role })),
    onSuccess: async () => {
      setEmail('');
      await incidentsChanged(client);
    },
  });
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title" className="section-title">Members</h2>
      <ul className="card card--flush member-list">
        {(members.data?.items ?? []).map((m) => (
          <li key={m.userId} className="member-row">
            <span>
              {m.displayName} <span className="muted small">{m.email}</span>
            </span>
            <Chip tone="muted">{m.role}</Chip>
          </li>
        ))}
      </ul>
      {project.role === 'owner' && (
        <form
          className="form-row invite-form"
          onSubmit={(e) => {
            e.preventDefault();
            invite.mutate();
          }}
        >
          <Field label="Invite by email" error={invite.error ? asApiError(invite.error).message : undefined}>
            {(props) => <input {...props} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />}
          </Field>
          <Field label="Role">
            {(props) => (
              <select {...props} value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
                <option value="viewer">Viewer (reads)</option>
                <option value="responder">Responder (acts on incidents)</option>
                <option value="owner">Owner (everything)</option>
              </select>
            )}
          </Field>
          <Button type="submit" busy={invite.isPending}>Invite</Button>
        </form>
      )}
    </section>
  );
}

/** `/projects/:id`: open incidents with filters, the hooks (URL, copy, setup steps), members. */
export function ProjectPage({ id }: { id: string }) {
  const { when } = useSession();
  const project = useQuery(incidentQueries.project(id));
  useTitle(project.data?.name ?? 'Project');
  const [state, setState] = useState<'active' | 'resolved' | 'merged'>('active');
  const [severity, setSeverity] = useState('');
  const incidents = useQuery(incidentQueries.list(id, state, severity));
  const hooks = useQuery(incidentQueries.hooks(id));
  const p = project.data;
  if (project.isPending) return <Spinner />;
  if (!p) return <ErrorBox error={loadError(project)} onRetry={() => void project.refetch()} />;
  return (
    <div className="page">
      <PageHeader
        title={p.name}
        subtitle={
          <>
            {p.description || 'Incidents, hooks and members of this project.'} {p.system && <Chip tone="info">system</Chip>} <Chip tone="muted">{p.role}</Chip>
          </>
        }
        actions={
          p.role === 'owner' ? (
            <Link to={`/projects/${id}/connect`} className="btn btn--primary btn--md">
              <Icon name="plus" /> Connect a source
            </Link>
          ) : undefined
        }
      />
      <section aria-labelledby="incidents-title">
        <h2 id="incidents-title" className="section-title">Incidents</h2>
        <div className="incident-filters">
          <div className="segmented" role="group" aria-label="State">
            {(['active', 'resolved', 'merged'] as const).map((s) => (
              <button key={s} type="button" className="segmented__item" aria-pressed={state === s} onClick={() => setState(s)}>
                {s === 'active' ? 'Open' : s[0]!.toUpperCase() + s.slice(1)}
              </button>
            ))}
          </div>
          <label className="inline-field">
            <span>Severity</span>
            <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
              <option value="">All</option>
              {SEVERITY_ORDER.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorBox error={loadError(incidents)} onRetry={() => void incidents.refetch()} />
        {incidents.data && incidents.data.items.length === 0 && <Empty title={state === 'active' ? 'Nothing open' : `No ${state} incidents`} />}
        <ul className="card-list incident-list">
          {(incidents.data?.items ?? []).map((i) => (
            <li key={i.id} className="card incident-row">
              <div className="incident-row__head">
                <SeverityChip severity={i.severity} />
                <Link to={`/projects/${id}/incidents/${i.id}`} className="incident-row__title">
                  {i.title}
                </Link>
              </div>
              <p className="muted small">
                <StateChip state={i.state} /> {counted(i.members.length, 'source')} · {counted(i.signalCount, 'signal')} · last{' '}
                {when(i.lastSignalAt)}
                {i.occurrence > 1 ? ` · seen ${i.occurrence} times` : ''}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="hooks-title">
        <h2 id="hooks-title" className="section-title">Connections</h2>
        {hooks.data && hooks.data.items.length === 0 && (
          <Empty title="No sources connected">
            <p>Connect Sentry, CloudWatch, Grafana or Alertmanager: each gets its own signed hook URL.</p>
          </Empty>
        )}
        <ul className="card-list">
          {(hooks.data?.items ?? []).map((h) => (
            <HookCard key={h.id} hook={h} />
          ))}
        </ul>
      </section>
      <PullSources project={p} />
      <Members project={p} />
    </div>
  );
}
