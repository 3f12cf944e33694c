import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../../api/api.ts';
import { groupByCategory } from '../../../api/appearance.ts';
import { ActivityBadge } from '../activities/activity-badge.tsx';
import type { TodayItem } from '../../../api/types.ts';
import { Empty, ErrorBox, PageHeader, Spinner, useToast } from '../../../components/ui.tsx';
import { dayMonth, isoWeekday } from '../../../lib/dates.ts';
import { useTitle } from '../../../lib/use-title.ts';
import { useSession } from '../../account/session.tsx';
import { trackingChanged, trackingQueries } from '../queries.ts';
import { cellFace, gridDates, nextTap } from './grid-cell.ts';

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

  const latest = days[days.length - 1]?.data;
  const error = days.find((d) => d.error)?.error ?? undefined;
  const byDay = dates.map((_, i) => new Map((days[i]?.data?.items ?? []).map((item) => [item.activity.id, item])));
  const rows = latest?.items ?? [];

  async function tap(item: TodayItem, date: string, current: TodayItem | undefined) {
    const key = `${item.activity.id}/${date}`;
    if (saving.has(key)) return;
    setSaving((s) => new Set(s).add(key));
    const body = nextTap(item.activity.direction, current?.entry?.status ?? null);
    try {
      if (body) await api.entries.put(date, item.activity.id, body);
      else await api.entries.remove(date, item.activity.id);
      await client.invalidateQueries({ queryKey: trackingQueries.today(date).queryKey });
      trackingChanged(client, { now: false });
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
              {(group.category || groups.length > 1) && (
                <tr className="habit-grid__group">
                  <th scope="colgroup" colSpan={dates.length + 1}>
                    {group.category || 'Other'}
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
                    const face = cellFace({ status: cell?.entry?.status ?? null, outcome: cell?.outcome ?? null }, item.activity.direction);
                    const busy = saving.has(`${item.activity.id}/${d}`);
                    return (
                      <td key={d}>
                        <button
                          type="button"
                          className={`grid-cell grid-cell--${cell?.outcome ?? 'off'}`}
                          aria-label={`${item.activity.name}, ${dayMonth(d)}: ${face.words}`}
                          title={`${dayMonth(d)}: ${face.words}`}
                          aria-busy={busy}
                          disabled={busy || !days[i]?.data}
                          onClick={() => void tap(item, d, cell)}
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
