import { LIMITS } from '../../../api/limits.ts';
import type { Activity } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { Button, Field } from '../../../components/ui.tsx';
import type { LinkRow } from './goal-form-state.ts';

/** The activities feeding a goal, each with its weight; up to the API's cap of links. */
export function LinkRows({
  rows,
  options,
  error,
  onChange,
}: {
  rows: LinkRow[];
  options: readonly Activity[];
  error: (field: string) => string | undefined;
  onChange: (rows: LinkRow[]) => void;
}) {
  const setRow = (i: number, change: Partial<LinkRow>) => onChange(rows.map((l, j) => (j === i ? { ...l, ...change } : l)));
  return (
    <>
      <ul className="link-rows">
        {rows.map((row, i) => (
          <li key={i} className="link-row">
            <Field label={`Activity ${i + 1}`} error={error(`links.${i}`)}>
              {(p) => (
                <select {...p} value={row.activityId} onChange={(e) => setRow(i, { activityId: e.target.value })}>
                  <option value="">Choose an activity…</option>
                  {options.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                      {a.unit ? ` (${a.unit})` : ''}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Weight" className="field--weight" error={error(`links.${i}.weight`)}>
              {(p) => <input {...p} type="number" inputMode="decimal" min={0} step="any" value={row.weight} onChange={(e) => setRow(i, { weight: e.target.value })} />}
            </Field>
            <Button size="sm" variant="ghost" className="link-row__remove" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove activity ${i + 1}`}>
              <Icon name="close" />
            </Button>
          </li>
        ))}
      </ul>
      {rows.length < LIMITS.goal.links && (
        <Button size="sm" onClick={() => onChange([...rows, { activityId: '', weight: '1' }])}>
          <Icon name="plus" /> Link another activity
        </Button>
      )}
    </>
  );
}
