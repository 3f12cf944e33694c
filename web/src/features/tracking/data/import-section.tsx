import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { IMPORT_FAILED } from '../../../../../shared/imports/job.ts';
import { api } from '../../../api/api.ts';
import { apiRelativeUrl, asApiError, keyKeeper, newIdempotencyKey } from '../../../api/client.ts';
import { LIMITS } from '../../../api/limits.ts';
import { loadError } from '../../../api/query-error.ts';
import type { ImportFormat, ImportJobView } from '../../../api/types.ts';
import { Button, Chip, ErrorBox, Field, FormError, Spinner, useToast } from '../../../components/ui.tsx';
import { dateTime } from '../../../lib/dates.ts';
import { capitalize } from '../../../lib/format.ts';
import { useSession } from '../../account/session.tsx';
import { trackingChanged, trackingKeys, trackingQueries } from '../queries.ts';
import { base64, bytesLabel, FORMATS, formatOf, isRunning, STATUS_TONE } from './import-format.ts';
import { ImportResult } from './import-result.tsx';
import { useImportRun } from './use-import-run.ts';

/**
 * Sends a file: small ones inline (base64 in the JSON body), larger ones through the presigned
 * upload form (its policy takes at most the declared size), then `start`.
 */
export async function sendFile(file: File, format: ImportFormat, keyFor: (body: unknown) => string, allHabits = false): Promise<ImportJobView> {
  // Loop exports list every habit; only those with check-marks are imported unless asked.
  const extra = format === 'loop' && allHabits ? { allHabits: true } : {};
  if (file.size <= LIMITS.imports.inlineBytes) {
    const content = base64(new Uint8Array(await file.arrayBuffer()));
    const key = keyFor({ format, name: file.name, size: file.size, modified: file.lastModified, ...extra });
    return (await api.imports.create({ format, fileName: file.name, content, encoding: 'base64', ...extra }, key)).import;
  }
  const body = { format, fileName: file.name, size: file.size, ...extra };
  const answer = await api.imports.create(body, keyFor(body));
  if (!answer.upload) throw new Error('The API gave no upload address.');
  const form = new FormData();
  for (const [name, value] of Object.entries(answer.upload.fields)) form.append(name, value);
  // The file goes last: S3 ignores fields after it.
  form.append('file', file, file.name);
  const upload = await fetch(apiRelativeUrl(answer.upload.url), { method: 'POST', body: form });
  if (!upload.ok) throw new Error(`The upload failed (${upload.status}).`);
  return api.imports.start(answer.import.id, newIdempotencyKey());
}

export function ImportSection() {
  const { user } = useSession();
  const toast = useToast();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [allHabits, setAllHabits] = useState(false);
  const [keyFor] = useState(keyKeeper);
  const history = useQuery(trackingQueries.imports());
  // A finished import changed entries (and maybe activities): say so, and read the area again.
  const { job, send, follow, clear } = useImportRun(
    (args: { file: File; format: ImportFormat }) => sendFile(args.file, args.format, keyFor, allHabits),
    (done) => {
      toast(done.status === 'completed' ? 'Import finished.' : 'Import failed.', done.status === 'completed' ? 'info' : 'error');
      trackingChanged(client);
    },
  );

  // A failed import is queued again; it carries on from where it stopped.
  const retry = useMutation({
    mutationFn: (id: string) => api.imports.retry(id, newIdempotencyKey()),
    onSuccess: (queued) => {
      follow(queued);
      void client.invalidateQueries({ queryKey: trackingKeys.imports() });
    },
    onError: (error) => toast(asApiError(error).message, 'error'),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    clear();
    send.mutate({ file, format });
  };

  const running = isRunning(job.data);
  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading" className="card__title">
        Import
      </h2>
      <p className="muted">
        Mosaic CSV or JSON (as exported here), or a Loop Habit Tracker export (Settings → Export as CSV, a ZIP), up to {bytesLabel(LIMITS.imports.maxBytes)}.
        Activities are matched by name; new ones are created. Importing the same file twice changes nothing.
      </p>
      <form className="form" onSubmit={submit} noValidate aria-label="Import a file">
        <FormError message={send.error ? asApiError(send.error).message : undefined} />
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
                {/* Apple Health exports go through the Devices page: they become wearable records, not entries. */}
                {(Object.entries(FORMATS) as Array<[ImportFormat, string]>).filter(([value]) => value !== 'apple_health').map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {format === 'loop' && (
          <label className="check">
            <input type="checkbox" checked={allHabits} onChange={(e) => setAllHabits(e.target.checked)} /> All habits, also those without
            check-marks in this export
          </label>
        )}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={send.isPending || running} disabled={!file}>
            Import
          </Button>
          {file && <span className="muted small">{bytesLabel(file.size)}</span>}
        </div>
      </form>
      {job.data && <ImportResult job={job.data} />}

      <h3 className="section-title">Recent imports</h3>
      <ErrorBox error={loadError(history)} onRetry={() => void history.refetch()} />
      {history.isPending && <Spinner />}
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
              {/* Only a run that failed along the way may go better again; a problem of the file would not. */}
              {j.status === 'failed' && j.error?.code === IMPORT_FAILED && (
                <Button size="sm" busy={retry.isPending && retry.variables === j.id} onClick={() => retry.mutate(j.id)}>
                  Retry
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
