import type { Cadence } from '../../../../api/types.ts';
import { FieldSet } from '../../../../components/ui.tsx';
import { WEEKDAYS, weekdayName } from '../../../../lib/format.ts';
import type { SectionProps } from './activity-form-state.ts';

const CADENCES: Record<Cadence['type'], string> = {
  daily: 'Every day',
  weekly: 'Times a week',
  weekdays: 'On set days',
  interval: 'Every few days',
  monthly: 'Times a month',
};
const TIMES_PER_WEEK = [1, 2, 3, 4, 5, 6, 7];

/** How often: every day, N times a week on any days, or on chosen weekdays. */
export function CadenceFields({ form, set, error }: SectionProps) {
  return (
    <FieldSet legend="How often" error={error('cadence')}>
      <div className="choice-row">
        {(Object.entries(CADENCES) as Array<[Cadence['type'], string]>).map(([value, label]) => (
          <label key={value} className="choice choice--compact">
            <input type="radio" name="cadence" checked={form.cadenceType === value} onChange={() => set('cadenceType', value)} />
            <span>{label}</span>
          </label>
        ))}
      </div>
      {form.cadenceType === 'weekly' && (
        <div className="inline-field">
          <label htmlFor="times-per-week">Times per week</label>
          <select id="times-per-week" value={form.timesPerWeek} onChange={(e) => set('timesPerWeek', e.target.value)}>
            {TIMES_PER_WEEK.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <span className="muted">any days of the week</span>
        </div>
      )}
      {form.cadenceType === 'interval' && (
        <div className="inline-field">
          <label htmlFor="every-days">Every</label>
          <input id="every-days" type="number" inputMode="numeric" min={2} max={366} value={form.everyDays} onChange={(e) => set('everyDays', e.target.value)} />
          <span className="muted">days, counted from the start</span>
        </div>
      )}
      {form.cadenceType === 'monthly' && (
        <div className="inline-field">
          <label htmlFor="times-per-month">Times per month</label>
          <input id="times-per-month" type="number" inputMode="numeric" min={1} max={28} value={form.timesPerMonth} onChange={(e) => set('timesPerMonth', e.target.value)} />
          <span className="muted">any days of the month</span>
        </div>
      )}
      {form.cadenceType === 'weekdays' && (
        <div className="weekday-picker" role="group" aria-label="Days of the week">
          {WEEKDAYS.map((d) => (
            <label key={d} className="weekday">
              <input
                type="checkbox"
                checked={form.weekdays.includes(d)}
                onChange={(e) => set('weekdays', e.target.checked ? [...form.weekdays, d] : form.weekdays.filter((x) => x !== d))}
              />
              <span>{weekdayName(d)}</span>
            </label>
          ))}
        </div>
      )}
    </FieldSet>
  );
}
