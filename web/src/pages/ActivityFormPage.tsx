import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/api.ts';
import { asApiError, keyKeeper, type ApiError } from '../api/client.ts';
import type { Activity, ActivityInput } from '../api/types.ts';
import {
  Button,
  Chip,
  ConfirmDialog,
  ErrorBox,
  Field,
  FieldSet,
  FormError,
  formErrors,
  PageHeader,
  Spinner,
  useFocusOnError,
  useToast,
} from '../components/ui.tsx';
import { longDate } from '../lib/dates.ts';
import { capitalize, WEEKDAYS, weekdayName } from '../lib/format.ts';
import { useResource, useTitle } from '../lib/hooks.ts';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { STATUS_TONE } from './ActivitiesPage.tsx';

interface FormState {
  name: string;
  description: string;
  category: string;
  unit: string;
  goal: string;
  direction: 'positive' | 'negative';
  cadenceType: 'daily' | 'weekly' | 'weekdays';
  timesPerWeek: string;
  weekdays: string[];
  difficulty: 'easy' | 'medium' | 'hard';
  priority: 'low' | 'medium' | 'high';
}

const EMPTY: FormState = {
  name: '',
  description: '',
  category: '',
  unit: '',
  goal: '',
  direction: 'positive',
  cadenceType: 'daily',
  timesPerWeek: '3',
  weekdays: ['mon', 'wed', 'fri'],
  difficulty: 'medium',
  priority: 'medium',
};

function formOf(a: Activity): FormState {
  return {
    name: a.name,
    description: a.description,
    category: a.category,
    unit: a.unit,
    goal: a.goal === null ? '' : String(a.goal),
    direction: a.direction,
    cadenceType: a.cadence.type,
    timesPerWeek: a.cadence.type === 'weekly' ? String(a.cadence.timesPerWeek) : '3',
    weekdays: a.cadence.type === 'weekdays' ? a.cadence.weekdays : ['mon', 'wed', 'fri'],
    difficulty: a.difficulty,
    priority: a.priority,
  };
}

/** The body to send. A goal that is not a number is sent as it is typed, so the API names the problem. */
function inputOf(f: FormState): ActivityInput {
  const goalText = f.goal.trim().replace(',', '.');
  const cadence: ActivityInput['cadence'] =
    f.cadenceType === 'daily'
      ? { type: 'daily' }
      : f.cadenceType === 'weekly'
        ? { type: 'weekly', timesPerWeek: Number(f.timesPerWeek) }
        : { type: 'weekdays', weekdays: WEEKDAYS.filter((d) => f.weekdays.includes(d)) };
  return {
    name: f.name,
    description: f.description,
    category: f.category,
    unit: f.unit,
    goal: goalText === '' ? null : Number.isFinite(Number(goalText)) ? Number(goalText) : (goalText as unknown as number),
    direction: f.direction,
    cadence,
    difficulty: f.difficulty,
    priority: f.priority,
  };
}

const FIELDS = ['name', 'description', 'category', 'unit', 'goal', 'direction', 'cadence', 'difficulty', 'priority'] as const;

export function ActivityFormPage({ id }: { id?: string }) {
  const editing = id !== undefined;
  useTitle(editing ? 'Edit activity' : 'New activity');
  const toast = useToast();
  const res = useResource((signal) => (id ? api.activities.get(id, signal) : Promise.resolve(undefined)), [id]);
  const categories = useResource((signal) => api.activities.all('all', signal), []);
  const [form, setForm] = useState<FormState>(EMPTY);
  const [loaded, setLoaded] = useState(!editing);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const key = useRef(keyKeeper());
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);

  useEffect(() => {
    if (res.data && !loaded) {
      setForm(formOf(res.data));
      setLoaded(true);
    }
  }, [res.data, loaded]);

  const knownCategories = useMemo(
    () => [...new Set((categories.data ?? []).map((a) => a.category).filter(Boolean))].sort((a, b) => a.localeCompare(b)),
    [categories.data],
  );

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const errors = formErrors(error, FIELDS);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = inputOf(form);
    try {
      if (id) {
        await api.activities.update(id, body);
        toast(`“${body.name.trim()}” saved.`);
        navigate(`/activities/${id}`);
      } else {
        const created = await api.activities.create(body, key.current(body));
        toast(`“${created.name}” created.`);
        navigate('/today');
      }
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  };

  if (editing && !res.data) {
    return (
      <div className="page">
        <PageHeader title="Edit activity" />
        <ErrorBox error={res.error} onRetry={res.reload} />
        {!res.error && <Spinner />}
      </div>
    );
  }

  const activity = res.data;
  return (
    <div className="page page--narrow">
      <PageHeader
        title={editing ? `Edit “${activity?.name ?? ''}”` : 'New activity'}
        subtitle={editing ? 'Changes keep the history: renaming or re-categorising never loses an entry.' : 'A habit to build, or one to cut down.'}
        actions={
          activity && (
            <Link to={`/activities/${activity.id}`} className="btn btn--ghost btn--md">
              Stats
            </Link>
          )
        }
      />
      <form ref={formRef} className="card form" onSubmit={submit} noValidate aria-label={editing ? 'Edit activity' : 'New activity'}>
        <FormError message={errors.summary} />
        <Field label="Name" error={errors.field('name')}>
          {(p) => <input {...p} aria-required="true" maxLength={80} value={form.name} onChange={(e) => set('name', e.target.value)} placeholder="e.g. Run, Read, Meditate" />}
        </Field>
        <Field label="Description" error={errors.field('description')} hint="Optional: why it matters, how you do it.">
          {(p) => <textarea {...p} rows={2} maxLength={500} value={form.description} onChange={(e) => set('description', e.target.value)} />}
        </Field>
        <div className="form-row">
          <Field label="Category" error={errors.field('category')} hint="Groups activities on the dashboard.">
            {(p) => (
              <>
                <input {...p} list="category-options" maxLength={40} value={form.category} onChange={(e) => set('category', e.target.value)} placeholder="e.g. fitness" />
                <datalist id="category-options">
                  {knownCategories.map((c) => (
                    <option key={c} value={c} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field label="Unit" error={errors.field('unit')} hint="Leave empty for a plain check-in.">
            {(p) => <input {...p} maxLength={20} value={form.unit} onChange={(e) => set('unit', e.target.value)} placeholder="e.g. km, min, pages" />}
          </Field>
        </div>

        <FieldSet legend="Direction" error={errors.field('direction')}>
          <div className="choice-row">
            <label className="choice">
              <input type="radio" name="direction" checked={form.direction === 'positive'} onChange={() => set('direction', 'positive')} />
              <span>
                <strong>Build it</strong>
                <small>Do at least the goal</small>
              </span>
            </label>
            <label className="choice">
              <input type="radio" name="direction" checked={form.direction === 'negative'} onChange={() => set('direction', 'negative')} />
              <span>
                <strong>Cut down</strong>
                <small>Stay at or under a limit</small>
              </span>
            </label>
          </div>
        </FieldSet>

        <Field
          label={form.direction === 'negative' ? 'Daily limit' : 'Daily goal'}
          error={errors.field('goal')}
          hint={
            form.direction === 'negative'
              ? 'A day is done when the amount stays at or under this limit. Empty: done at zero.'
              : 'A day is done when the amount reaches this goal. Empty: any amount counts.'
          }
        >
          {(p) => (
            <input {...p} type="number" inputMode="decimal" min={0} step="any" value={form.goal} onChange={(e) => set('goal', e.target.value)} placeholder="none" />
          )}
        </Field>

        <FieldSet legend="How often" error={errors.field('cadence')}>
          <div className="choice-row">
            {(
              [
                ['daily', 'Every day'],
                ['weekly', 'Times a week'],
                ['weekdays', 'On set days'],
              ] as const
            ).map(([value, label]) => (
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
                {[1, 2, 3, 4, 5, 6, 7].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
              <span className="muted">any days of the week</span>
            </div>
          )}
          {form.cadenceType === 'weekdays' && (
            <div className="weekday-picker" role="group" aria-label="Days of the week">
              {WEEKDAYS.map((d) => (
                <label key={d} className="weekday">
                  <input
                    type="checkbox"
                    checked={form.weekdays.includes(d)}
                    onChange={(e) =>
                      set('weekdays', e.target.checked ? [...form.weekdays, d] : form.weekdays.filter((x) => x !== d))
                    }
                  />
                  <span>{weekdayName(d)}</span>
                </label>
              ))}
            </div>
          )}
        </FieldSet>

        <div className="form-row">
          <Field label="Difficulty" error={errors.field('difficulty')}>
            {(p) => (
              <select {...p} value={form.difficulty} onChange={(e) => set('difficulty', e.target.value as FormState['difficulty'])}>
                <option value="easy">Easy</option>
                <option value="medium">Medium</option>
                <option value="hard">Hard</option>
              </select>
            )}
          </Field>
          <Field label="Priority" error={errors.field('priority')} hint="Higher priority comes first on Today.">
            {(p) => (
              <select {...p} value={form.priority} onChange={(e) => set('priority', e.target.value as FormState['priority'])}>
                <option value="high">High</option>
                <option value="medium">Medium</option>
                <option value="low">Low</option>
              </select>
            )}
          </Field>
        </div>

        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy}>
            {editing ? 'Save changes' : 'Create activity'}
          </Button>
          <Link to={editing ? `/activities/${id}` : '/activities'} className="btn btn--ghost btn--md">
            Cancel
          </Link>
        </div>
      </form>

      {activity && <ActivityManagement activity={activity} onChange={res.reload} />}
    </div>
  );
}

/** Status, pauses and deletion of an existing activity. */
function ActivityManagement({ activity, onChange }: { activity: Activity; onChange: () => void }) {
  const toast = useToast();
  const { today } = useSession();
  const todayDate = today();
  const [from, setFrom] = useState(todayDate);
  const [to, setTo] = useState('');
  const [pauseError, setPauseError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const keys = useRef(keyKeeper());
  const pauseErrors = formErrors(pauseError, ['from', 'to']);

  const run = async (what: string, action: () => Promise<unknown>, done: string) => {
    setBusy(what);
    try {
      await action();
      toast(done);
      onChange();
    } catch (e) {
      toast(asApiError(e).message, 'error');
    } finally {
      setBusy(null);
    }
  };

  const addPause = async (e: FormEvent) => {
    e.preventDefault();
    setPauseError(null);
    setBusy('pause');
    const body = to ? { from, to } : { from };
    try {
      await api.activities.addPause(activity.id, body, keys.current({ pause: body }));
      toast(to ? `Paused from ${longDate(from)} to ${longDate(to)}.` : `Paused from ${longDate(from)} until you resume.`);
      setTo('');
      onChange();
    } catch (err) {
      setPauseError(asApiError(err));
    } finally {
      setBusy(null);
    }
  };

  const pauses = [...activity.pauses].sort((a, b) => a.from.localeCompare(b.from));
  return (
    <>
      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading" className="card__title">
          Status <Chip tone={STATUS_TONE[activity.status]}>{capitalize(activity.status)}</Chip>
        </h2>
        {activity.status === 'archived' ? (
          <>
            <p className="muted">Archived: not due, not on Today. Its history stays until you delete it.</p>
            <Button
              busy={busy === 'activate'}
              onClick={() => run('activate', () => api.activities.activate(activity.id, keys.current({ activate: activity.updatedAt })), 'Active again.')}
            >
              Activate
            </Button>
          </>
        ) : (
          <>
            <p className="muted">Archive an activity you stopped doing: it is no longer due, and its history and stats stay.</p>
            <Button
              busy={busy === 'deactivate'}
              onClick={() =>
                run('deactivate', () => api.activities.deactivate(activity.id, keys.current({ deactivate: activity.updatedAt })), 'Archived.')
              }
            >
              Archive
            </Button>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="pauses-heading">
        <h2 id="pauses-heading" className="card__title">
          Pauses
        </h2>
        <p className="muted">Travel, illness, a rest week: paused days are neither due nor missed, and the streak waits for you.</p>
        {pauses.length > 0 && (
          <ul className="pause-list">
            {pauses.map((p) => {
              const current = p.from <= todayDate && (!p.to || p.to >= todayDate);
              return (
                <li key={p.from}>
                  <span>
                    {longDate(p.from)} → {p.to ? longDate(p.to) : 'until resumed'} {current && <Chip tone="warn">now</Chip>}
                  </span>
                  <Button
                    size="sm"
                    variant="ghost"
                    busy={busy === `remove-${p.from}`}
                    onClick={() => run(`remove-${p.from}`, () => api.activities.removePause(activity.id, p.from), 'Pause removed.')}
                    aria-label={`Remove the pause from ${longDate(p.from)}`}
                  >
                    Remove
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
        {activity.status === 'paused' && (
          <Button
            variant="primary"
            busy={busy === 'resume'}
            onClick={() => run('resume', () => api.activities.resume(activity.id, keys.current({ resume: activity.updatedAt })), 'Resumed: due again from today.')}
          >
            Resume now
          </Button>
        )}
        <form className="pause-form" onSubmit={addPause} noValidate aria-label="Add a pause">
          <FormError message={pauseErrors.summary} />
          <div className="form-row form-row--tight">
            <Field label="From" error={pauseErrors.field('from')}>
              {(p) => <input {...p} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
            </Field>
            <Field label="To (optional)" error={pauseErrors.field('to')} hint="Empty: until you resume.">
              {(p) => <input {...p} type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />}
            </Field>
          </div>
          <Button type="submit" busy={busy === 'pause'}>
            Add pause
          </Button>
        </form>
      </section>

      <section className="card card--danger" aria-labelledby="delete-heading">
        <h2 id="delete-heading" className="card__title">
          Delete
        </h2>
        <p className="muted">Deleting removes the activity and all of its entries for good. Only archived activities can be deleted.</p>
        <Button variant="danger" onClick={() => setConfirmDelete(true)}>
          Delete activity
        </Button>
      </section>

      <ConfirmDialog
        open={confirmDelete}
        title={`Delete “${activity.name}”?`}
        body={<p>This removes the activity and every entry it has. It cannot be undone.</p>}
        confirmLabel="Delete for good"
        danger
        onClose={() => setConfirmDelete(false)}
        onConfirm={async () => {
          await api.activities.remove(activity.id);
          toast(`“${activity.name}” deleted.`);
          navigate('/activities?status=archived');
        }}
      />
    </>
  );
}
