import type { EntryInput, EntryStatus } from '../../../api/types.ts';

/** What the day editor sets: a status, "by the amount" (measured activities), or no entry at all. */
export type Choice = EntryStatus | 'amount' | 'clear';

/**
 * The PUT body for the editor's choice, or null to delete the day's entry. "By the amount" sends
 * the value alone, so the API derives the status from the goal or limit (docs/metrics.md).
 */
export function entryBody(choice: Choice, value: string, note: string): EntryInput | null {
  if (choice === 'clear') return null;
  const amount = value.trim() === '' ? null : Number(value.trim().replace(',', '.'));
  if (choice === 'amount') return { value: amount, note };
  return { status: choice, value: amount, note };
}
