import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, useSyncExternalStore } from 'react';
import { Link } from 'react-router';
import { outbox } from '../../../api/offline.ts';
import { categoryHeading, groupByCategory } from '../../../api/appearance.ts';
import { ActivityBadge } from '../activities/activity-badge.tsx';
import type { TodayItem } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { Empty, ErrorBox, PageHeader, Spinner, useToast } from '../../../components/ui.tsx';
import { dayMonth, isoWeekday } from '../../../lib/dates.ts';
import { useTitle } from '../../../lib/use-title.ts';
import { useSession } from '../../account/session.tsx';
import { entryPath } from '../../../api/api.ts';
import { afterEntryWrite, queuedEntries, writeEntryVia } from '../entry-outbox.ts';
import { trackingKeys, trackingQueries } from '../queries.ts';
import { cellFace, cellOf, gridDates, nextTap, queuedCell, type CellState } from './grid-cell.ts';

/** Days the grid shows, today last. */
export const GRID_DAYS = 7;
const WEEKDAY_LETTERS = ['M', 'T', 'W', 'T', 'F', 'S', 'S'];

/**
 * The last 7 days × the activities (Loop's main screen): one tap on a cell logs that day — done,
 * then skipped, then cleared (a limit: slipped, skipped, cleared) — to back-fill a week quickly.
 * Each day's column comes from `GET /v1/today?date=`, so a cell says what Today and the stats say.
 */
export function GridPage() {
  useTitle('Week grid');
  const session = useSession();
  const today = session.today();
  const dates = gridDates(today, GRID_DAYS);
  const days = useQueries({ queries: dates.map((d) => trackingQueries.today(d)) });
  const client = useQueryClient();
  const toast = useToast();
  const [saving, setSaving] = useState<Set<string>>(new Set());
  // Writes waiting in the outbox (also from an earlier visit): their cells show what was saved.
  const { paths } = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot);
  const queued = useMemo(() => (paths.size ? queuedEntries(outbox.items()) : new Map<string, null>()), [paths]);

  const latest = days[days.length - 1]?.data;
  const error = days.find((d) => d.error)?.error ?? undefined;
  const byDay = dates.map((_, i) => new Map((days[i]?.data?.items ?? []).map((item) => [item.activity.id, item])));
  const rows = latest?.items ?? [];
  const waitingHere = rows.reduce((n, r) => n + dates.filter((d) => queued.has(entryPath(d, r.activity.id))).length, 0);

  /** A cell's state: what waits in the outbox for it, else what the server says. */
  function cellState(activityId: string, date: string, cell: TodayItem | undefined): CellState & { waiting: boolean } {
    const path = entryPath(date, activityId);
    if (queued.has(path)) return { ...queuedCell(queued.get(path) ?? null), waiting: true };
    return { ...cellOf(cell, date === today), waiting: false };
  }

  async function tap(item: TodayItem, date: string, current: CellState) {
    const key = `${item.activity.id}/${date}`;
    if (saving.has(key)) return;
    setSaving((s) => new Set(s).add(key));
    const body = nextTap(item.activity.direction, current.status);
    try {
      // Through the outbox: with the server out of reach the tap is kept and sent later.
      const written = await writeEntryVia(outbox, date, item.activity.id, body);
      await afterEntryWrite(client, written, { readNow: [trackingKeys.today(date)] });
    } catch (e) {
      toast(`Not saved: ${(e as Error).message}`, 'error');
    } finally {
      setSaving((s) => {
        const next = new Set(s);
        next.delete(key);
        return next;
      });
    }
  }

  return (
    <div className="page page--grid">
      <PageHeader title="Week grid" subtitle="The last 7 days: tap a cell to log that day (done → skipped → cleared)." />
      <ErrorBox error={error as never} />
      {waitingHere > 0 && (
        <p className="grid-waiting save-state--queued" role="status">
          <Icon name="clock" size={14} /> Waiting to sync: {waitingHere === 1 ? '1 cell' : `${waitingHere} cells`} (dashed), sent when the server can be reached.
        </p>
      )}
      {days.some((d) => d.isPending) && <Spinner />}
      {latest && rows.length === 0 && (
        <Empty title="Nothing to track yet">
          <Link to="/activities/new" className="btn btn--primary btn--md">
            Create your first activity
          </Link>
        </Empty>
      )}
      {rows.length > 0 && (
        <div className="grid-scroll">
          <table className="habit-grid" aria-label="Activities by day, the last 7 days">
            <thead>
              <tr>
                <th scope="col" className="habit-grid__name">
                  Activity
                </th>
                {dates.map((d) => (
                  <th key={d} scope="col" className={d === today ? 'habit-grid__today' : undefined}>
                    <abbr title={dayMonth(d)}>{WEEKDAY_LETTERS[isoWeekday(d)]}</abbr>
                    <span className="habit-grid__date">{d.slice(8)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            {groupByCategory(rows, (r) => r.activity).map((group, _, groups) => (
            <tbody key={group.category}>
              {categoryHeading(group.category, groups.length) && (
                <tr className="habit-grid__group">
                  <th scope="colgroup" colSpan={dates.length + 1}>
                    {categoryHeading(group.category, groups.length)}
                  </th>
                </tr>
              )}
              {group.items.map((item) => (
                <tr key={item.activity.id} data-activity={item.activity.name}>
                  <th scope="row" className="habit-grid__name">
                    <Link to={`/activities/${item.activity.id}`}>
                      <ActivityBadge activity={item.activity} size="sm" /> {item.activity.name}
                    </Link>
                  </th>
                  {dates.map((d, i) => {
                    const cell = byDay[i]!.get(item.activity.id);
                    const state = cellState(item.activity.id, d, cell);
                    const face = cellFace(state, item.activity.direction);
                    const words = state.waiting ? `${face.words}, waiting to sync` : face.words;
                    const busy = saving.has(`${item.activity.id}/${d}`);
                    return (
                      <td key={d}>
                        <button
                          type="button"
                          className={`grid-cell grid-cell--${state.outcome ?? 'off'}${state.waiting ? ' grid-cell--waiting' : ''}`}
                          aria-label={`${item.activity.name}, ${dayMonth(d)}: ${words}`}
                          title={`${dayMonth(d)}: ${words}`}
                          data-waiting={state.waiting || undefined}
                          aria-busy={busy}
                          disabled={busy || !days[i]?.data}
                          onClick={() => void tap(item, d, state)}
                        >
                          {face.symbol}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
            ))}
          </table>
        </div>
      )}
    </div>
  );
}
