import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/api.ts';
import { itemsOf } from '../../api/paged.ts';
import type { ApiError } from '../../api/client.ts';
import type { JobRun, JobRunListQuery } from '../../api/types.ts';
import { LoadMore } from '../../components/load-more.tsx';
import { Button, ConfirmDialog, Empty, ErrorBox, PageHeader, Spinner, useToast } from '../../components/ui.tsx';
import { useQueryParams } from '../../lib/use-query-params.ts';
import { useTitle } from '../../lib/use-title.ts';
import { FilterField, FilterForm, FilterSelect, Outcome, TableWrap, When } from './common.tsx';
import { adminKeys, deadLetterList, jobRunList, queueList } from './queries.ts';

const OUTCOMES = [
  ['', 'Any outcome'],
  ['failed', 'Failed'],
  ['partial', 'Partial'],
  ['succeeded', 'Succeeded'],
] as const;
const DAYS = [
  ['1', 'Today'],
  ['7', 'Last 7 days'],
  ['30', 'Last 30 days'],
] as const;

/** Peek at a consumer's dead letters (they stay parked) and send them back to its queue. */
function DeadLetterPanel({ consumer, onClose }: { consumer: string; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const letters = useQuery(deadLetterList(consumer));
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="card" aria-label={`Dead letters of ${consumer}`}>
      <div className="card__head">
        <h3 className="card__title">Dead letters of {consumer}</h3>
        <Button size="sm" variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
      {letters.isPending && <Spinner />}
      <ErrorBox error={letters.error as ApiError | undefined} onRetry={() => void letters.refetch()} />
      {letters.data?.items.length === 0 && <p className="muted">None parked.</p>}
      <ul className="admin-list">
        {letters.data?.items.map((m) => (
          <li key={m.messageId} className="admin-list__row admin-list__row--stack">
            <span className="small muted">
              <When at={m.sentAt} /> · received {m.receiveCount}×
            </span>
            <pre className="admin-pre">{m.body}</pre>
          </li>
        ))}
      </ul>
      {!!letters.data?.items.length && (
        <Button variant="primary" size="sm" onClick={() => setConfirming(true)}>
          Re-drive all
        </Button>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Re-drive ${consumer}?`}
        body="Up to 100 dead letters go back to the consumer’s queue and are handled again."
        confirmLabel="Re-drive"
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          const { redriven } = await api.admin.redriveDeadLetters(consumer);
          toast(`${redriven} message(s) sent back to ${consumer}.`);
          await client.invalidateQueries({ queryKey: adminKeys.all });
        }}
      />
    </section>
  );
}

/** Admin → Jobs: queue and dead-letter depths per consumer, and the job runs with re-drive of failed ones. */
export function JobsPage() {
  useTitle('Jobs');
  const client = useQueryClient();
  const toast = useToast();
  const [params, setQuery] = useQueryParams();
  const query: JobRunListQuery = {
    job: params.get('job') || undefined,
    outcome: (params.get('outcome') as JobRunListQuery['outcome']) || undefined,
    days: Number(params.get('days') || 7),
    limit: 50,
  };
  const queues = useQuery(queueList());
  const runs = useInfiniteQuery(jobRunList(query));
  const items = itemsOf(runs.data);
  const [peeking, setPeeking] = useState<string | null>(null);
  const [redriving, setRedriving] = useState<JobRun | null>(null);

  return (
    <div className="page">
      <PageHeader title="Jobs" subtitle="Queues of every consumer, and the runs of consumers and schedules." />
      <h2 className="section-title">Queues</h2>
      {queues.isPending && <Spinner />}
      <ErrorBox error={queues.error as ApiError | undefined} onRetry={() => void queues.refetch()} />
      {queues.data && (
        <TableWrap label="Queues">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Consumer</th>
                <th scope="col" className="num">
                  Waiting
                </th>
                <th scope="col" className="num">
                  In flight
                </th>
                <th scope="col" className="num">
                  Dead letters
                </th>
                <th scope="col" className="table__actions">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {queues.data.items.map((q) => (
                <tr key={q.consumer}>
                  <th scope="row">{q.consumer}</th>
                  <td className="num">{q.waiting}</td>
                  <td className="num">{q.inFlight}</td>
                  <td className="num">
                    {q.deadLetters}
                    {q.oldestDeadLetterAgeSeconds !== undefined && <div className="muted small">oldest {Math.round(q.oldestDeadLetterAgeSeconds / 60)} min</div>}
                  </td>
                  <td className="table__actions">
                    <Button size="sm" variant="ghost" onClick={() => setPeeking(q.consumer)} aria-label={`Dead letters of ${q.consumer}`}>
                      Peek
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {peeking && <DeadLetterPanel key={peeking} consumer={peeking} onClose={() => setPeeking(null)} />}

      <h2 className="section-title">Runs</h2>
      <FilterForm names={['job', 'outcome', 'days']} setQuery={setQuery} label="Filter job runs">
        <FilterField name="job" label="Job" value={query.job ?? ''} placeholder="user-pages" />
        <FilterSelect name="outcome" label="Outcome" value={query.outcome ?? ''} options={OUTCOMES} />
        <FilterSelect name="days" label="When" value={String(query.days)} options={DAYS} />
      </FilterForm>
      {runs.isPending && <Spinner />}
      {runs.error && !items && <ErrorBox error={runs.error as ApiError} onRetry={() => void runs.refetch()} />}
      {items && items.length === 0 && <Empty title="No runs match" />}
      {items && items.length > 0 && (
        <TableWrap label="Job runs">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Started</th>
                <th scope="col">Counts</th>
                <th scope="col" className="table__actions">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {r.job} <Outcome outcome={r.outcome} />
                    <div className="muted small">
                      {r.kind} · {r.durationMs} ms
                    </div>
                    {r.error && <div className="small admin-error">{r.error}</div>}
                  </th>
                  <td>
                    <When at={r.startedAt} />
                  </td>
                  <td className="small">
                    {r.counts.succeeded}/{r.counts.received} ok{r.counts.failed ? `, ${r.counts.failed} failed` : ''}
                  </td>
                  <td className="table__actions">
                    {r.outcome !== 'succeeded' && !!r.failedMessages?.length && (
                      <Button size="sm" onClick={() => setRedriving(r)} disabled={!!r.redrivenAt} title={r.redrivenAt ? `Re-driven ${r.redrivenAt}` : undefined}>
                        {r.redrivenAt ? 'Re-driven' : 'Re-drive'}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <LoadMore query={runs} />
      <ConfirmDialog
        open={redriving !== null}
        title="Re-drive this run?"
        body={`Its ${redriving?.failedMessages?.length ?? 0} failed message(s) go back to the ${redriving?.job ?? ''} queue.`}
        confirmLabel="Re-drive"
        onClose={() => setRedriving(null)}
        onConfirm={async () => {
          const { redriven } = await api.admin.redriveRun(redriving!.id);
          toast(`${redriven} message(s) sent back.`);
          await client.invalidateQueries({ queryKey: adminKeys.all });
        }}
      />
    </div>
  );
}
