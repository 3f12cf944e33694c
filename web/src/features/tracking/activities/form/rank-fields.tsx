import type { Difficulty, Priority } from '../../../../api/types.ts';
import { Field } from '../../../../components/ui.tsx';
import type { SectionProps } from './activity-form-state.ts';

// Records over the API's enums: a value added there fails the type check here until it has a label.
const DIFFICULTIES: Record<Difficulty, string> = { easy: 'Easy', medium: 'Medium', hard: 'Hard' };
const PRIORITIES: Record<Priority, string> = { high: 'High', medium: 'Medium', low: 'Low' };

/** Difficulty and priority. */
export function RankFields({ form, set, error }: SectionProps) {
  return (
    <div className="form-row">
      <Field label="Difficulty" error={error('difficulty')}>
        {(p) => (
          <select {...p} value={form.difficulty} onChange={(e) => set('difficulty', e.target.value as Difficulty)}>
            {(Object.entries(DIFFICULTIES) as Array<[Difficulty, string]>).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Priority" error={error('priority')} hint="Today lists activities in your own order: move them on the Activities page.">
        {(p) => (
          <select {...p} value={form.priority} onChange={(e) => set('priority', e.target.value as Priority)}>
            {(Object.entries(PRIORITIES) as Array<[Priority, string]>).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}
