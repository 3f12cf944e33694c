import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { asApiError, type ApiError } from '../../api/client.ts';
import { loadError } from '../../api/query-error.ts';
import { Button, Chip, ErrorBox, PageHeader, Spinner } from '../../components/ui.tsx';
import { useTitle } from '../../lib/use-title.ts';
import { useSession } from '../account/session.tsx';
import { listeningApi, listeningKeys, type Connection } from './api.ts';


const STATUS: Record<Connection['status'], { label: string; tone: 'done' | 'warn' | 'danger' | 'muted' }> = {
  connected: { label: 'Connected', tone: 'done' },
  paused: { label: 'Paused', tone: 'warn' },
  needs_reconnect: { label: 'Needs reconnect', tone: 'danger' },
  not_connected: { label: 'Not connected', tone: 'muted' },
};

/** Connect or disconnect Spotify, the collector's state and runs; also where Spotify sends the browser back. */
export function ConnectPage() {
  useTitle('Spotify');
  const session = useSession();
  const when = (iso?: string) => (iso ? session.when(iso) : '—');
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [callbackError, setCallbackError] = useState<ApiError>();
  const handled = useRef(false);
  const connection = useQuery({ queryKey: listeningKeys.connection(), queryFn: ({ signal }) => listeningApi.connection(signal) });
  const runs = useQuery({ queryKey: listeningKeys.runs(), queryFn: ({ signal }) => listeningApi.runs(signal) });

  // Back from Spotify's consent page: finish the connect once, then drop the query from the URL.
  useEffect(() => {
    const state = params.get('state');
    if (!state || handled.current) return;
    handled.current = true;
    listeningApi
      .callback({ state, code: params.get('code') ?? undefined, error: params.get('error') ?? undefined })
      .then(() => void client.invalidateQueries({ queryKey: listeningKeys.all }))
      .catch((e: unknown) => setCallbackError(asApiError(e)))
      .finally(() => void navigate('/listening/connect', { replace: true }));
  }, [params, client, navigate]);

  const connect = useMutation({ mutationFn: listeningApi.connect, onSuccess: ({ authorizeUrl }) => window.location.assign(authorizeUrl) });
  const disconnect = useMutation({ mutationFn: listeningApi.disconnect, onSuccess: () => void client.invalidateQueries({ queryKey: listeningKeys.all }) });
  const c = connection.data;
  return (
    <div className="page">
      <PageHeader title="Spotify" subtitle="Connect your account: Mosaic collects what you play every 15 minutes" />
      <ErrorBox error={callbackError ?? loadError(connection) ?? (connect.error ? asApiError(connect.error) : undefined)} />
      {connection.isPending && <Spinner />}
      {c && (
        <section className="card" aria-label="Connection">
          <h2 className="card__title">
            Connection <Chip tone={STATUS[c.status].tone}>{STATUS[c.status].label}</Chip>
          </h2>
          {c.status !== 'not_connected' && (
            <dl className="ldl">
              <dt>Account</dt>
              <dd>{c.displayName ?? c.spotifyUserId}</dd>
              <dt>Last poll</dt>
              <dd>{c.lastPollAt ? when(c.lastPollAt) : 'not yet'}</dd>
              <dt>Next poll not before</dt>
              {/* Before the first poll there is no time yet: the collector's quarter-hourly run takes it. */}
              <dd>{c.nextPollAt ? when(c.nextPollAt) : 'the next collection run (every 15 minutes)'}</dd>
              <dt>Initial sync</dt>
              <dd>{c.initialSync?.status === 'done' ? `done (${c.initialSync.plays ?? 0} plays, stopped by ${c.initialSync.stoppedBy ?? '—'})` : 'pending: it runs with the first poll'}</dd>
              <dt>Plays collected</dt>
              <dd>{c.playsCollected ?? 0}</dd>
              {c.lastError && (
                <>
                  <dt>Last error</dt>
                  <dd>
                    {c.lastError.message} ({when(c.lastError.at)})
                  </dd>
                </>
              )}
            </dl>
          )}
          <div className="row">
            {c.status !== 'connected' && c.status !== 'paused' && (
              <Button variant="primary" busy={connect.isPending} onClick={() => connect.mutate()}>
                {c.status === 'needs_reconnect' ? 'Reconnect Spotify' : 'Connect Spotify'}
              </Button>
            )}
            {c.status !== 'not_connected' && (
              <Button variant="danger" busy={disconnect.isPending} onClick={() => disconnect.mutate()}>
                Disconnect
              </Button>
            )}
          </div>
        </section>
      )}
      <section className="card" aria-label="Runs">
        <h2 className="card__title">Collector runs</h2>
        {runs.data?.items.length === 0 && <p className="muted">No runs yet.</p>}
        <table className="ltable">
          <thead>
            <tr>
              <th>Started</th>
              <th>Kind</th>
              <th>Outcome</th>
              <th>Plays added</th>
              <th>Requests</th>
            </tr>
          </thead>
          <tbody>
            {runs.data?.items.map((r) => (
              <tr key={r.id}>
                <td>{when(r.startedAt)}</td>
                <td>{r.kind}</td>
                <td title={r.detail}>{r.outcome}</td>
                <td>{r.playsAdded}</td>
                <td>{r.requests}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
