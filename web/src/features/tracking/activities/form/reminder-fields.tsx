import { LIMITS } from '../../../../api/limits.ts';
import { Button, FieldSet } from '../../../../components/ui.tsx';
import type { SectionProps } from './activity-form-state.ts';

/**
 * Reminder times (up to the API's cap), in the profile's time zone: a reminder comes as a
 * notification (and a push where the browser allows it) unless the activity is done, skipped,
 * paused or not due that day.
 */
export function ReminderFields({ form, set, error }: SectionProps) {
  const times = form.reminders;
  const change = (i: number, value: string) => set('reminders', times.map((t, j) => (j === i ? value : t)));
  return (
    <FieldSet
      legend="Reminders"
      error={error('reminders')}
      hint="In your profile's time zone. Quiet on days it is done, skipped, paused or not due."
    >
      {times.length === 0 && <p className="muted">No reminders.</p>}
      <ul className="reminder-times">
        {times.map((time, i) => (
          <li key={i}>
            <input
              type="time"
              aria-label={`Reminder ${i + 1}`}
              value={time}
              onChange={(e) => change(i, e.target.value)}
            />
            <Button size="sm" variant="ghost" onClick={() => set('reminders', times.filter((_, j) => j !== i))} aria-label={`Remove reminder ${i + 1}`}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      {times.length < LIMITS.activity.reminders && (
        <Button size="sm" onClick={() => set('reminders', [...times, times.length ? '' : '09:00'])}>
          Add a reminder
        </Button>
      )}
    </FieldSet>
  );
}
