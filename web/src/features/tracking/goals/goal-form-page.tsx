import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../../api/api.ts';
import { inUserOrder } from '../../../api/appearance.ts';
import { asApiError, keyKeeper } from '../../../api/client.ts';
import { LIMITS } from '../../../api/limits.ts';
import { loadError } from '../../../api/query-error.ts';
import type { Goal } from '../../../api/types.ts';
import { Button, ErrorBox, Field, FieldSet, FormError, formErrors, PageHeader, Spinner, useFocusOnError, useToast } from '../../../components/ui.tsx';
import { useTitle } from '../../../lib/use-title.ts';
import { useSession } from '../../account/session.tsx';
import { trackingQueries, useTrackingWrite } from '../queries.ts';
import { formOf, goalInput, linksOf, newGoal, type GoalFormState } from './goal-form-state.ts';
import { LinkRows } from './link-rows.tsx';

/** `/goals/new`, or `/goals/{id}/edit`. */
export function GoalFormPage({ id }: { id?: string }) {
  useTitle(id ? 'Edit goal' : 'New goal');
  return id ? <EditGoal id={id} /> : <GoalForm />;
}

function EditGoal({ id }: { id: string }) {
  const query = useQuery(trackingQueries.goal(id));
  if (!query.data) {
    return (
      <div className="page">
        <PageHeader title="Edit goal" />
        <ErrorBox error={loadError(query)} onRetry={() => void query.refetch()} />
        {query.isPending && <Spinner />}
      </div>
    );
  }
  return <GoalForm goal={query.data} />;
}

function GoalForm({ goal }: { goal?: Goal }) {
  const { today } = useSession();
  const toast = useToast();
  const navigate = useNavigate();
  const activities = useQuery(trackingQueries.activityIndex());
  const [form, setForm] = useState<GoalFormState>(() => (goal ? formOf(goal) : newGoal(today())));
  const [keyFor] = useState(keyKeeper);
  const formRef = useRef<HTMLFormElement>(null);

  const save = useTrackingWrite(async (f: GoalFormState): Promise<Goal> => {
    const body = goalInput(f);
    const links = linksOf(f.links);
    if (!goal) return api.goals.create({ ...body, links }, keyFor({ ...body, links }));
    const updated = await api.goals.update(goal.id, body);
    const before = JSON.stringify(goal.links.map((l) => ({ activityId: l.activityId, weight: l.weight })));
    return JSON.stringify(links) !== before ? api.goals.setLinks(goal.id, links) : updated;
  });
  const error = save.error ? asApiError(save.error) : null;
  useFocusOnError(formRef, error);
  // A link's weight has its own field; anything else about the link (its activity) marks the row's activity.
  const linkFields = form.links.flatMap((_, i) => [`links.${i}.weight`, `links.${i}`]);
  const errors = formErrors(error, ['name', 'description', 'targetValue', 'unit', 'startDate', 'deadline', ...linkFields, 'links']);
  const set = <K extends keyof GoalFormState>(k: K, v: GoalFormState[K]) => setForm((f) => ({ ...f, [k]: v }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(form, {
      onSuccess: (saved) => {
        toast(goal ? `“${saved.name}” saved.` : `“${saved.name}” created.`);
        // The list marks the saved goal; its progress follows from the consumer a moment later.
        void navigate(`/goals?saved=${saved.id}`);
      },
    });
  };

  const max = LIMITS.goal;
  const options = inUserOrder((activities.data ?? []).filter((a) => a.status !== 'archived' || form.links.some((l) => l.activityId === a.id)));
  return (
    <div className="page page--narrow">
      <PageHeader
        title={goal ? `Edit “${goal.name}”` : 'New goal'}
        subtitle="Each linked activity adds its logged values (or 1 per check-in) from the start date on, times its weight."
      />
      <form ref={formRef} className="card form" onSubmit={submit} noValidate aria-label={goal ? 'Edit goal' : 'New goal'}>
        <FormError message={errors.summary} />
        <Field label="Name" error={errors.field('name')}>
          {(p) => <input {...p} aria-required="true" maxLength={max.name} value={form.name} onChange={(e) => set('name', e.target.value)} placeholder="e.g. Run 100 km" />}
        </Field>
        <Field label="Description" error={errors.field('description')}>
          {(p) => <textarea {...p} rows={2} maxLength={max.description} value={form.description} onChange={(e) => set('description', e.target.value)} />}
        </Field>
        <div className="form-row">
          <Field label="Target" error={errors.field('targetValue')}>
            {(p) => (
              <input {...p} aria-required="true" type="number" inputMode="decimal" min={0} step="any" value={form.targetValue} onChange={(e) => set('targetValue', e.target.value)} />
            )}
          </Field>
          <Field label="Unit" error={errors.field('unit')}>
            {(p) => <input {...p} maxLength={max.unit} value={form.unit} onChange={(e) => set('unit', e.target.value)} placeholder="e.g. km" />}
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
          <ErrorBox error={loadError(activities)} onRetry={() => void activities.refetch()} />
          <LinkRows rows={form.links} options={options} error={errors.field} onChange={(links) => set('links', links)} />
        </FieldSet>

        <div className="form-actions">
          <Button type="submit" variant="primary" busy={save.isPending}>
            {goal ? 'Save goal' : 'Create goal'}
          </Button>
          <Link to="/goals" className="btn btn--ghost btn--md">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
