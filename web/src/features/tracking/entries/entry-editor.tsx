import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { asApiError } from '../../../api/client.ts';
import { outbox } from '../../../api/offline.ts';
import { LIMITS } from '../../../api/limits.ts';
import type { Activity, Entry } from '../../../api/types.ts';
import { Button, Dialog, FormError, Spinner, useToast } from '../../../components/ui.tsx';
import { longDate } from '../../../lib/dates.ts';
import { isMeasured } from '../../../lib/format.ts';
import { afterEntryWrite, writeEntryVia } from '../entry-outbox.ts';
import { trackingQueries } from '../queries.ts';
import { entryBody, type Choice } from './entry-edit.ts';

/** The day being edited: which activity, which date, and its entry when the caller has it. */
export interface EditTarget {
  activity: Pick<Activity, 'id' | 'name' | 'unit' | 'goal' | 'direction'>;
  date: string;
  /** undefined: read it; null: the day has none. */
  entry?: Entry | null;
}

/**
 * A dialog that edits one activity's entry on one day (from a heatmap cell or an entry row):
 * status (done, skipped, missed, or none), the amount for measured activities, and the note.
 */
export function EntryEditor({ target, onClose }: { target: EditTarget | null; onClose: () => void }) {
  return (
    <Dialog open={target !== null} title={target ? `${target.activity.name} — ${longDate(target.date)}` : ''} onClose={onClose}>
      {target && <EditorForm key={`${target.activity.id}/${target.date}`} target={target} onClose={onClose} />}
    </Dialog>
  );
}

/** Reads the day's entry (unless the caller has it), then shows the form filled with it. */
function EditorForm({ target, onClose }: { target: EditTarget; onClose: () => void }) {
  const { activity, date } = target;
  const read = useQuery({ ...trackingQueries.entryOnDay(activity.id, date), enabled: target.entry === undefined });
  const entry = target.entry !== undefined ? target.entry : read.data;
  if (read.error) return <FormError message={asApiError(read.error).message} />;
  if (entry === undefined) return <Spinner />;
  return <DayForm target={target} entry={entry} onClose={onClose} />;
}

function DayForm({ target, entry, onClose }: { target: EditTarget; entry: Entry | null; onClose: () => void }) {
  const { activity, date } = target;
  const measured = isMeasured(activity);
  const ids = useId();
  const toast = useToast();
  const client = useQueryClient();
  const [choice, setChoice] = useState<Choice>(() =>
    entry ? (measured && entry.statusSource === 'derived' && entry.value !== null ? 'amount' : entry.status) : 'clear',
  );
  const [value, setValue] = useState(entry?.value === null || entry?.value === undefined ? '' : String(entry.value));
  const [note, setNote] = useState(entry?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const choices: Array<{ value: Choice; label: string }> = [
    ...(measured ? [{ value: 'amount' as const, label: `By the amount${activity.goal !== null ? ` (${activity.direction === 'negative' ? 'limit' : 'goal'} ${activity.goal}${activity.unit ? ` ${activity.unit}` : ''})` : ''}` }] : []),
    { value: 'done', label: 'Done' },
    { value: 'skipped', label: 'Skipped' },
    { value: 'missed', label: 'Missed' },
    { value: 'clear', label: 'No entry' },
  ];

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = entryBody(choice, value, note);
      // Through the outbox: with the server out of reach the edit is kept and sent later.
      const written = body === null && !entry ? null : await writeEntryVia(outbox, date, activity.id, body);
      const day = `${activity.name}, ${longDate(date)}`;
      await afterEntryWrite(client, written, { say: { toast, saved: `${day}: saved.`, waiting: day } });
      onClose();
    } catch (err) {
      setError(asApiError(err).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form entry-editor" onSubmit={(e) => void save(e)} aria-label="Edit the day">
      <FormError message={error} />
      <fieldset className="field fieldset">
        <legend>Status</legend>
        <div className="segmented segmented--wrap">
          {choices.map((c) => (
            <label key={c.value} className="segmented__item segmented__choice">
              <input type="radio" name={`${ids}-status`} value={c.value} checked={choice === c.value} onChange={() => setChoice(c.value)} />
              {c.label}
            </label>
          ))}
        </div>
      </fieldset>
      {measured && (
        <div className="field">
          <label htmlFor={`${ids}-value`}>Amount{activity.unit ? ` (${activity.unit})` : ''}</label>
          <input
            id={`${ids}-value`}
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            value={value}
            disabled={choice === 'clear'}
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${ids}-note`}>Note</label>
        <textarea id={`${ids}-note`} rows={2} maxLength={LIMITS.entry.note} value={note} disabled={choice === 'clear'} onChange={(e) => setNote(e.target.value)} />
      </div>
      <div className="dialog__footer">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={busy}>
          Save
        </Button>
      </div>
    </form>
  );
}
