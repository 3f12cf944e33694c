import type { FormEvent, ReactNode } from 'react';
import { Button, Chip, type Tone } from '../../components/ui.tsx';
import { dateTime } from '../../lib/dates.ts';
import type { SetQuery } from '../../lib/use-query-params.ts';

/** Shared pieces of the admin pages. */

/** A time the API gave (ISO), in the admin's zone, with the exact instant on hover. */
export function When({ at }: { at: string | undefined }) {
  if (!at) return <span className="muted">—</span>;
  return (
    <time dateTime={at} title={at}>
      {dateTime(at)}
    </time>
  );
}

const OUTCOME_TONES: Record<string, Tone> = { success: 'done', succeeded: 'done', denied: 'warn', partial: 'warn', failed: 'danger' };

/** An audit or job outcome as a coloured word. */
export function Outcome({ outcome }: { outcome: string }) {
  return <Chip tone={OUTCOME_TONES[outcome] ?? 'muted'}>{outcome}</Chip>;
}

/** `datetime-local` value (the admin's zone) → ISO instant in UTC, as the admin routes take it. */
export function toInstant(local: string | null): string | undefined {
  if (!local) return undefined;
  const ms = Date.parse(local);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** ISO instant → `datetime-local` value in the admin's zone. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A filter form whose fields are named after `?query` parameters: "Apply" writes them all to the
 * URL (empty ones removed), "Clear" removes them. Fields are uncontrolled, keyed by the URL so a
 * change of the URL (back button) shows in them.
 */
export function FilterForm({ names, setQuery, children, label }: { names: readonly string[]; setQuery: SetQuery; children: ReactNode; label: string }) {
  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setQuery(Object.fromEntries(names.map((n) => [n, (() => { const v = data.get(n); return typeof v === 'string' ? v.trim() : ''; })() || undefined])));
  };
  return (
    <form className="card filters admin-filters" onSubmit={apply} aria-label={label}>
      <div className="filters__grid">{children}</div>
      <div className="admin-filters__actions">
        <Button type="submit" size="sm" variant="primary">
          Apply
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setQuery(Object.fromEntries(names.map((n) => [n, undefined])))}>
          Clear
        </Button>
      </div>
    </form>
  );
}

/** A text or datetime field of a {@link FilterForm}. */
export function FilterField({ name, label, value, type = 'text', placeholder }: { name: string; label: string; value: string; type?: 'text' | 'datetime-local'; placeholder?: string }) {
  const id = `filter-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input key={value} id={id} name={name} type={type} defaultValue={value} placeholder={placeholder} autoComplete="off" />
    </div>
  );
}

/** A select of a {@link FilterForm}. */
export function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string; options: ReadonlyArray<readonly [string, string]> }) {
  const id = `filter-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select key={value} id={id} name={name} defaultValue={value}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A table that scrolls sideways on a phone instead of squeezing its columns. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="card card--flush grid-scroll admin-table" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
