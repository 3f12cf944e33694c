import type { Activity, EntryStatus } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { Button } from '../../../components/ui.tsx';
import { num } from '../../../lib/format.ts';
import type { Draft } from './entry-draft.ts';

/** The amount field of a measured activity: its unit, and the goal or limit beside it. */
export function AmountInput({
  id,
  activity,
  value,
  onChange,
  onCommit,
}: {
  id: string;
  activity: Activity;
  value: string;
  onChange: (value: string) => void;
  onCommit: () => void;
}) {
  return (
    <div className="amount">
      <label htmlFor={id} className="sr-only">
        {activity.name}: amount{activity.unit ? ` in ${activity.unit}` : ''}
      </label>
      <input
        id={id}
        className="amount__input"
        type="number"
        inputMode="decimal"
        min={0}
        step="any"
        // What the field asks for, where a phone hides the unit and goal beside it: the goal ("/8",
        // a limit "≤30"), else the unit when it fits; never a "0" that reads as a logged zero.
        placeholder={activity.goal !== null ? `${activity.direction === 'negative' ? '≤' : '/'}${num(activity.goal)}` : activity.unit && activity.unit.length <= 5 ? activity.unit : ''}
        title={activity.unit || undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onCommit}
        onKeyDown={(e) => e.key === 'Enter' && onCommit()}
      />
      <span className="amount__unit">
        {activity.unit}
        {activity.goal !== null && (
          <span className="muted">
            {' '}
            {activity.direction === 'negative' ? 'limit' : '/'} {num(activity.goal)}
          </span>
        )}
      </span>
    </div>
  );
}

/** A toggle button that sets (or clears) the entry's status: Done for check-ins, Skip for all. */
export function MarkButton({ activityName, mark, draft, onToggle }: { activityName: string; mark: EntryStatus; draft: Draft; onToggle: (mark: EntryStatus) => void }) {
  const on = draft.mark === mark;
  const done = mark === 'done';
  return (
    <Button
      variant={on ? 'primary' : done ? 'secondary' : 'ghost'}
      className={done ? 'btn--done' : 'btn--skip'}
      aria-pressed={on}
      onClick={() => onToggle(mark)}
      aria-label={`${activityName}: ${done ? 'done' : 'skip'}`}
    >
      <Icon name={done ? 'check' : 'skip'} /> <span className="btn__label">{done ? 'Done' : 'Skip'}</span>
    </Button>
  );
}
