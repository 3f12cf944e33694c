import { useSyncExternalStore } from 'react';
import { Link } from 'react-router';
import { outbox } from '../../../api/offline.ts';
import { entryPath } from '../../../api/api.ts';
import { overLimit, underWay } from '../today/entry-draft.ts';
import type { Activity, Entry } from '../../../api/types.ts';
import { Button, Chip } from '../../../components/ui.tsx';
import { shortDate } from '../../../lib/dates.ts';
import { capitalize, num } from '../../../lib/format.ts';

/** Entries as a table (cards on a phone): each row links to its day and can be edited or deleted. */
export function EntriesTable({
  entries,
  activities,
  today,
  onDelete,
  onEdit,
}: {
  entries: readonly Entry[];
  activities: ReadonlyMap<string, Activity>;
  /** Today in the user's zone: its amounts short of their goal are in progress, not missed. */
  today: string;
  onDelete: (entry: Entry) => void;
  /** Opens the day's editor (entry-editor.tsx). */
  onEdit: (entry: Entry, activity: Activity) => void;
}) {
  // An edit or delete of a row kept in the outbox (offline) says so on that row.
  const { paths } = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot);
  const thisYear = today.slice(0, 4);
  return (
    <div className="card card--flush">
      <table className="table table--entries">
        <caption className="sr-only">Entries</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Activity</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col">Status</th>
            <th scope="col">Note</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const a = activities.get(e.activityId);
            return (
              <tr key={`${e.date}-${e.activityId}`}>
                <td data-label="Date">
                  <Link to={`/today?date=${e.date}`}>{shortDate(e.date, thisYear)}</Link>
                </td>
                <th scope="row" data-label="Activity">
                  {a ? <Link to={`/activities/${a.id}`}>{a.name}</Link> : <span className="muted">Deleted activity</span>}
                </th>
                <td className="num" data-label="Value">
                  {e.value === null ? '—' : `${num(e.value)}${a?.unit ? ` ${a.unit}` : ''}`}
                </td>
                <td data-label="Status">
                  {a && overLimit(a, e.value) !== null ? (
                    <Chip tone="missed">Over by {num(overLimit(a, e.value))}{a.unit ? ` ${a.unit}` : ''}</Chip>
                  ) : a && underWay({ activity: a, entry: e }, e.date === today) ? (
                    <Chip tone="open">In progress</Chip>
                  ) : (
                    <Chip tone={e.status}>{capitalize(e.status)}</Chip>
                  )}
                  {e.statusSource === 'finalized' && <span className="muted small"> (day closed)</span>}
                  {paths.has(entryPath(e.date, e.activityId)) && <span className="save-state save-state--queued small"> Waiting to sync</span>}
                </td>
                <td data-label="Note" className={`table__note${e.note ? '' : ' table__note--empty'}`}>
                  {e.note || <span className="muted">—</span>}
                </td>
                <td className="table__actions">
                  {a && (
                    <Button size="sm" variant="ghost" onClick={() => onEdit(e, a)} aria-label={`Edit the entry of ${a.name} on ${e.date}`}>
                      Edit
                    </Button>
                  )}
                  <Button
                    size="sm"
                    variant="ghost"
                    className="btn--text-danger"
                    onClick={() => onDelete(e)}
                    aria-label={`Delete the entry of ${a?.name ?? 'an activity'} on ${e.date}`}
                  >
                    Delete
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
