import { Field, FieldSet } from '../../../../components/ui.tsx';
import type { SectionProps } from './activity-form-state.ts';

/** Build it or cut down, and the daily goal (or limit) that decides when a day is done. */
export function GoalFields({ form, set, error }: SectionProps) {
  const negative = form.direction === 'negative';
  return (
    <>
      <FieldSet legend="Direction" error={error('direction')}>
        <div className="choice-row">
          <label className="choice">
            <input type="radio" name="direction" checked={!negative} onChange={() => set('direction', 'positive')} />
            <span>
              <strong>Build it</strong>
              <small>Do at least the goal</small>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="direction" checked={negative} onChange={() => set('direction', 'negative')} />
            <span>
              <strong>Cut down</strong>
              <small>Stay at or under a limit</small>
            </span>
          </label>
        </div>
      </FieldSet>

      <Field
        label={negative ? 'Daily limit' : 'Daily goal'}
        error={error('goal')}
        hint={
          negative
            ? 'A day is done when the amount stays at or under this limit. Empty: done at zero.'
            : 'A day is done when the amount reaches this goal. Empty: any amount counts.'
        }
      >
        {(p) => <input {...p} type="number" inputMode="decimal" min={0} step="any" value={form.goal} onChange={(e) => set('goal', e.target.value)} placeholder="none" />}
      </Field>
    </>
  );
}
