import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/api.ts';
import { asApiError, keyKeeper } from '../../api/client.ts';
import { loadError } from '../../api/query-error.ts';
import type { Project, PullConnection } from '../../api/types.ts';
import { Button, Chip, Empty, ErrorBox, Field, useToast } from '../../components/ui.tsx';
import { useSession } from '../account/session.tsx';
import { incidentQueries, incidentsChanged } from './queries.ts';
import { counted } from '../../lib/format.ts';

const SOURCE_NAME: Record<PullConnection['source'], string> = { cloudwatch: 'CloudWatch', sentry: 'Sentry', grafana: 'Grafana', alertmanager: 'Alertmanager', kubernetes: 'Kubernetes', docker: 'Docker' };

const STATE: Record<PullConnection['status']['state'], { label: string; tone: 'done' | 'danger' | 'muted' }> = {
  never: { label: 'not pulled yet', tone: 'muted' },
  ok: { label: 'ok', tone: 'done' },
  error: { label: 'failing', tone: 'danger' },
};

function ConnectionCard({ projectId, connection: c, canAct }: { projectId: string; connection: PullConnection; canAct: boolean }) {
  const { when } = useSession();
  const client = useQueryClient();
  const [key] = useState(keyKeeper);
  const test = useMutation({
    mutationFn: () => api.projects.testConnection(projectId, c.id, key({ test: c.id })),
    onSettled: () => incidentsChanged(client),
  });
  const last = test.data ?? c.status.lastTest;
  return (
    <li className="card hook-card">
      <div className="card__head">
        <h3 className="card__title">{c.name === c.source ? SOURCE_NAME[c.source] : c.name}</h3>
        <Chip tone={STATE[c.status.state].tone}>{STATE[c.status.state].label}</Chip>
      </div>
      <p className="muted small">
        {SOURCE_NAME[c.source]} · credentials {c.credentialsHint}
        {c.config.region ? ` · ${c.config.region}` : ''}
        {c.status.lastPulledAt ? ` · last pulled ${when(c.status.lastPulledAt)}` : ''}
        {c.status.state === 'error' ? ` · next try ${when(c.status.nextPullAt)}` : ''}
      </p>
      {c.status.state === 'error' && c.status.lastError && <p className="alert alert--error">{c.status.lastError}</p>}
      {last && (
        <p className={`alert ${last.ok ? 'alert--info' : 'alert--error'}`} role="status">
          Test {last.ok ? 'passed' : 'failed'}: {last.detail}
        </p>
      )}
      {test.error && <p className="alert alert--error">{asApiError(test.error).message}</p>}
      {canAct && (
        <Button size="sm" variant="ghost" busy={test.isPending} onClick={() => test.mutate()}>
          Test connection
        </Button>
      )}
    </li>
  );
}

/** An owner's form for a CloudWatch pull: the role Mosaic assumes in the monitored account. */
function CloudWatchForm({ projectId }: { projectId: string }) {
  const client = useQueryClient();
  const [key] = useState(keyKeeper);
  const [f, setF] = useState({ name: '', region: '', roleArn: '', externalId: '', logGroups: '', filterPattern: '' });
  const body = {
    source: 'cloudwatch' as const,
    ...(f.name.trim() ? { name: f.name.trim() } : {}),
    config: { region: f.region.trim(), ...(f.logGroups.trim() ? { logGroups: f.logGroups.trim() } : {}), ...(f.filterPattern.trim() ? { filterPattern: f.filterPattern.trim() } : {}) },
    credentials: { roleArn: f.roleArn.trim(), externalId: f.externalId.trim() },
  };
  const create = useMutation({
    mutationFn: () => api.projects.createConnection(projectId, body, key(body)),
    onSuccess: async () => {
      setF({ name: '', region: '', roleArn: '', externalId: '', logGroups: '', filterPattern: '' });
      await incidentsChanged(client);
    },
  });
  const input = (name: keyof typeof f, props: Record<string, unknown>) => (
    <input {...props} value={f[name]} onChange={(e) => setF({ ...f, [name]: e.target.value })} />
  );
  return (
    <form
      className="card form pull-form"
      aria-label="Pull CloudWatch from an AWS account"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <h3 className="card__title">Pull CloudWatch from an AWS account</h3>
      <p className="muted small">
        Make a role in that account whose trust policy names Mosaic’s AWS account and requires an external id, with cloudwatch:DescribeAlarms (and
        logs:FilterLogEvents on the log groups). Mosaic reads alarms in ALARM, their return to OK, and matching log lines every 5 minutes.
      </p>
      <div className="form-row">
        <Field label="Name (optional)">{(props) => input('name', { ...props, maxLength: 80, placeholder: 'Production account' })}</Field>
        <Field label="Region">{(props) => input('region', { ...props, required: true, placeholder: 'eu-west-1' })}</Field>
      </div>
      <Field label="Role ARN">{(props) => input('roleArn', { ...props, required: true, placeholder: 'arn:aws:iam::123456789012:role/mosaic-read' })}</Field>
      <Field label="External id" hint="Stored encrypted, never shown again.">
        {(props) => input('externalId', { ...props, required: true, type: 'password', autoComplete: 'off' })}
      </Field>
      <Field label="Log groups (optional)" hint="Comma separated, at most 5.">{(props) => input('logGroups', { ...props, placeholder: '/aws/lambda/checkout' })}</Field>
      <Field label="Filter pattern (optional)" hint="Default: ?ERROR ?Error ?FATAL ?Exception ?Traceback">{(props) => input('filterPattern', { ...props })}</Field>
      {create.error && <p className="alert alert--error">{asApiError(create.error).message}</p>}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          Connect the account
        </Button>
      </div>
    </form>
  );
}

/** The project's pulled sources: status, last error and test outcome; pull now; owners add CloudWatch. */
export function PullSources({ project }: { project: Project }) {
  const client = useQueryClient();
  const toast = useToast();
  const [key] = useState(keyKeeper);
  const connections = useQuery(incidentQueries.connections(project.id));
  const canAct = project.role !== 'viewer';
  const pull = useMutation({
    mutationFn: () => api.projects.fetchNow(project.id, key({ fetch: project.id })),
    onSuccess: async (answer) => {
      toast(`${counted(answer.queued, 'pull')} started.`);
      await incidentsChanged(client);
    },
  });
  const items = connections.data?.items ?? [];
  return (
    <section aria-labelledby="pulls-title">
      <div className="card__head">
        <h2 id="pulls-title" className="section-title">Pulled sources</h2>
        {canAct && items.length > 0 && (
          <Button size="sm" busy={pull.isPending} onClick={() => pull.mutate()}>
            Pull now
          </Button>
        )}
      </div>
      <ErrorBox error={loadError(connections)} onRetry={() => void connections.refetch()} />
      {connections.data && items.length === 0 && <Empty title="Nothing pulled">{project.role === 'owner' && <p>Connect an AWS account to read its CloudWatch alarms and logs.</p>}</Empty>}
      <ul className="card-list">
        {items.map((c) => (
          <ConnectionCard key={c.id} projectId={project.id} connection={c} canAct={canAct} />
        ))}
      </ul>
      {project.role === 'owner' && <CloudWatchForm projectId={project.id} />}
    </section>
  );
}
