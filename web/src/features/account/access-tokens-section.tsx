import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { asApiError } from '../../api/client.ts';
import { ROUTES } from '../../api/routes.gen.ts';
import { Button, Chip, ErrorBox, Field, FormError } from '../../components/ui.tsx';
import { TOKEN_SCOPES } from '../../../../shared/mcp/scopes.ts';
import { listeningApi, listeningKeys, type CreatedAccessToken } from '../listening/api.ts';

const when = (iso?: string) => (iso ? new Date(iso).toLocaleDateString() : 'never');

/** Personal access tokens for MCP clients: create (shown once), list with last use, revoke. */
export function AccessTokensSection() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: listeningKeys.tokens(), queryFn: ({ signal }) => listeningApi.tokens.list(signal) });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['listening:read', 'tracking:read']);
  const [days, setDays] = useState(90);
  const [created, setCreated] = useState<CreatedAccessToken>();
  const create = useMutation({
    mutationFn: listeningApi.tokens.create,
    onSuccess: (token) => {
      setCreated(token);
      setName('');
      void client.invalidateQueries({ queryKey: listeningKeys.tokens() });
    },
  });
  const revoke = useMutation({ mutationFn: listeningApi.tokens.revoke, onSuccess: () => void client.invalidateQueries({ queryKey: listeningKeys.tokens() }) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, scopes, expiresInDays: days });
  };
  return (
    <section className="card" aria-labelledby="tokens-heading" id="access-tokens">
      <h2 id="tokens-heading" className="card__title">
        Access tokens
      </h2>
      <p className="muted card__sub">
        Let an AI assistant read your data over MCP: give it the server address{' '}
        <code>
          {window.location.origin}
          {ROUTES.mcp.path}
        </code>{' '}
        and a token made here. A token is shown once; Mosaic keeps only a hash.
      </p>
      {created && (
        <div className="card card--accent" role="status">
          <strong>Copy your new token now: it will not be shown again.</strong>
          <pre className="token-once" data-testid="new-token">
            {created.token}
          </pre>
          <Button onClick={() => setCreated(undefined)}>Done</Button>
        </div>
      )}
      <form onSubmit={submit} className="stack">
        <Field label="Name">{(p) => <input {...p} value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} />}</Field>
        <fieldset className="field">
          <legend>Scopes</legend>
          {TOKEN_SCOPES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} /> {s}
            </label>
          ))}
        </fieldset>
        <Field label="Expires after (days)">{(p) => <input {...p} type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} />}</Field>
        <FormError message={create.error ? asApiError(create.error).message : undefined} />
        <Button type="submit" variant="primary" busy={create.isPending} disabled={!name.trim() || scopes.length === 0}>
          Create token
        </Button>
      </form>
      <ErrorBox error={tokens.error ? asApiError(tokens.error) : undefined} />
      <ul className="card-list" aria-label="Your tokens">
        {tokens.data?.items.map((t) => (
          <li key={t.id} className="token-row">
            <span>
              <strong>{t.name}</strong> <Chip tone={t.status === 'active' ? 'done' : 'muted'}>{t.status}</Chip>
              <br />
              <span className="muted">
                {t.scopes.join(', ')} · expires {when(t.expiresAt)} · last used {when(t.lastUsedAt)}
              </span>
            </span>
            {t.status === 'active' && (
              <Button size="sm" variant="danger" busy={revoke.isPending && revoke.variables === t.id} onClick={() => revoke.mutate(t.id)}>
                Revoke
              </Button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
