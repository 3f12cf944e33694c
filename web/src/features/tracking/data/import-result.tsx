import type { ImportJobView } from '../../../api/types.ts';
import { Chip } from '../../../components/ui.tsx';
import { capitalize, num } from '../../../lib/format.ts';
import { STATUS_TONE } from './import-format.ts';

/** One import as it runs: its status, rows read, then its summary with rejections and warnings. */
export function ImportResult({ job }: { job: ImportJobView }) {
  const s = job.summary;
  return (
    <div className="import-result" role="status" aria-live="polite">
      <p>
        <strong>{job.fileName}</strong> <Chip tone={STATUS_TONE[job.status]}>{capitalize(job.status.replace('_', ' '))}</Chip>{' '}
        {(job.status === 'queued' || job.status === 'processing') && (
          <span className="muted">
            {num(job.rowsRead)} rows read, {num(job.rowsApplied)} entries written…
          </span>
        )}
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
