import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { MAX_EXPORT_BYTES } from '../../../../shared/listening/limits.ts';
import { apiRelativeUrl, asApiError, keyKeeper, newIdempotencyKey } from '../../api/client.ts';
import { loadError } from '../../api/query-error.ts';
import { Button, Chip, ErrorBox, Field, FormError, PageHeader, ProgressBar, Spinner, useToast, type Tone } from '../../components/ui.tsx';
import { num } from '../../lib/format.ts';
import { useTitle } from '../../lib/use-title.ts';
import { useSession } from '../account/session.tsx';
import { listeningApi, listeningKeys, type CreatedListeningImport, type ListeningImport } from './api.ts';
import { bundleFiles } from './bundle-files.ts';

/** How often a running import is read. */
const POLL_MS = 1000;

const STATUS: Record<ListeningImport['status'], { label: string; tone: Tone }> = {
  awaiting_upload: { label: 'Awaiting upload', tone: 'muted' },
  queued: { label: 'Queued', tone: 'info' },
  processing: { label: 'Importing', tone: 'info' },
  completed: { label: 'Completed', tone: 'done' },
  failed: { label: 'Failed', tone: 'missed' },
};

const FILE_STATUS: Record<ListeningImport['files'][number]['status'], { label: string; tone: Tone }> = {
  read: { label: 'Read', tone: 'done' },
  empty: { label: 'Empty', tone: 'muted' },
  'not-spotify': { label: 'Not listening history', tone: 'muted' },
  failed: { label: 'Broken', tone: 'warn' },
};

const FORMAT: Record<string, string> = {
  'extended-endsong': 'Extended history (endsong)',
  'extended-streaming': 'Extended history',
  'account-music': 'Account data: music',
  'account-podcast': 'Account data: podcasts',
  'account-audiobook': 'Account data: audiobooks',
  'api-recently-played': 'Recently played (API)',
};

/** A file's name without its folders, after the ZIP it came from when it was inside a ZIP of the upload. */
function shownName(path: string): string {
  const parts = path.split('/');
  const file = parts.pop() ?? path;
  const zip = parts.filter((p) => /\.zip$/i.test(p)).pop();
  return zip ? `${zip} › ${file}` : file;
}

const isRunning = (job: ListeningImport | undefined) => job !== undefined && (job.status === 'awaiting_upload' || job.status === 'queued' || job.status === 'processing');
const mb = (bytes: number) => `${num(bytes / 1024 / 1024)} MB`;

const importJob = (id: string) =>
  queryOptions({
    queryKey: listeningKeys.importJob(id),
    queryFn: ({ signal }) => listeningApi.imports.get(id, signal),
    refetchInterval: (query) => (isRunning(query.state.data) ? POLL_MS : false),
  });

/** Posts the file to the presigned form, reporting the share of bytes sent (fetch cannot tell upload progress). */
function upload(form: CreatedListeningImport['upload'], file: File, onProgress: (share: number) => void): Promise<void> {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  // The file goes last: S3 ignores fields after it.
  body.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiRelativeUrl(form.url));
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`The upload failed (${xhr.status}).`)));
    xhr.onerror = () => reject(new Error('The upload failed: the connection broke off.'));
    xhr.send(body);
  });
}

/** Import a Spotify privacy export: upload with progress, then the run's status, counts, files and errors. */
export function ImportPage() {
  const { when } = useSession();
  useTitle('Import Spotify history');
  const client = useQueryClient();
  const toast = useToast();
  const [picked, setPicked] = useState<File[]>([]);
  const [sent, setSent] = useState<number | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [keyFor] = useState(keyKeeper);
  const history = useQuery({ queryKey: listeningKeys.imports(), queryFn: ({ signal }) => listeningApi.imports.list(signal) });
  const job = useQuery({ ...importJob(jobId ?? ''), enabled: jobId !== null });

  const send = useMutation({
    mutationFn: async (files: File[]) => {
      // Several files go as one import: a ZIP of them, made here (bundle-files.ts).
      const f = files.length === 1 ? files[0]! : new File([await bundleFiles(files)], `spotify-files-${files.length}.zip`, { type: 'application/zip', lastModified: Math.max(...files.map((x) => x.lastModified)) });
      const body = { fileName: f.name, size: f.size };
      const created = await listeningApi.imports.create(body, keyFor({ ...body, modified: f.lastModified }));
      setSent(0);
      await upload(created.upload, f, setSent);
      return listeningApi.imports.start(created.import.id, newIdempotencyKey());
    },
    onSuccess: (started) => {
      client.setQueryData(listeningKeys.importJob(started.id), started);
      setJobId(started.id);
    },
    onSettled: () => setSent(null),
  });
  const retry = useMutation({
    mutationFn: (id: string) => listeningApi.imports.retry(id, newIdempotencyKey()),
    onSuccess: (queued) => {
      client.setQueryData(listeningKeys.importJob(queued.id), queued);
      announced.current = null;
      setJobId(queued.id);
    },
    onError: (error) => toast(asApiError(error).message, 'error'),
  });

  // A finished import changed the history: say so, and read the area again.
  const announced = useRef<string | null>(null);
  useEffect(() => {
    const done = job.data;
    if (!done || isRunning(done) || announced.current === done.id) return;
    announced.current = done.id;
    toast(done.status === 'completed' ? 'Import finished.' : 'Import failed.', done.status === 'completed' ? 'info' : 'error');
    void client.invalidateQueries({ queryKey: listeningKeys.all });
  }, [job.data, client, toast]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (picked.length === 0) return;
    setJobId(null);
    send.mutate(picked);
  };
  const pickedBytes = picked.reduce((sum, f) => sum + f.size, 0);
  const tooLarge = pickedBytes > MAX_EXPORT_BYTES;
  const running = send.isPending || isRunning(job.data);

  return (
    <div className="page">
      <PageHeader title="Import Spotify history" subtitle="Your privacy export: every play since you joined" actions={<Link to="/listening">Overview</Link>} />
      <section className="card" aria-labelledby="import-heading">
        <h2 id="import-heading" className="card__title">
          Upload your export
        </h2>
        <p className="muted">
          On Spotify, open Account → Privacy settings → <em>Download your data</em> and ask for the <strong>extended streaming history</strong> (it covers every year;
          account data covers one). Spotify emails a ZIP after a few days: upload it as it is (up to {mb(MAX_EXPORT_BYTES)}), or its{' '}
          <code>Streaming_History_Audio_…json</code> / <code>StreamingHistory_music_…json</code> files. Several files or ZIPs picked together (the account data and the
          extended history, say) are imported as one. Plays Mosaic already has — collected from Spotify or from an earlier
          import — are not counted twice. Mosaic keeps what was played, when and for how long, and on which kind of device; IP addresses, the country, the device model and the
          user name in the files are dropped as they are read.
        </p>
        <form className="form" onSubmit={submit} noValidate aria-label="Import a Spotify export">
          <FormError message={send.error ? asApiError(send.error).message : tooLarge ? `${picked.length > 1 ? 'The files together are' : 'The file is'} larger than ${mb(MAX_EXPORT_BYTES)}.` : undefined} />
          <Field label="Export (ZIP or JSON)" hint="One file, or several picked together">
            {(p) => <input {...p} type="file" multiple accept=".zip,.json,application/zip,application/json" onChange={(e) => setPicked(Array.from(e.target.files ?? []))} />}
          </Field>
          {sent !== null && <ProgressBar value={sent} label="Upload" showValue />}
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={running} disabled={picked.length === 0 || tooLarge || running}>
              {sent !== null ? 'Uploading…' : 'Import'}
            </Button>
          </div>
        </form>
      </section>
      {jobId !== null && job.isPending && <Spinner label="Starting the import…" />}
      {job.data && <ImportRun job={job.data} onRetry={() => retry.mutate(job.data.id)} retrying={retry.isPending} />}
      <section className="card" aria-labelledby="imports-heading">
        <h2 id="imports-heading" className="card__title">
          Earlier imports
        </h2>
        <ErrorBox error={loadError(history)} />
        {history.data?.items.length === 0 && <p className="muted">None yet.</p>}
        {history.data && history.data.items.length > 0 && (
          <ul className="limports">
            {history.data.items.map((i) => (
              <li key={i.id}>
                <button type="button" className="link-btn" onClick={() => setJobId(i.id)}>
                  {i.fileName}
                </button>{' '}
                <Chip tone={STATUS[i.status].tone}>{STATUS[i.status].label}</Chip> <span className="muted">{when(i.createdAt)} · {num(i.progress.plays)} plays</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** One import: status, counts so far (plays/s), its files and its error. */
function ImportRun({ job, onRetry, retrying }: { job: ListeningImport; onRetry: () => void; retrying: boolean }) {
  const p = job.progress;
  return (
    <section className="card" aria-labelledby="run-heading" aria-live="polite">
      <h2 id="run-heading" className="card__title">
        {job.fileName} <Chip tone={STATUS[job.status].tone}>{STATUS[job.status].label}</Chip>
      </h2>
      {isRunning(job) && (
        <>
          <ProgressBar value={job.percent / 100} label="Import" showValue />
          <Spinner label={`Importing… ${num(p.plays)} plays so far`} />
        </>
      )}
      <dl className="ldl">
        <dt>Plays read</dt>
        <dd>
          {num(p.plays)}
          {job.playsPerSecond !== undefined && <span className="muted"> · {num(job.playsPerSecond)} plays/s</span>}
        </dd>
        <dt>New</dt>
        <dd>{num(p.added)}</dd>
        <dt>Also in another source (merged)</dt>
        <dd>{num(p.merged)}</dd>
        <dt>Already imported before</dt>
        <dd>{num(p.duplicates)}</dd>
        <dt>By kind</dt>
        <dd>
          {num(p.kinds.track)} music · {num(p.kinds.episode)} podcast episodes · {num(p.kinds.audiobook)} audiobook chapters · {num(p.kinds.video)} videos
          {p.kinds.unknown > 0 && ` · ${num(p.kinds.unknown)} without details`}
        </dd>
        <dt>Short plays (under 30 s)</dt>
        <dd>{num(p.short)}</dd>
        <dt>Rejected records</dt>
        <dd>{num(p.rejected)}</dd>
      </dl>
      {job.error && (
        <div className="alert alert--error" role="alert">
          <p>{job.error.message}</p>
          {job.status === 'failed' && job.error.code !== 'not_spotify_export' && !job.error.code.startsWith('zip_') && (
            <Button onClick={onRetry} busy={retrying}>
              Retry
            </Button>
          )}
        </div>
      )}
      {job.files.length > 0 && (
        <div className="ltable-wrap">
          <table className="ltable">
            <caption>Files</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col">Format</th>
                <th scope="col">Plays</th>
                <th scope="col">Rejected</th>
              </tr>
            </thead>
            <tbody>
              {job.files.map((f) => (
                <tr key={f.index}>
                  <td className="ltable__file">
                    {shownName(f.name)}
                    {/* Why a file was not read, or broke off: visible, not only as a tooltip. */}
                    {f.message && <span className="ltable__why">{f.message}</span>}
                  </td>
                  <td>
                    <Chip tone={FILE_STATUS[f.status].tone} title={f.message}>
                      {FILE_STATUS[f.status].label}
                    </Chip>
                  </td>
                  <td>{f.format ? FORMAT[f.format] : '—'}</td>
                  <td>{num(f.plays)}</td>
                  <td title={f.examples.map((e) => `record ${e.record}: ${e.message}`).join('\n')}>{num(f.rejected)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
