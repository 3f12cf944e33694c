import type { EntryInput, EntryStatus, TodayItem } from '../../../api/types.ts';
import { underWay } from '../today/entry-draft.ts';

/** What a grid cell holds: its entry's status (null without one) and what the day amounts to. */
export interface CellState {
  status: EntryStatus | null;
  outcome: TodayItem['outcome'];
}

/** A day's cell from its Today item: today's amount short of its goal is under way, as Today says. */
export function cellOf(item: TodayItem | undefined, isToday: boolean): CellState {
  if (!item) return { status: null, outcome: null };
  return { status: item.entry?.status ?? null, outcome: underWay(item, isToday) ? 'pending' : item.outcome };
}

/**
 * The next state of a cell after one tap (Loop's main screen: one tap per day). A habit to
 * build: empty → done → skipped → empty. A limit or thing to avoid (logged on its bad days only):
 * empty → missed (it happened) → skipped → empty. Returns the PUT body, or null to delete.
 */
export function nextTap(direction: 'positive' | 'negative', status: EntryStatus | null): EntryInput | null {
  const first: EntryStatus = direction === 'negative' ? 'missed' : 'done';
  if (status === null) return { status: first };
  if (status === 'skipped') return null;
  return { status: 'skipped' };
}

/** The symbol and words of a cell (the words go to screen readers and the tooltip). */
export function cellFace(cell: CellState, direction: 'positive' | 'negative'): { symbol: string; words: string } {
  switch (cell.outcome) {
    case 'done':
      return { symbol: '✓', words: direction === 'negative' ? 'kept (logged)' : 'done' };
    case 'kept':
      return { symbol: '✓', words: 'kept' };
    case 'over':
      return { symbol: '!', words: 'over the limit' };
    case 'missed':
      return { symbol: '✗', words: cell.status === 'missed' ? (direction === 'negative' ? 'slipped' : 'missed') : 'missed (no entry)' };
    case 'skipped':
      return { symbol: '–', words: 'skipped' };
    case 'pending':
      // An amount short of its goal today: logged, the day not over.
      return cell.status === 'missed' ? { symbol: '…', words: 'in progress' } : { symbol: '', words: 'open' };
    case 'rest':
      return { symbol: '·', words: 'rest day' };
    default:
      return { symbol: '', words: 'not due' };
  }
}

/** The last `days` dates ending at `today`, oldest first. */
export function gridDates(today: string, days: number): string[] {
  const t = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(t - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/**
 * A cell whose write waits in the outbox shows what the user saved (the server has not derived
 * an outcome yet): its status as the outcome, or open when the entry was cleared.
 */
export function queuedCell(body: EntryInput | null): CellState {
  if (!body?.status) return { status: null, outcome: 'pending' };
  return { status: body.status, outcome: body.status };
}
