import type { Entry, EntryInput, EntryStatus, TodayItem } from '../../../api/types.ts';
import type { Tone } from '../../../components/ui.tsx';

/** What a row of Today holds while the user types: text as typed, and the status a button chose. */
export interface Draft {
  value: string;
  note: string;
  /** The status chosen with a button (check-ins, skips); null lets the value decide. */
  mark: EntryStatus | null;
}

export function draftOf(entry: Entry | null, measured: boolean): Draft {
  if (!entry) return { value: '', note: '', mark: null };
  return {
    value: entry.value === null ? '' : String(entry.value),
    note: entry.note,
    mark: entry.statusSource !== 'derived' || !measured ? entry.status : null,
  };
}

/** The PUT body for a draft, or null when the draft holds no entry (nothing to keep). */
export function bodyOf(draft: Draft): EntryInput | null {
  const trimmed = draft.value.trim().replace(',', '.');
  const value = trimmed === '' ? null : Number(trimmed);
  if (value !== null && !Number.isFinite(value)) return null;
  if (draft.mark) return { value, note: draft.note.trim(), status: draft.mark };
  if (value !== null) return { value, note: draft.note.trim() };
  return null;
}

/** How far a value is over a limit (a negative activity's goal), or null when it is not over. */
export function overLimit(activity: { direction: string; goal: number | null }, value: number | null): number | null {
  if (activity.direction !== 'negative' || activity.goal === null || value === null || value <= activity.goal) return null;
  return value - activity.goal;
}

/**
 * An amount short of its goal logged today: the entry reads "missed" (its value against the goal,
 * partial credit in the stats), but the day is not over, so the page shows it as under way.
 */
export function underWay(item: Pick<TodayItem, 'activity' | 'entry'>, isToday: boolean): boolean {
  return isToday && item.entry?.status === 'missed' && item.entry.statusSource === 'derived' && item.activity.direction !== 'negative';
}

/**
 * The status chip of a row: what the day amounts to (docs/metrics.md §4) — a limit exceeded is
 * "Over by …", not "Missed"; today's amount short of its goal is "In progress"; a limit's empty
 * past day is kept; a weekly habit whose week is met rests — else whether the day asks for it.
 */
export function statusChip(item: TodayItem, isToday: boolean): { tone: Tone; text: string } {
  const status = item.entry?.status;
  const over = overLimit(item.activity, item.entry?.value ?? null);
  if (over !== null) return { tone: 'missed', text: `Over by ${Number(over.toPrecision(6))}${item.activity.unit ? ` ${item.activity.unit}` : ''}` };
  if (underWay(item, isToday)) return { tone: 'open', text: 'In progress' };
  if (status === 'done') return { tone: 'done', text: 'Done' };
  if (status === 'skipped') return { tone: 'skipped', text: 'Skipped' };
  if (status === 'missed') return { tone: 'missed', text: 'Missed' };
  if (item.outcome === 'kept') return { tone: 'done', text: 'Kept' };
  if (item.outcome === 'rest') return { tone: 'muted', text: 'Week met' };
  if (item.due && item.activity.direction === 'negative') return { tone: 'muted', text: 'Log if it happens' };
  return item.due ? { tone: 'open', text: 'To do' } : { tone: 'muted', text: 'Not due' };
}
