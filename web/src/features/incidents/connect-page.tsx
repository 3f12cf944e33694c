import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/api.ts';
import { asApiError, keyKeeper } from '../../api/client.ts';
import type { CreatedHook, Hook } from '../../api/types.ts';
import { Button, Field, FieldSet, PageHeader } from '../../components/ui.tsx';
import { useTitle } from '../../lib/use-title.ts';
import { hookUrl, SetupSteps, SOURCE_LABEL } from './common.tsx';
import { CopyButton } from './project-page.tsx';
import { incidentsChanged } from './queries.ts';

const HINT: Record<Hook['source'], string> = {
  sentry: 'Issues, issue alerts and metric alerts of a Sentry internal integration, signed with its client secret.',
  cloudwatch: 'CloudWatch alarms through an SNS topic; Amazon signs every message.',
  grafana: 'Grafana alerting (8+, and legacy dashboard alerts), with a bearer token or an HMAC signature.',
  alertmanager: 'Prometheus Alertmanager webhook receiver, with a bearer token.',
};

/** `/projects/:id/connect`: make a hook for a source; its URL, its secret (once) and the steps. */
export function ConnectPage({ id }: { id: string }) {
  useTitle('Connect a source');
  const client = useQueryClient();
  const [source, setSource] = useState<Hook['source']>('sentry');
  const [secret, setSecret] = useState('');
  const [auth, setAuth] = useState<'bearer' | 'hmac'>('bearer');
  const [made, setMade] = useState<CreatedHook | null>(null);
  const key = useRef(keyKeeper()).current;
  const body = { source, ...(source === 'sentry' && secret ? { secret } : {}), ...(source === 'grafana' ? { auth } : {}) };
  const create = useMutation({
    mutationFn: () => api.projects.createHook(id, body, key(body)),
    onSuccess: async (answer) => {
      setMade(answer);
      await incidentsChanged(client);
    },
  });
  if (made) {
    return (
      <div className="page page--narrow">
        <PageHeader title={`${SOURCE_LABEL[made.hook.source]} connected`} subtitle="Point the source at this URL. Deliveries are verified before anything is kept." />
        <div className="card">
          <div className="hook-url">
            <code className="hook-url__text">{hookUrl(made.hook)}</code>
            <CopyButton text={hookUrl(made.hook)} label="Copy the hook URL" />
          </div>
          {made.secret && (
            <div className="alert alert--info">
              <span>
                {made.hook.auth === 'bearer' ? 'Token' : 'HMAC secret'}: <code>{made.secret}</code> — shown only now; copy it into the source.
              </span>
              <CopyButton text={made.secret} label="Copy the secret" />
            </div>
          )}
          <h2 className="card__title">Setup</h2>
          <SetupSteps hook={made.hook} secret={made.secret} />
          <Link to={`/projects/${id}`} className="btn btn--primary btn--md">
            Back to the project
          </Link>
        </div>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <PageHeader title="Connect a source" subtitle="Each source gets its own unguessable hook URL." />
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <FieldSet legend="Source">
          <div className="choice-grid">
            {(Object.keys(SOURCE_LABEL) as Array<Hook['source']>).map((s) => (
              <label key={s} className="choice">
                <input type="radio" name="source" value={s} checked={source === s} onChange={() => setSource(s)} />
                <span>
                  {SOURCE_LABEL[s]}
                  <small>{HINT[s]}</small>
                </span>
              </label>
            ))}
          </div>
        </FieldSet>
        {source === 'sentry' && (
          <Field label="Client secret (optional now)" hint="From the Sentry integration; you can paste it later. Stored encrypted, never shown again.">
            {(props) => <input {...props} type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} minLength={8} />}
          </Field>
        )}
        {source === 'grafana' && (
          <FieldSet legend="Verified by">
            <div className="choice-row">
              <label className="choice choice--compact">
                <input type="radio" name="auth" checked={auth === 'bearer'} onChange={() => setAuth('bearer')} />
                <span>Bearer token</span>
              </label>
              <label className="choice choice--compact">
                <input type="radio" name="auth" checked={auth === 'hmac'} onChange={() => setAuth('hmac')} />
                <span>HMAC signature</span>
              </label>
            </div>
          </FieldSet>
        )}
        {create.error && <p className="alert alert--error">{asApiError(create.error).message}</p>}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={create.isPending}>
            Make the hook
          </Button>
          <Link to={`/projects/${id}`} className="btn btn--ghost btn--md">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
