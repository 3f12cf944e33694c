import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/api.ts';
import { asApiError, keyKeeper, type ApiError } from '../api/client.ts';
import type { Goal, GoalInput, GoalLink } from '../api/types.ts';
import { Icon } from '../components/icons.tsx';
import { Button, ErrorBox, Field, FieldSet, FormError, formErrors, PageHeader, Spinner, useFocusOnError, useToast } from '../components/ui.tsx';
import { useResource, useTitle } from '../lib/hooks.ts';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';

interface LinkRow {
  activityId: string;
  weight: string;
}

interface FormState {
  name: string;
  description: string;
  targetValue: string;
  unit: string;
  startDate: string;
  deadline: string;
  links: LinkRow[];
}

const toNumber = (s: string): number => {
  const t = s.trim().replace(',', '.');
  return t === '' ? Number.NaN : Number(t);
};

/** Numbers as typed: an empty or bad one goes as it is, and the API names the field. */
const numberOrRaw = (s: string): number =>
  s.trim() === '' ? (undefined as unknown as number) : Number.isFinite(toNumber(s)) ? toNumber(s) : (s.trim() as unknown as number);

function goalInput(f: FormState): GoalInput {
  return {
    name: f.name,
    description: f.description,
    targetValue: numberOrRaw(f.targetValue),
    unit: f.unit,
    startDate: f.startDate || undefined,
    deadline: f.deadline || null,
  };
}

const linksOf = (rows: LinkRow[]): GoalLink[] =>
  rows.filter((r) => r.activityId).map((r) => ({ activityId: r.activityId, weight: numberOrRaw(r.weight) }));

function formOf(g: Goal): FormState {
  return {
    name: g.name,
    description: g.description,
    targetValue: String(g.targetValue),
    unit: g.unit,
    startDate: g.startDate,
    deadline: g.deadline ?? '',
    links: g.links.map((l) => ({ activityId: l.activityId, weight: String(l.weight) })),
  };
}

export function GoalFormPage({ id }: { id?: string }) {
  const editing = id !== undefined;
  useTitle(editing ? 'Edit goal' : 'New goal');
  const { today } = useSession();
  const toast = useToast();
  const goal = useResource((signal) => (id ? api.goals.get(id, signal) : Promise.resolve(undefined)), [id]);
  const activities = useResource((signal) => api.activities.all('all', signal), []);
  const [form, setForm] = useState<FormState>(() => ({
    name: '',
    description: '',
    targetValue: '',
    unit: '',
    startDate: today(),
    deadline: '',
    links: [{ activityId: '', weight: '1' }],
  }));
  const [loaded, setLoaded] = useState(!editing);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const key = useRef(keyKeeper());
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);

  useEffect(() => {
    if (goal.data && !loaded) {
      setForm(formOf(goal.data));
      setLoaded(true);
    }
  }, [goal.data, loaded]);

  const linkFields = form.links.map((_, i) => `links.${i}`);
  const errors = formErrors(error, ['name', 'description', 'targetValue', 'unit', 'startDate', 'deadline', ...linkFields, 'links']);
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const setLink = (i: number, change: Partial<LinkRow>) =>
    setForm((f) => ({ ...f, links: f.links.map((l, j) => (j === i ? { ...l, ...change } : l)) }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = goalInput(form);
    const links = linksOf(form.links);
    try {
      if (id && goal.data) {
        await api.goals.update(id, body);
        const before = JSON.stringify(goal.data.links.map((l) => ({ activityId: l.activityId, weight: l.weight })));
        if (JSON.stringify(links) !== before) await api.goals.setLinks(id, links);
        toast(`“${body.name.trim()}” saved.`);
        navigate(`/goals?saved=${id}`);
      } else {
        const created = await api.goals.create({ ...body, links }, key.current({ ...body, links }));
        toast(`“${created.name}” created.`);
        navigate(`/goals?saved=${created.id}`);
      }
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  };

  if (editing && !goal.data) {
    return (
      <div className="page">
        <PageHeader title="Edit goal" />
        <ErrorBox error={goal.error} onRetry={goal.reload} />
        {!goal.error && <Spinner />}
      </div>
    );
  }

  const options = (activities.data ?? []).filter((a) => a.status !== 'archived' || form.links.some((l) => l.activityId === a.id));
  return (
    <div className="page page--narrow">
      <PageHeader
        title={editing ? `Edit “${goal.data?.name ?? ''}”` : 'New goal'}
        subtitle="Each linked activity adds its logged values (or 1 per check-in) from the start date on, times its weight."
      />
      <form ref={formRef} className="card form" onSubmit={submit} noValidate aria-label={editing ? 'Edit goal' : 'New goal'}>
        <FormError message={errors.summary} />
        <Field label="Name" error={errors.field('name')}>
          {(p) => <input {...p} aria-required="true" maxLength={80} value={form.name} onChange={(e) => set('name', e.target.value)} placeholder="e.g. Run 100 km" />}
        </Field>
        <Field label="Description" error={errors.field('description')}>
          {(p) => <textarea {...p} rows={2} maxLength={500} value={form.description} onChange={(e) => set('description', e.target.value)} />}
        </Field>
        <div className="form-row">
          <Field label="Target" error={errors.field('targetValue')}>
            {(p) => (
              <input {...p} aria-required="true" type="number" inputMode="decimal" min={0} step="any" value={form.targetValue} onChange={(e) => set('targetValue', e.target.value)} />
            )}
          </Field>
          <Field label="Unit" error={errors.field('unit')}>
            {(p) => <input {...p} maxLength={20} value={form.unit} onChange={(e) => set('unit', e.target.value)} placeholder="e.g. km" />}
          </Field>
        </div>
        <div className="form-row">
          <Field label="Start date" error={errors.field('startDate')} hint="Entries from this day on count.">
            {(p) => <input {...p} type="date" value={form.startDate} onChange={(e) => set('startDate', e.target.value)} />}
          </Field>
          <Field label="Deadline (optional)" error={errors.field('deadline')}>
            {(p) => <input {...p} type="date" value={form.deadline} min={form.startDate} onChange={(e) => set('deadline', e.target.value)} />}
          </Field>
        </div>

        <FieldSet legend="Linked activities" error={errors.field('links')} hint="Weight: how much one unit of the activity counts towards the goal.">
          {activities.error && <ErrorBox error={activities.error} onRetry={activities.reload} />}
          <ul className="link-rows">
            {form.links.map((row, i) => (
              <li key={i} className="link-row">
                <Field label={`Activity ${i + 1}`} error={errors.field(`links.${i}`)}>
                  {(p) => (
                    <select {...p} value={row.activityId} onChange={(e) => setLink(i, { activityId: e.target.value })}>
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
                <Field label="Weight" className="field--weight">
                  {(p) => (
                    <input {...p} type="number" inputMode="decimal" min={0} step="any" value={row.weight} onChange={(e) => setLink(i, { weight: e.target.value })} />
                  )}
                </Field>
                <Button
                  size="sm"
                  variant="ghost"
                  className="link-row__remove"
                  onClick={() => set('links', form.links.filter((_, j) => j !== i))}
                  aria-label={`Remove activity ${i + 1}`}
                >
                  <Icon name="close" />
                </Button>
              </li>
            ))}
          </ul>
          {form.links.length < 20 && (
            <Button size="sm" onClick={() => set('links', [...form.links, { activityId: '', weight: '1' }])}>
              <Icon name="plus" /> Link another activity
            </Button>
          )}
        </FieldSet>

        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy}>
            {editing ? 'Save goal' : 'Create goal'}
          </Button>
          <Link to="/goals" className="btn btn--ghost btn--md">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
