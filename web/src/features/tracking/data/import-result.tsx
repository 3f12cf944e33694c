import type { ImportJobView } from '../../../api/types.ts';
import { Chip } from '../../../components/ui.tsx';
import { capitalize, num } from '../../../lib/format.ts';
import { STATUS_TONE } from './import-format.ts';

/** One import as it runs: its status, rows read, then its summary with rejections and warnings. */
export function ImportResult({ job }: { job: ImportJobView }) {
  const s = job.summary;
  // An Apple Health export brings wearable records (counted by reason), not entries by row.
  const health = job.format === 'apple_health';
  const line = (row: number, file?: string) => (health || row === 0 ? (file ? `${file}: ` : '') : `${file ? `${file}, ` : ''}row ${row}: `);
  return (
    <div className="import-result" role="status" aria-live="polite">
      <p>
        <strong>{job.fileName}</strong> <Chip tone={STATUS_TONE[job.status]}>{capitalize(job.status.replace('_', ' '))}</Chip>{' '}
        {(job.status === 'queued' || job.status === 'processing') && (
          <span className="muted">
            {num(job.rowsRead)} {health ? 'records' : 'rows'} read, {num(job.rowsApplied)} {health ? 'records' : 'entries'} written…
          </span>
        )}
      </p>
      {job.error && (
        <div className="alert alert--error">
          {/* The code stays at hand for support (a tooltip), out of the sentence a user reads. */}
          <span title={job.error.code}>{job.error.message}</span>
        </div>
      )}
      {s && (
        <>
          <dl className="kv kv--inline">
            <div>
              <dt>{health ? 'New records' : 'New entries'}</dt>
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
            {!health && (
              <div>
                <dt>Activities created</dt>
                <dd>{s.activitiesCreated}</dd>
              </div>
            )}
          </dl>
          {s.rejections.length > 0 && (
            <details className="details">
              <summary>
                Rejected {health ? 'records' : 'rows'} ({s.rejected})
              </summary>
              <ul className="rejections">
                {s.rejections.map((r, i) => (
                  <li key={i}>
                    {line(r.row, r.file)}
                    {r.reason}
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
                    {line(w.row, w.file)}
                    {w.message}
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
