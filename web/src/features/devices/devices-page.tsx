import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/api.ts';
import { asApiError, keyKeeper, newIdempotencyKey } from '../../api/client.ts';
import { LIMITS } from '../../api/limits.ts';
import { loadError } from '../../api/query-error.ts';
import { ROUTES } from '../../api/routes.gen.ts';
import type { MappingRule, RuleInput, WearableSourceView } from '../../api/types.ts';
import { Button, Chip, ConfirmDialog, Empty, ErrorBox, Field, FormError, PageHeader, ProgressBar, Spinner, useToast } from '../../components/ui.tsx';
import { dateTime } from '../../lib/dates.ts';
import { counted, num } from '../../lib/format.ts';
import { useTitle } from '../../lib/use-title.ts';
import { AGGREGATIONS, METRICS, ruleUnits, WEARABLE_METRICS, type Aggregation, type WearableMetric } from '../../../../shared/wearables/model.ts';
import { useSession } from '../account/session.tsx';
import { bytesLabel, isRunning } from '../tracking/data/import-format.ts';
import { ImportResult } from '../tracking/data/import-result.tsx';
import { sendFile } from '../tracking/data/import-section.tsx';
import { useImportRun } from '../tracking/data/use-import-run.ts';
import { trackingChanged, trackingQueries } from '../tracking/queries.ts';
import { deviceKeys, deviceQueries } from './queries.ts';

/** Where a device app sends its batches (said on the empty page). */
const INGEST = ROUTES['ingest-wearable-batch'];

const SOURCE_NAMES: Record<WearableSourceView['source'], string> = {
  apple_health: 'Apple Health',
  google_fit: 'Google Fit',
  fitbit: 'Fitbit',
  garmin: 'Garmin',
  generic: 'Other device',
};

const METRIC_NAMES: Record<WearableMetric, string> = {
  steps: 'Steps',
  distance: 'Distance',
  active_energy: 'Active energy',
  sleep: 'Sleep',
  heart_rate: 'Heart rate',
  workout: 'Workouts',
};

const AGGREGATION_NAMES: Record<Aggregation, string> = {
  sum: 'Sum of the day',
  max: 'Highest of the day',
  last: 'Last of the day',
  duration: 'Time covered',
};

/** `/devices`: where wearable data comes from, how it becomes entries, and the Apple Health import. */
export function DevicesPage() {
  useTitle('Devices');
  return (
    <div className="page page--narrow">
      <PageHeader title="Devices" subtitle="Activity data from your watch and phone: where it comes from, and which activities it fills in." />
      <SourcesSection />
      <HealthImportSection />
      <RulesSection />
    </div>
  );
}

function SourcesSection() {
  const { user } = useSession();
  const overview = useQuery(deviceQueries.sources());
  return (
    <section className="card" aria-labelledby="sources-heading">
      <h2 id="sources-heading" className="card__title">
        Connected sources
      </h2>
      <ErrorBox error={loadError(overview)} onRetry={() => void overview.refetch()} />
      {overview.isPending && <Spinner />}
      {overview.data && overview.data.sources.length === 0 && (
        <Empty title="No data yet">
          Import your Apple Health export below, or connect a device app that sends Mosaic its readings (it posts them to{' '}
          <code>
            {INGEST.method} {window.location.origin}
            {INGEST.path}
          </code>
          , signed in with your account).
        </Empty>
      )}
      {overview.data && overview.data.sources.length > 0 && (
        <table className="table" aria-label="Sources">
          <thead>
            <tr>
              <th>Source</th>
              <th>Last sync</th>
              <th className="num">Records</th>
              <th className="num">Batches</th>
            </tr>
          </thead>
          <tbody>
            {overview.data.sources.map((s) => (
              <tr key={s.source}>
                <td>{SOURCE_NAMES[s.source]}</td>
                <td>{dateTime(s.lastBatchAt, user.timezone)}</td>
                <td className="num">{num(s.records)}</td>
                <td className="num">{num(s.batches)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {overview.data && overview.data.batches.length > 0 && (
        <details className="details">
          <summary>Latest batches ({overview.data.batches.length})</summary>
          <ul className="import-list">
            {overview.data.batches.map((b) => (
              <li key={b.batchId}>
                <span className="import-list__name">
                  {SOURCE_NAMES[b.source]} {b.via === 'import' && <Chip tone="info">Import</Chip>}
                </span>
                <span className="muted small">{dateTime(b.at, user.timezone)}</span>
                <span className="small">
                  {num(b.received)} received · {num(b.accepted)} new · {num(b.duplicates)} already there · {num(b.rejected)} rejected
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** How far a running import got: from the live `import.progress` events, else the job's own counts. */
function HealthProgress({ importId, rowsRead, rowsApplied }: { importId: string; rowsRead: number; rowsApplied: number }) {
  const live = useQuery(deviceQueries.progress(importId)).data;
  const applied = Math.max(live?.rowsApplied ?? 0, rowsApplied);
  if (live?.phase === 'checking' || (!live && applied === 0)) {
    return (
      <div className="stack-sm" role="status" aria-live="polite">
        <ProgressBar value={0} label="Checking the export" />
        <p className="muted small">Checking export.xml before anything is stored… {num(Math.max(live?.rowsRead ?? 0, rowsRead))} records read.</p>
      </div>
    );
  }
  const total = live?.total;
  return (
    <div className="stack-sm" role="status" aria-live="polite">
      <ProgressBar value={total ? applied / total : 0} label="Import progress" showValue={total !== undefined} />
      <p className="muted small">
        {num(applied)}
        {total !== undefined ? ` of ${num(total)}` : ''} records stored…
      </p>
    </div>
  );
}

function HealthImportSection() {
  const toast = useToast();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [keyFor] = useState(keyKeeper);
  const { job, send } = useImportRun(
    (f: File) => sendFile(f, 'apple_health', keyFor),
    (done) => {
      toast(done.status === 'completed' ? 'Apple Health import finished.' : 'Apple Health import failed.', done.status === 'completed' ? 'info' : 'error');
      void client.invalidateQueries({ queryKey: deviceKeys.all });
      trackingChanged(client);
    },
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) send.mutate(file);
  };
  const tooBig = file !== null && file.size > LIMITS.imports.healthExportBytes;
  const running = isRunning(job.data);
  return (
    <section className="card" aria-labelledby="health-heading">
      <h2 id="health-heading" className="card__title">
        Apple Health import
      </h2>
      <p className="muted">
        In the Health app on your iPhone, tap your picture, then <em>Export All Health Data</em>, and upload the <code>export.zip</code> it makes (up to{' '}
        {bytesLabel(LIMITS.imports.healthExportBytes)}). Steps, distance, active energy, heart rate, sleep and workouts are kept; device names and serial
        numbers are not, and the file is deleted once read. Importing the same export again changes nothing.
      </p>
      <form className="form" onSubmit={submit} noValidate aria-label="Import an Apple Health export">
        <FormError message={send.error ? asApiError(send.error).message : tooBig ? `This file is larger than ${bytesLabel(LIMITS.imports.healthExportBytes)}.` : undefined} />
        <div className="form-row">
          <Field label="export.zip">{(p) => <input {...p} type="file" accept=".zip,application/zip" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}</Field>
        </div>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={send.isPending || running} disabled={!file || tooBig}>
            Import
          </Button>
          {file && <span className="muted small">{bytesLabel(file.size)}</span>}
        </div>
      </form>
      {send.isPending && <p className="muted small">Uploading…</p>}
      {job.data && running && job.data.status !== 'awaiting_upload' && (
        <HealthProgress importId={job.data.id} rowsRead={job.data.rowsRead} rowsApplied={job.data.rowsApplied} />
      )}
      {job.data && !running && <ImportResult job={job.data} />}
    </section>
  );
}

function RulePreviewRow({ rule }: { rule: MappingRule }) {
  const preview = useQuery(deviceQueries.preview(rule.id));
  if (preview.isPending) return <Spinner label="Reading the last 7 days…" />;
  if (!preview.data) return null;
  return (
    <ol className="rule-preview" aria-label="Last 7 days">
      {preview.data.days.map((d) => (
        <li key={d.date} title={counted(d.records, 'record')}>
          <span className="muted small">{d.date.slice(5)}</span>
          <strong>{d.value === null ? '—' : num(d.value)}</strong>
        </li>
      ))}
    </ol>
  );
}

function RulesSection() {
  const client = useQueryClient();
  const toast = useToast();
  const rules = useQuery(deviceQueries.rules());
  const activities = useQuery(trackingQueries.activityIndex());
  const [deleting, setDeleting] = useState<MappingRule | null>(null);
  const [metric, setMetric] = useState<WearableMetric>('steps');
  const [aggregation, setAggregation] = useState<Aggregation>('sum');
  const [unit, setUnit] = useState<string>(METRICS.steps.unit);
  const [activityId, setActivityId] = useState('');
  const [overwriteManual, setOverwriteManual] = useState(false);
  const units = Object.keys(ruleUnits(metric, aggregation));
  const names = new Map((activities.data ?? []).map((a) => [a.id, a.name]));

  const create = useMutation({
    mutationFn: (body: RuleInput) => api.wearables.createRule(body, newIdempotencyKey()),
    onSuccess: () => {
      toast('Rule added: the days of your records are filled in as they arrive.', 'info');
      void client.invalidateQueries({ queryKey: deviceKeys.rules() });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.wearables.removeRule(id),
    onSuccess: () => void client.invalidateQueries({ queryKey: deviceKeys.rules() }),
  });
  const pick = (m: WearableMetric, a: Aggregation) => {
    setMetric(m);
    setAggregation(a);
    const allowed = Object.keys(ruleUnits(m, a));
    if (!allowed.includes(unit)) setUnit(a === 'duration' ? 'min' : METRICS[m].unit);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (activityId) create.mutate({ metric, activityId, aggregation, unit, overwriteManual });
  };

  return (
    <section className="card" aria-labelledby="rules-heading">
      <h2 id="rules-heading" className="card__title">
        Mapping rules
      </h2>
      <p className="muted">A rule fills in an activity from your records, one value per day (“Walk” from steps, “Sleep 7 h” from sleep). Your own entries are kept unless you say otherwise.</p>
      <ErrorBox error={loadError(rules)} onRetry={() => void rules.refetch()} />
      {rules.isPending && <Spinner />}
      {rules.data && rules.data.items.length === 0 && <p className="muted">No rules yet.</p>}
      {rules.data && rules.data.items.length > 0 && (
        <ul className="rule-list" aria-label="Rules">
          {rules.data.items.map((r) => (
            <li key={r.id} className="rule">
              <div className="rule__head">
                <span>
                  <strong>{names.get(r.activityId) ?? 'A deleted activity'}</strong> ← {METRIC_NAMES[r.metric]}, {AGGREGATION_NAMES[r.aggregation].toLowerCase()} in {r.unit}
                  {r.overwriteManual && <Chip tone="warn">Replaces your entries</Chip>}
                </span>
                <Button size="sm" onClick={() => setDeleting(r)}>
                  Delete
                </Button>
              </div>
              <RulePreviewRow rule={r} />
            </li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={submit} noValidate aria-label="Add a rule">
        <FormError message={create.error ? asApiError(create.error).message : undefined} />
        <div className="form-row">
          <Field label="Metric">
            {(p) => (
              <select {...p} value={metric} onChange={(e) => pick(e.target.value as WearableMetric, aggregation)}>
                {WEARABLE_METRICS.map((m) => (
                  <option key={m} value={m}>
                    {METRIC_NAMES[m]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Per day">
            {(p) => (
              <select {...p} value={aggregation} onChange={(e) => pick(metric, e.target.value as Aggregation)}>
                {AGGREGATIONS.map((a) => (
                  <option key={a} value={a}>
                    {AGGREGATION_NAMES[a]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Unit">
            {(p) => (
              <select {...p} value={unit} onChange={(e) => setUnit(e.target.value)}>
                {units.map((u) => (
                  <option key={u} value={u}>
                    {u}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Activity">
            {(p) => (
              <select {...p} value={activityId} onChange={(e) => setActivityId(e.target.value)}>
                <option value="">Choose…</option>
                {(activities.data ?? []).map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <label className="check">
          <input type="checkbox" checked={overwriteManual} onChange={(e) => setOverwriteManual(e.target.checked)} /> Replace the entries I logged myself
        </label>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={create.isPending} disabled={!activityId}>
            Add rule
          </Button>
        </div>
      </form>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this rule?"
        body="The entries it wrote stay."
        confirmLabel="Delete"
        danger
        onConfirm={async () => {
          if (deleting) await remove.mutateAsync(deleting.id);
        }}
        onClose={() => setDeleting(null)}
      />
    </section>
  );
}
