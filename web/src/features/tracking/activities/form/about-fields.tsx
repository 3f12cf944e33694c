import { LIMITS } from '../../../../api/limits.ts';
import { Field } from '../../../../components/ui.tsx';
import type { SectionProps } from './activity-form-state.ts';

/** Name, description, category (suggesting the user's own) and unit. */
export function AboutFields({ form, set, error, categories }: SectionProps & { categories: readonly string[] }) {
  const max = LIMITS.activity;
  return (
    <>
      <Field label="Name" error={error('name')}>
        {(p) => (
          <input {...p} aria-required="true" maxLength={max.name} value={form.name} onChange={(e) => set('name', e.target.value)} placeholder="e.g. Run, Read, Meditate" />
        )}
      </Field>
      <Field label="Description" error={error('description')} hint="Optional: why it matters, how you do it.">
        {(p) => <textarea {...p} rows={2} maxLength={max.description} value={form.description} onChange={(e) => set('description', e.target.value)} />}
      </Field>
      <div className="form-row">
        <Field label="Category" error={error('category')} hint="Groups activities on the dashboard.">
          {(p) => (
            <>
              <input {...p} list="category-options" maxLength={max.category} value={form.category} onChange={(e) => set('category', e.target.value)} placeholder="e.g. fitness" />
              <datalist id="category-options">
                {categories.map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="Unit" error={error('unit')} hint="Leave empty for a plain check-in.">
          {(p) => <input {...p} maxLength={max.unit} value={form.unit} onChange={(e) => set('unit', e.target.value)} placeholder="e.g. km, min, pages" />}
        </Field>
      </div>
    </>
  );
}
