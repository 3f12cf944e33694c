import { useMutation } from '@tanstack/react-query';
import { api } from '../../../api/api.ts';
import { apiRelativeUrl, asApiError, newIdempotencyKey } from '../../../api/client.ts';
import type { ExportFormat } from '../../../api/types.ts';
import { Button, ErrorBox } from '../../../components/ui.tsx';
import { dateTime } from '../../../lib/dates.ts';
import { bytesLabel } from './import-format.ts';

/** Export everything as CSV or JSON: the API writes the file and answers a short-lived download link. */
export function ExportSection() {
  const exporting = useMutation({ mutationFn: (format: ExportFormat) => api.exports.create(format, newIdempotencyKey()) });
  const busy = exporting.isPending ? exporting.variables : null;
  const result = exporting.data;
  const run = (format: ExportFormat) => exporting.mutate(format);

  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading" className="card__title">
        Export
      </h2>
      <p className="muted">Every activity and entry. JSON keeps everything (settings, pauses, start dates) and imports back exactly; CSV opens in a spreadsheet.</p>
      <div className="form-actions">
        <Button variant="primary" busy={busy === 'csv'} disabled={busy !== null} onClick={() => run('csv')}>
          Export CSV
        </Button>
        <Button busy={busy === 'json'} disabled={busy !== null} onClick={() => run('json')}>
          Export JSON
        </Button>
      </div>
      <ErrorBox error={exporting.error ? asApiError(exporting.error) : undefined} />
      {result && (
        <div className="alert alert--info" role="status">
          <span>
            Ready: {result.activities} activities, {result.entries} entries ({bytesLabel(result.bytes)}).{' '}
            <a href={apiRelativeUrl(result.url)} download={result.fileName}>
              Download {result.fileName}
            </a>{' '}
            <span className="muted small">(link valid until {dateTime(result.expiresAt)})</span>
          </span>
        </div>
      )}
    </section>
  );
}
