import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { api } from '../api/api.ts';
import { asApiError, keyKeeper, type ApiError } from '../api/client.ts';
import type { Entry, EntryStatus, TodayItem, TodayView } from '../api/types.ts';
import { Icon } from '../components/icons.tsx';
import { Button, Chip, ConfirmDialog, Empty, ErrorBox, PageHeader, ProgressBar, Spinner, useToast, type Tone } from '../components/ui.tsx';
import { addDays, isIsoDate, longDate, shortDate } from '../lib/dates.ts';
import { cadenceLabel, goalLabel, isMeasured, num, occasions, pct } from '../lib/format.ts';
import { useResource, useTitle } from '../lib/hooks.ts';
import { Link, setQuery, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';

type Summary = TodayView['summary'];

function summarize(items: TodayItem[]): Summary {
  const count = (s: EntryStatus) => items.filter((i) => i.entry?.status === s).length;
  return {
    activities: items.length,
    due: items.filter((i) => i.due).length,
    done: count('done'),
    skipped: count('skipped'),
    missed: count('missed'),
    open: items.filter((i) => i.due && !i.entry).length,
  };
}

export function TodayPage() {
  const session = useSession();
  const { query } = useLocation();
  const todayDate = session.today();
  const asked = query.get('date') ?? '';
  const date = isIsoDate(asked) && asked <= todayDate ? asked : todayDate;
  const isToday = date === todayDate;
  useTitle(isToday ? 'Today' : shortDate(date));
  const toast = useToast();

  const res = useResource((signal) => api.today(date, signal), [date]);
  const { setData } = res;

  // Saves write the entry at once; streaks and strength follow from the roll-up consumer a
  // moment later, so the page reads /today again shortly after the last save. A read that was
  // sent before a save is dropped: it may not hold that save yet.
  const lastWrite = useRef(0);
  const timers = useRef<number[]>([]);
  const clearTimers = () => {
    timers.current.forEach((t) => window.clearTimeout(t));
    timers.current = [];
  };
  useEffect(() => clearTimers, [date]);
  const refreshQuietly = useCallback(async () => {
    const sent = Date.now();
    try {
      const fresh = await api.today(date);
      if (lastWrite.current <= sent) setData(() => fresh);
    } catch {
      // the page keeps what it shows; the next save or visit reads again
    }
  }, [date, setData]);
  const onWriting = useCallback(() => {
    lastWrite.current = Date.now();
  }, []);
  const onSaved = useCallback(
    (activityId: string, entry: Entry | null) => {
      lastWrite.current = Date.now();
      setData((d) => d && { ...d, items: d.items.map((i) => (i.activity.id === activityId ? { ...i, entry } : i)) });
      clearTimers();
      timers.current = [600, 2000, 5000].map((ms) => window.setTimeout(() => void refreshQuietly(), ms));
    },
    [setData, refreshQuietly],
  );

  const [finalizing, setFinalizing] = useState(false);
  const finalizeKey = useRef(keyKeeper());

  const data = res.data?.date === date ? res.data : undefined;
  const items = data?.items ?? [];
  const summary = summarize(items);
  const due = items.filter((i) => i.due || i.entry);
  const other = items.filter((i) => !i.due && !i.entry);
  // What the day asks for, as the dashboard counts it: due or done, skipped ones left out.
  const expected = items.filter((i) => (i.due || i.entry?.status === 'done') && i.entry?.status !== 'skipped').length;

  return (
    <div className="page page--today">
      <PageHeader
        title={isToday ? 'Today' : shortDate(date, todayDate.slice(0, 4))}
        subtitle={longDate(date)}
        actions={
          <Link to="/activities/new" className="btn btn--secondary btn--md">
            <Icon name="plus" /> New activity
          </Link>
        }
      />
      <DateNav date={date} today={todayDate} />

      {data && (
        <section className="card summary" aria-label="Summary">
          <div className="summary__main">
            <div className="summary__figure" aria-live="polite">
              <strong data-testid="summary-done">{summary.done}</strong>
              <span>
                {' '}
                of <span data-testid="summary-expected">{expected}</span> done
              </span>
            </div>
            <ProgressBar value={expected ? summary.done / expected : 0} label="Done today" tone="done" />
          </div>
          <ul className="summary__chips" aria-label="Counts">
            <li>
              <Chip tone="open">{summary.open} open</Chip>
            </li>
            <li>
              <Chip tone="done">{summary.done} done</Chip>
            </li>
            <li>
              <Chip tone="skipped">{summary.skipped} skipped</Chip>
            </li>
            <li>
              <Chip tone="missed">{summary.missed} missed</Chip>
            </li>
          </ul>
          {!isToday && summary.open > 0 && (
            <Button size="sm" variant="ghost" onClick={() => setFinalizing(true)}>
              Mark the {summary.open} open as missed
            </Button>
          )}
        </section>
      )}

      <ErrorBox error={res.error} onRetry={res.reload} />
      {!data && !res.error && <Spinner />}

      {data && items.length === 0 && (
        <Empty title="Nothing to track yet">
          <p>Create an activity — a habit to build, or one to cut down — and it shows up here every day it is due.</p>
          <Link to="/activities/new" className="btn btn--primary btn--md">
            <Icon name="plus" /> Create your first activity
          </Link>
        </Empty>
      )}

      {due.length > 0 && (
        <section aria-labelledby="due-heading">
          <h2 id="due-heading" className="section-title">
            {isToday ? 'Due today' : 'Due that day'}
          </h2>
          <ul className="today-list">
            {due.map((item) => (
              <TodayRow key={item.activity.id} item={item} date={date} onWriting={onWriting} onSaved={onSaved} />
            ))}
          </ul>
        </section>
      )}
      {other.length > 0 && (
        <section aria-labelledby="other-heading">
          <h2 id="other-heading" className="section-title">
            Not due {isToday ? 'today' : 'that day'} <span className="muted">— log anyway if you did it</span>
          </h2>
          <ul className="today-list">
            {other.map((item) => (
              <TodayRow key={item.activity.id} item={item} date={date} onWriting={onWriting} onSaved={onSaved} />
            ))}
          </ul>
        </section>
      )}

      <ConfirmDialog
        open={finalizing}
        title="Close the day"
        body={<p>Record “missed” for every activity due on {longDate(date)} that has no entry yet? Entries you already logged stay as they are.</p>}
        confirmLabel="Mark as missed"
        onClose={() => setFinalizing(false)}
        onConfirm={async () => {
          await api.finalizeDay(date, finalizeKey.current(date));
          toast('Day closed: open activities marked missed.');
          res.reload();
        }}
      />
    </div>
  );
}

function DateNav({ date, today }: { date: string; today: string }) {
  const go = (d: string) => setQuery({ date: d === today ? undefined : d }, { replace: false });
  return (
    <nav className="date-nav" aria-label="Choose the day">
      <Button size="sm" variant="ghost" onClick={() => go(addDays(date, -1))} aria-label="Previous day">
        <Icon name="chevronLeft" />
      </Button>
      <label className="sr-only" htmlFor="today-date">
        Date
      </label>
      <input id="today-date" type="date" value={date} max={today} onChange={(e) => isIsoDate(e.target.value) && go(e.target.value)} />
      <Button size="sm" variant="ghost" onClick={() => go(addDays(date, 1))} disabled={date >= today} aria-label="Next day">
        <Icon name="chevronRight" />
      </Button>
      {date !== today && (
        <Button size="sm" variant="secondary" onClick={() => go(today)}>
          Back to today
        </Button>
      )}
    </nav>
  );
}

// ── one activity on the day ────────────────────────────────────────────────────────────────

interface Draft {
  value: string;
  note: string;
  /** The status chosen with a button (check-ins, skips); null lets the value decide. */
  mark: EntryStatus | null;
}

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'hint'; text: string } | { kind: 'error'; error: ApiError };

function draftOf(entry: Entry | null, measured: boolean): Draft {
  if (!entry) return { value: '', note: '', mark: null };
  return {
    value: entry.value === null ? '' : String(entry.value),
    note: entry.note,
    mark: entry.statusSource !== 'derived' || !measured ? entry.status : null,
  };
}

/** The PUT body for a draft, or null when the draft holds no entry (nothing to keep). */
function bodyOf(draft: Draft): { value: number | null; note: string; status?: EntryStatus } | null {
  const trimmed = draft.value.trim().replace(',', '.');
  const value = trimmed === '' ? null : Number(trimmed);
  if (value !== null && !Number.isFinite(value)) return null;
  if (draft.mark) return { value, note: draft.note.trim(), status: draft.mark };
  if (value !== null) return { value, note: draft.note.trim() };
  return null;
}

function statusChip(item: TodayItem): { tone: Tone; text: string } {
  const status = item.entry?.status;
  if (status === 'done') return { tone: 'done', text: 'Done' };
  if (status === 'skipped') return { tone: 'skipped', text: 'Skipped' };
  if (status === 'missed') return { tone: 'missed', text: 'Missed' };
  return item.due ? { tone: 'open', text: 'To do' } : { tone: 'muted', text: 'Not due' };
}

function TodayRow({
  item,
  date,
  onWriting,
  onSaved,
}: {
  item: TodayItem;
  date: string;
  onWriting: () => void;
  onSaved: (activityId: string, entry: Entry | null) => void;
}) {
  const { activity, entry } = item;
  const measured = isMeasured(activity);
  const [draft, setDraftState] = useState<Draft>(() => draftOf(entry, measured));
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const [noteOpen, setNoteOpen] = useState(() => !!entry?.note);
  const draftRef = useRef(draft);
  const known = useRef<Entry | null>(entry);
  const savedJson = useRef(JSON.stringify(bodyOf(draft)));
  const saving = useRef(false);
  const again = useRef(false);
  const timer = useRef<number | undefined>(undefined);
  const ids = useId();

  const setDraft = (update: (d: Draft) => Draft) => {
    draftRef.current = update(draftRef.current);
    setDraftState(draftRef.current);
  };

  // A newer entry from the server (another tab, a refresh) replaces an untouched draft.
  useEffect(() => {
    const incoming = entry?.updatedAt ?? '';
    const current = known.current?.updatedAt ?? '';
    const dirty = JSON.stringify(bodyOf(draftRef.current)) !== savedJson.current;
    if (saving.current || dirty || incoming <= current) return;
    known.current = entry;
    draftRef.current = draftOf(entry, measured);
    savedJson.current = JSON.stringify(bodyOf(draftRef.current));
    setDraftState(draftRef.current);
  }, [entry, measured]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const flush = async () => {
    window.clearTimeout(timer.current);
    if (saving.current) {
      again.current = true;
      return;
    }
    saving.current = true;
    try {
      do {
        again.current = false;
        const body = bodyOf(draftRef.current);
        const json = JSON.stringify(body);
        if (json === savedJson.current) continue;
        if (!body && draftRef.current.value.trim() !== '') {
          setState({ kind: 'hint', text: 'Enter a number (0 or more).' });
          continue;
        }
        if (!body && !known.current) {
          if (draftRef.current.note.trim()) setState({ kind: 'hint', text: measured ? 'Enter an amount or skip to keep the note.' : 'Mark it done or skipped to keep the note.' });
          savedJson.current = json;
          continue;
        }
        setState({ kind: 'saving' });
        onWriting();
        if (body) {
          const saved = await api.entries.put(date, activity.id, body);
          known.current = saved;
          onSaved(activity.id, saved);
        } else {
          try {
            await api.entries.remove(date, activity.id);
          } catch (e) {
            if (asApiError(e).status !== 404) throw e;
          }
          known.current = null;
          onSaved(activity.id, null);
        }
        savedJson.current = json;
        setState({ kind: 'saved' });
      } while (again.current);
    } catch (e) {
      setState({ kind: 'error', error: asApiError(e) });
    } finally {
      saving.current = false;
    }
  };

  const later = () => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void flush(), 800);
  };

  const toggle = (mark: EntryStatus) => {
    setDraft((d) => ({ ...d, mark: d.mark === mark ? null : mark }));
    void flush();
  };

  const chip = statusChip(item);
  const stats = activity.stats;
  const weekly = activity.cadence.type === 'weekly' ? activity.cadence.timesPerWeek : null;
  const nameId = `${ids}-name`;

  return (
    <li className={`today-row today-row--${chip.tone}`} aria-labelledby={nameId} data-activity={activity.name}>
      <div className="today-row__head">
        <div className="today-row__title">
          <Link to={`/activities/${activity.id}`} id={nameId} className="today-row__name">
            {activity.name}
          </Link>
          <div className="today-row__meta">
            <span>{cadenceLabel(activity.cadence)}</span>
            {goalLabel(activity) && <span>{goalLabel(activity)}</span>}
            {activity.category && <span className="tag">{activity.category}</span>}
          </div>
        </div>
        <div className="today-row__chips">
          {activity.atRisk && <Chip tone="danger">At risk</Chip>}
          <Chip tone={chip.tone}>
            <span data-testid="row-status">{chip.text}</span>
          </Chip>
        </div>
      </div>

      <div className="today-row__stats" aria-label={`${activity.name}: streak and strength`}>
        <span className="streak" title="Current streak">
          <Icon name="flame" size={16} /> <span data-testid="streak">{occasions(activity, stats.currentStreak)}</span>
          <span className="sr-only"> streak</span>
        </span>
        <span className="strength" title="Habit strength: rises with each completion, fades with misses">
          Strength <strong data-testid="strength">{pct(stats.strength)}</strong>
          <span className="mini-meter" aria-hidden="true">
            <span style={{ width: `${Math.round(stats.strength * 100)}%` }} />
          </span>
        </span>
        {weekly !== null && (
          <span className="muted">
            This week {num(Math.min(stats.weekDone ?? 0, 99))}/{weekly}
          </span>
        )}
        {stats.longestStreak > 0 && <span className="muted">Best {occasions(activity, stats.longestStreak)}</span>}
      </div>

      <div className="today-row__controls">
        {measured ? (
          <div className="amount">
            <label htmlFor={`${ids}-value`} className="sr-only">
              {activity.name}: amount{activity.unit ? ` in ${activity.unit}` : ''}
            </label>
            <input
              id={`${ids}-value`}
              className="amount__input"
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              placeholder="0"
              value={draft.value}
              onChange={(e) => {
                const value = e.target.value;
                setDraft((d) => ({ ...d, value, mark: d.mark === 'skipped' && value !== '' ? null : d.mark }));
                later();
              }}
              onBlur={() => void flush()}
              onKeyDown={(e) => e.key === 'Enter' && void flush()}
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
        ) : (
          <Button
            variant={draft.mark === 'done' ? 'primary' : 'secondary'}
            className="btn--done"
            aria-pressed={draft.mark === 'done'}
            onClick={() => toggle('done')}
            aria-label={`${activity.name}: done`}
          >
            <Icon name="check" /> Done
          </Button>
        )}
        <Button
          variant={draft.mark === 'skipped' ? 'primary' : 'ghost'}
          className="btn--skip"
          aria-pressed={draft.mark === 'skipped'}
          onClick={() => toggle('skipped')}
          aria-label={`${activity.name}: skip`}
        >
          <Icon name="skip" /> Skip
        </Button>
        {!noteOpen && (
          <Button variant="ghost" size="sm" onClick={() => setNoteOpen(true)} aria-label={`${activity.name}: add a note`}>
            <Icon name="note" /> Note
          </Button>
        )}
        <SaveIndicator state={state} onRetry={() => void flush()} />
      </div>

      {noteOpen && (
        <div className="today-row__note">
          <label htmlFor={`${ids}-note`} className="sr-only">
            {activity.name}: note
          </label>
          <input
            id={`${ids}-note`}
            type="text"
            maxLength={1000}
            placeholder="How did it go?"
            value={draft.note}
            onChange={(e) => {
              const note = e.target.value;
              setDraft((d) => ({ ...d, note }));
              later();
            }}
            onBlur={() => void flush()}
          />
        </div>
      )}
    </li>
  );
}

function SaveIndicator({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  return (
    <span className={`save-state save-state--${state.kind}`} role="status" aria-live="polite">
      {state.kind === 'saving' && (
        <>
          <span className="spinner spinner--inline" aria-hidden="true" /> Saving…
        </>
      )}
      {state.kind === 'saved' && (
        <>
          <Icon name="check" size={14} /> Saved
        </>
      )}
      {state.kind === 'hint' && state.text}
      {state.kind === 'error' && (
        <>
          Not saved: {state.error.message}{' '}
          <button type="button" className="link-btn" onClick={onRetry}>
            Retry
          </button>
        </>
      )}
    </span>
  );
}
