import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/api.ts';
import { ApiError, asApiError, keyKeeper, newIdempotencyKey } from '../api/client.ts';
import type { ExportResult, ImportFormat, ImportJobView } from '../api/types.ts';
import { Button, Chip, ErrorBox, Field, FormError, PageHeader, Spinner, useToast, type Tone } from '../components/ui.tsx';
import { dateTime } from '../lib/dates.ts';
import { capitalize, num } from '../lib/format.ts';
import { useResource, useTitle } from '../lib/hooks.ts';
import { useSession } from '../session.tsx';

/** Files up to this size go inline (base64 in the JSON body); larger ones to a presigned upload URL. */
const INLINE_LIMIT = 1024 * 1024;

const FORMATS: Array<{ value: ImportFormat; label: string; accept: string }> = [
  { value: 'csv', label: 'Mosaic CSV', accept: '.csv' },
  { value: 'json', label: 'Mosaic JSON', accept: '.json' },
  { value: 'loop', label: 'Loop Habit Tracker (ZIP)', accept: '.zip' },
];

const STATUS_TONE: Record<ImportJobView['status'], Tone> = {
  awaiting_upload: 'muted',
  queued: 'info',
  processing: 'info',
  completed: 'done',
  failed: 'missed',
};

function formatOf(fileName: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.zip')) return 'loop';
  return null;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const bytesLabel = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${num(n / 1024)} KB` : `${num(n / 1024 / 1024)} MB`);

export function DataPage() {
  useTitle('Import & export');
  return (
    <div className="page page--narrow">
      <PageHeader title="Import & export" subtitle="Bring your history in from a file, or take all of it with you." />
      <ImportSection />
      <ExportSection />
    </div>
  );
}

function ImportSection() {
  const { user } = useSession();
  const toast = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [job, setJob] = useState<ImportJobView | null>(null);
  const history = useResource((signal) => api.imports.list({ limit: 10 }, signal), []);
  const keys = useRef(keyKeeper());
  const polling = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(polling.current), []);

  const poll = (id: string, started = Date.now()) => {
    polling.current = window.setTimeout(async () => {
      try {
        const current = await api.imports.get(id);
        setJob(current);
        if (current.status === 'completed' || current.status === 'failed') {
          history.reload();
          toast(current.status === 'completed' ? 'Import finished.' : 'Import failed.', current.status === 'completed' ? 'info' : 'error');
          return;
        }
      } catch {
        // keep polling: a blip should not lose the job
      }
      if (Date.now() - started < 10 * 60_000) poll(id, started);
    }, 1000);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setError(new ApiError(400, 'validation_failed', 'Choose a file first.'));
      return;
    }
    setBusy(true);
    setError(null);
    setJob(null);
    try {
      let created: ImportJobView;
      if (file.size <= INLINE_LIMIT) {
        const content = base64(new Uint8Array(await file.arrayBuffer()));
        const body = { format, fileName: file.name, content, encoding: 'base64' as const };
        created = (await api.imports.create(body, keys.current({ format, name: file.name, size: file.size, modified: file.lastModified }))).import;
      } else {
        const body = { format, fileName: file.name, size: file.size };
        const answer = await api.imports.create(body, keys.current(body));
        if (!answer.upload) throw new Error('The API gave no upload address.');
        const put = await fetch(answer.upload.url, { method: 'PUT', headers: answer.upload.headers, body: file });
        if (!put.ok) throw new Error(`The upload failed (${put.status}).`);
        created = await api.imports.start(answer.import.id, newIdempotencyKey());
      }
      setJob(created);
      poll(created.id);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const running = job && (job.status === 'queued' || job.status === 'processing' || job.status === 'awaiting_upload');
  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading" className="card__title">
        Import
      </h2>
      <p className="muted">
        Mosaic CSV or JSON (as exported here), or a Loop Habit Tracker export (Settings → Export as CSV, a ZIP). Activities are matched by name; new ones are created. Importing the same
        file twice changes nothing.
      </p>
      <form className="form" onSubmit={submit} noValidate aria-label="Import a file">
        <FormError message={error?.message} />
        <div className="form-row">
          <Field label="File">
            {(p) => (
              <input
                {...p}
                type="file"
                accept=".csv,.json,.zip"
                onChange={(e) => {
                  const f = e.target.files?.[0] ?? null;
                  setFile(f);
                  const guessed = f && formatOf(f.name);
                  if (guessed) setFormat(guessed);
                }}
              />
            )}
          </Field>
          <Field label="Format">
            {(p) => (
              <select {...p} value={format} onChange={(e) => setFormat(e.target.value as ImportFormat)}>
                {FORMATS.map((f) => (
                  <option key={f.value} value={f.value}>
                    {f.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy || !!running} disabled={!file}>
            Import
          </Button>
          {file && <span className="muted small">{bytesLabel(file.size)}</span>}
        </div>
      </form>
      {job && <ImportResult job={job} />}

      <h3 className="section-title">Recent imports</h3>
      <ErrorBox error={history.error} onRetry={history.reload} />
      {!history.data && !history.error && <Spinner />}
      {history.data && history.data.items.length === 0 && <p className="muted">None yet.</p>}
      {history.data && history.data.items.length > 0 && (
        <ul className="import-list">
          {history.data.items.map((j) => (
            <li key={j.id}>
              <span className="import-list__name">{j.fileName}</span>
              <Chip tone={STATUS_TONE[j.status]}>{capitalize(j.status.replace('_', ' '))}</Chip>
              <span className="muted small">{dateTime(j.createdAt, user.timezone)}</span>
              {j.summary && (
                <span className="small">
                  {j.summary.imported} new · {j.summary.updated} updated · {j.summary.rejected} rejected
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ImportResult({ job }: { job: ImportJobView }) {
  const s = job.summary;
  return (
    <div className="import-result" role="status" aria-live="polite">
      <p>
        <strong>{job.fileName}</strong> <Chip tone={STATUS_TONE[job.status]}>{capitalize(job.status.replace('_', ' '))}</Chip>{' '}
        {(job.status === 'queued' || job.status === 'processing') && <span className="muted">{num(job.rowsRead)} rows read…</span>}
      </p>
      {job.error && (
        <div className="alert alert--error">
          {job.error.message} <span className="muted small">({job.error.code})</span>
        </div>
      )}
      {s && (
        <>
          <dl className="kv kv--inline">
            <div>
              <dt>New entries</dt>
              <dd>{s.imported}</dd>
            </div>
            <div>
              <dt>Updated</dt>
              <dd>{s.updated}</dd>
            </div>
            <div>
              <dt>Unchanged</dt>
              <dd>{s.unchanged}</dd>
            </div>
            <div>
              <dt>Rejected</dt>
              <dd>{s.rejected}</dd>
            </div>
            <div>
              <dt>Activities created</dt>
              <dd>{s.activitiesCreated}</dd>
            </div>
          </dl>
          {s.rejections.length > 0 && (
            <details className="details">
              <summary>Rejected rows ({s.rejected})</summary>
              <ul className="rejections">
                {s.rejections.map((r, i) => (
                  <li key={i}>
                    {r.file ? `${r.file}, ` : ''}row {r.row}: {r.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {s.warnings.length > 0 && (
            <details className="details">
              <summary>Warnings ({s.warnings.length})</summary>
              <ul className="rejections">
                {s.warnings.map((w, i) => (
                  <li key={i}>
                    {w.file ? `${w.file}, ` : ''}row {w.row}: {w.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </div>
  );
}

function ExportSection() {
  const [busy, setBusy] = useState<'csv' | 'json' | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const run = async (format: 'csv' | 'json') => {
    setBusy(format);
    setError(null);
    setResult(null);
    try {
      setResult(await api.exports.create(format, newIdempotencyKey()));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading" className="card__title">
        Export
      </h2>
      <p className="muted">Every activity and entry. JSON keeps everything (settings, pauses, start dates) and imports back exactly; CSV opens in a spreadsheet.</p>
      <div className="form-actions">
        <Button variant="primary" busy={busy === 'csv'} disabled={busy !== null} onClick={() => void run('csv')}>
          Export CSV
        </Button>
        <Button busy={busy === 'json'} disabled={busy !== null} onClick={() => void run('json')}>
          Export JSON
        </Button>
      </div>
      <ErrorBox error={error ?? undefined} />
      {result && (
        <div className="alert alert--info" role="status">
          <span>
            Ready: {result.activities} activities, {result.entries} entries ({bytesLabel(result.bytes)}).{' '}
            <a href={result.url} download={result.fileName}>
              Download {result.fileName}
            </a>{' '}
            <span className="muted small">(link valid until {dateTime(result.expiresAt)})</span>
          </span>
        </div>
      )}
    </section>
  );
}
