import type { EntryStatus, TodayItem } from '../../../api/types.ts';
import { Button, Chip, ProgressBar } from '../../../components/ui.tsx';
import { underWay } from './entry-draft.ts';

/** The day's counts, from the rows on screen (so a save moves them at once). */
export function summarize(items: readonly TodayItem[], isToday: boolean) {
  const count = (s: EntryStatus) => items.filter((i) => i.entry?.status === s).length;
  const started = items.filter((i) => underWay(i, isToday)).length;
  return {
    // A limit's day with nothing logged is kept (docs/metrics.md §4): it counts as done.
    done: items.filter((i) => i.entry?.status === 'done' || (!i.entry && i.outcome === 'kept')).length,
    skipped: count('skipped'),
    // Today's amounts short of their goal are still open: the day is not over.
    missed: count('missed') - started,
    // What is left to do: a limit (cut down, avoid) never is, it is logged only if it happens.
    open: items.filter((i) => i.due && !i.entry && i.activity.direction !== 'negative').length + started,
    // What the day asks for, as the dashboard counts it: due or done, skipped ones left out.
    expected: items.filter((i) => (i.due || i.entry?.status === 'done') && i.entry?.status !== 'skipped').length,
  };
}

/** Done of expected, a bar, the counts by status; on a past day, the way to close it. */
export function TodaySummary({ items, past, onCloseDay }: { items: readonly TodayItem[]; past: boolean; onCloseDay: () => void }) {
  const summary = summarize(items, !past);
  return (
    <section className="card summary" aria-label="Summary">
      <div className="summary__main">
        <div className="summary__figure" aria-live="polite">
          <strong data-testid="summary-done">{summary.done}</strong>
          <span>
            {' '}
            of <span data-testid="summary-expected">{summary.expected}</span> done
          </span>
        </div>
        <ProgressBar value={summary.expected ? summary.done / summary.expected : 0} label="Done today" tone="done" />
      </div>
      <ul className="summary__chips" aria-label="Counts">
        <li>
          <Chip tone="open">{summary.open} open</Chip>
        </li>
        <li>
          <Chip tone="done">{summary.done} done</Chip>
        </li>
        <li>
          <Chip tone="skipped">{summary.skipped} skipped</Chip>
        </li>
        <li>
          <Chip tone="missed">{summary.missed} missed</Chip>
        </li>
      </ul>
      {past && summary.open > 0 && (
        <Button size="sm" variant="ghost" onClick={onCloseDay}>
          Mark the {summary.open} open as missed
        </Button>
      )}
    </section>
  );
}
