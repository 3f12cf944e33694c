import { useId, useState } from 'react';
import { Link } from 'react-router';
import { LIMITS } from '../../../api/limits.ts';
import type { EntryStatus, TodayItem } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { Button, Chip } from '../../../components/ui.tsx';
import { isMeasured } from '../../../lib/format.ts';
import { ActivityBadge } from '../activities/activity-badge.tsx';
import { statusChip } from './entry-draft.ts';
import { AmountInput, MarkButton } from './entry-controls.tsx';
import { RowStats } from './row-stats.tsx';
import { SaveIndicator } from './save-indicator.tsx';
import { useEntrySaver } from './use-entry-saver.ts';

/**
 * One activity on the day, in one compact row (six or more fit a phone's screen): its badge, name,
 * status and figures; one tap for Done or Skip, or the amount inline; a note on demand.
 */
export function TodayRow({ item, date, isToday }: { item: TodayItem; date: string; isToday: boolean }) {
  const { activity, entry } = item;
  const measured = isMeasured(activity);
  const [{ draft, state }, saver] = useEntrySaver(date, activity.id, entry, measured);
  const [noteOpen, setNoteOpen] = useState(() => !!entry?.note);
  const ids = useId();
  const nameId = `${ids}-name`;
  const chip = statusChip(item, isToday);
  const toggle = (mark: EntryStatus) => saver.edit((d) => ({ ...d, mark: d.mark === mark ? null : mark }), 'now');
  const commit = () => void saver.flush();

  return (
    <li className={`today-row today-row--${chip.tone} act-color--${activity.color}`} aria-labelledby={nameId} data-activity={activity.name}>
      <ActivityBadge activity={activity} />
      <div className="today-row__main">
        <div className="today-row__title">
          <Link to={`/activities/${activity.id}`} id={nameId} className="today-row__name">
            {activity.name}
          </Link>
          {activity.atRisk && <Chip tone="danger">At risk</Chip>}
        </div>
        <div className="today-row__sub">
          <span className={`today-row__status today-row__status--${chip.tone}`} data-testid="row-status">
            {chip.text}
          </span>
          {/* Before the figures: on a phone the line is cut at its end, and a save state must show. */}
          <SaveIndicator state={state} onRetry={commit} />
          <RowStats activity={activity} />
        </div>
      </div>

      <div className="today-row__controls">
        {measured ? (
          <AmountInput
            id={`${ids}-value`}
            activity={activity}
            value={draft.value}
            // A number typed after a skip takes the skip back.
            onChange={(value) => saver.edit((d) => ({ ...d, value, mark: d.mark === 'skipped' && value !== '' ? null : d.mark }), 'after-typing')}
            onCommit={commit}
          />
        ) : (
          <MarkButton activityName={activity.name} mark="done" draft={draft} onToggle={toggle} />
        )}
        <MarkButton activityName={activity.name} mark="skipped" draft={draft} onToggle={toggle} />
        {!noteOpen && (
          <Button variant="ghost" size="sm" className="btn--icon today-row__note-btn" onClick={() => setNoteOpen(true)} aria-label={`${activity.name}: add a note`}>
            <Icon name="note" />
          </Button>
        )}
      </div>

      {noteOpen && (
        <div className="today-row__note">
          <label htmlFor={`${ids}-note`} className="sr-only">
            {activity.name}: note
          </label>
          <input
            id={`${ids}-note`}
            type="text"
            maxLength={LIMITS.entry.note}
            placeholder="How did it go?"
            value={draft.note}
            onChange={(e) => {
              const note = e.target.value;
              saver.edit((d) => ({ ...d, note }), 'after-typing');
            }}
            onBlur={commit}
          />
        </div>
      )}
    </li>
  );
}
