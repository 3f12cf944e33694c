import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/api.ts';
import { asApiError, keyKeeper, newIdempotencyKey } from '../../api/client.ts';
import { loadError } from '../../api/query-error.ts';
import { Button, Chip, ErrorBox, Field, PageHeader, Spinner } from '../../components/ui.tsx';
import { counted } from '../../lib/format.ts';
import { useTitle } from '../../lib/use-title.ts';
import { useSession } from '../account/session.tsx';
import { SeverityChip, SourceLink, StateChip } from './common.tsx';
import { incidentQueries, incidentsChanged } from './queries.ts';

/** `/projects/:id/incidents/:incidentId`: members, related incidents, actions, comments, timeline. */
export function IncidentPage({ id, incidentId }: { id: string; incidentId: string }) {
  const { when } = useSession();
  const client = useQueryClient();
  const detail = useQuery(incidentQueries.incident(id, incidentId));
  const project = useQuery(incidentQueries.project(id));
  const timeline = useQuery(incidentQueries.timeline(id, incidentId));
  const others = useQuery(incidentQueries.list(id, 'active', ''));
  useTitle(detail.data?.incident.title ?? 'Incident');
  const [text, setText] = useState('');
  const [into, setInto] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const commentKey = useRef(keyKeeper()).current;
  const done = () => incidentsChanged(client);
  const act = useMutation({ mutationFn: (action: 'acknowledge' | 'resolve' | 'reopen') => api.projects.act(id, incidentId, action, newIdempotencyKey()), onSuccess: done });
  const comment = useMutation({ mutationFn: () => api.projects.comment(id, incidentId, text, commentKey({ text })), onSuccess: async () => (setText(''), done()) });
  const merge = useMutation({ mutationFn: () => api.projects.merge(id, incidentId, into, newIdempotencyKey()), onSuccess: done });
  const split = useMutation({ mutationFn: () => api.projects.split(id, incidentId, picked, newIdempotencyKey()), onSuccess: async () => (setPicked([]), done()) });
  const i = detail.data?.incident;
  if (detail.isPending) return <Spinner />;
  if (!i) return <ErrorBox error={loadError(detail)} onRetry={() => void detail.refetch()} />;
  const canAct = project.data?.role === 'owner' || project.data?.role === 'responder';
  const error = [act, comment, merge, split].map((m) => m.error).find(Boolean);
  const active = i.state === 'open' || i.state === 'acknowledged';
  return (
    <div className="page">
      <p className="small">
        <Link to={`/projects/${id}`}>← {project.data?.name ?? 'Project'}</Link>
      </p>
      <PageHeader
        title={i.title}
        subtitle={
          <span className="incident-chips">
            <SeverityChip severity={i.severity} /> <StateChip state={i.state} />
            {i.severity !== i.baseSeverity && <Chip tone="warn">escalated from {i.baseSeverity}</Chip>}
            <span className="muted small">
              opened {when(i.openedAt)} · {counted(i.signalCount, 'signal')}{i.occurrence > 1 ? ` · seen ${i.occurrence} times` : ''}
            </span>
          </span>
        }
        actions={
          canAct ? (
            <div className="incident-actions">
              {i.state === 'open' && (
                <Button onClick={() => act.mutate('acknowledge')} busy={act.isPending && act.variables === 'acknowledge'}>
                  Acknowledge
                </Button>
              )}
              {active && (
                <Button variant="primary" onClick={() => act.mutate('resolve')} busy={act.isPending && act.variables === 'resolve'}>
                  Resolve
                </Button>
              )}
              {i.state === 'resolved' && <Button onClick={() => act.mutate('reopen')}>Reopen</Button>}
            </div>
          ) : undefined
        }
      />
      {error && <p className="alert alert--error">{asApiError(error).message}</p>}
      <section aria-labelledby="members-title" className="card card--flush">
        <h2 id="members-title" className="card__title incident-section-title">Sources ({i.members.length}{i.extraMembers ? ` + ${i.extraMembers}` : ''})</h2>
        <ul className="member-list">
          {i.members.map((m) => (
            <li key={m.fingerprint} className="member-row">
              {canAct && active && i.members.length > 1 && (
                <input
                  type="checkbox"
                  aria-label={`Pick ${m.title} to split off`}
                  checked={picked.includes(m.fingerprint)}
                  onChange={(e) => setPicked(e.target.checked ? [...picked, m.fingerprint] : picked.filter((f) => f !== m.fingerprint))}
                />
              )}
              <span className="member-row__main">
                <strong>
                  <SourceLink url={m.url}>{m.title}</SourceLink>
                </strong>
                <span className="muted small">
                  {' '}
                  {m.source}
                  {m.service ? ` · ${m.service}` : ''}
                  {m.resource ? ` · ${m.resource}` : ''} · {m.count}× · last {when(m.lastAt)}
                </span>
                {m.template && <code className="template">{m.template}</code>}
              </span>
              <Chip tone={m.status === 'firing' ? 'danger' : 'done'}>{m.status}</Chip>
              <SeverityChip severity={m.severity} />
            </li>
          ))}
        </ul>
        {picked.length > 0 && (
          <div className="form-actions">
            <Button onClick={() => split.mutate()} busy={split.isPending}>
              Split {picked.length} off into a new incident
            </Button>
          </div>
        )}
      </section>
      {(detail.data?.related.length ?? 0) > 0 && (
        <section aria-labelledby="related-title">
          <h2 id="related-title" className="section-title">Related</h2>
          <ul className="card card--flush member-list">
            {detail.data!.related.map((r) => (
              <li key={r.id} className="member-row">
                <span className="muted small">{r.relation.replace('_', ' ')}</span>
                <Link to={`/projects/${id}/incidents/${r.id}`}>{r.title}</Link>
                <Chip tone="muted">{r.state}</Chip>
              </li>
            ))}
          </ul>
        </section>
      )}
      {canAct && active && (others.data?.items.length ?? 0) > 1 && (
        <form
          className="form-row merge-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (into) merge.mutate();
          }}
        >
          <Field label="Merge into another open incident" hint="Remembered: later signals of these sources group with that incident.">
            {(props) => (
              <select {...props} value={into} onChange={(e) => setInto(e.target.value)}>
                <option value="">Choose…</option>
                {others.data!.items.filter((o) => o.id !== i.id).map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Button type="submit" disabled={!into} busy={merge.isPending}>
            Merge
          </Button>
        </form>
      )}
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="section-title">Timeline</h2>
        {canAct && (
          <form
            className="form-row comment-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) comment.mutate();
            }}
          >
            <Field label="Comment">
              {(props) => <textarea {...props} rows={2} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />}
            </Field>
            <Button type="submit" busy={comment.isPending} disabled={!text.trim()}>
              Add
            </Button>
          </form>
        )}
        <ol className="timeline">
          {(timeline.data?.items ?? []).map((e) => (
            <li key={e.id} className={`timeline__entry timeline__entry--${e.kind}`}>
              <time dateTime={e.at} className="muted small">
                {when(e.at)}
              </time>
              <span>
                {/* Other entries by a person already name them ("Ada acknowledged."). */}
                {e.actor && e.kind === 'comment' && <strong>{e.actor.name}: </strong>}
                {e.kind === 'comment' ? <q>{e.text}</q> : e.text}
                {e.kind === 'signal' && typeof e.data.detail === 'string' && <span className="timeline__detail muted small">{e.data.detail}</span>}
                {e.kind === 'signal' && typeof e.data.url === 'string' && (
                  <>
                    {' '}
                    <SourceLink url={e.data.url}>
                      <span className="small">open at the source ↗</span>
                    </SourceLink>
                  </>
                )}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
