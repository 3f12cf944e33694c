import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../../../api/api.ts';
import { asApiError, keyKeeper } from '../../../../api/client.ts';
import type { Activity } from '../../../../api/types.ts';
import { Button, FormError, formErrors, useFocusOnError, useToast } from '../../../../components/ui.tsx';
import { trackingQueries, useTrackingWrite } from '../../queries.ts';
import { AboutFields } from './about-fields.tsx';
import { AppearanceFields } from './appearance-fields.tsx';
import { ACTIVITY_FIELDS, formOf, inputOf, NEW_ACTIVITY, type ActivityFormState, type SectionProps } from './activity-form-state.ts';
import { CadenceFields } from './cadence-fields.tsx';
import { GoalFields } from './goal-fields.tsx';
import { RankFields } from './rank-fields.tsx';
import { ReminderFields } from './reminder-fields.tsx';

/** Creates an activity, or edits `activity`; the API's field errors show beside their fields. */
export function ActivityForm({ activity }: { activity?: Activity }) {
  const navigate = useNavigate();
  const toast = useToast();
  const [form, setForm] = useState<ActivityFormState>(() => (activity ? formOf(activity) : NEW_ACTIVITY));
  const [keyFor] = useState(keyKeeper);
  const formRef = useRef<HTMLFormElement>(null);
  const all = useQuery(trackingQueries.activityIndex());
  const categories = useMemo(
    () => [...new Set((all.data ?? []).map((a) => a.category).filter(Boolean))].sort((a, b) => a.localeCompare(b)),
    [all.data],
  );

  const save = useTrackingWrite((body: ReturnType<typeof inputOf>) =>
    activity ? api.activities.update(activity.id, body) : api.activities.create(body, keyFor(body)),
  );
  const error = save.error ? asApiError(save.error) : null;
  useFocusOnError(formRef, error);
  const errors = formErrors(error, ACTIVITY_FIELDS);
  const section: SectionProps = {
    form,
    set: (key, value) => setForm((f) => ({ ...f, [key]: value })),
    error: errors.field,
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(inputOf(form), {
      onSuccess: (saved) => {
        toast(activity ? `“${saved.name}” saved.` : `“${saved.name}” created.`);
        void navigate(activity ? `/activities/${activity.id}` : '/today');
      },
    });
  };

  return (
    <form ref={formRef} className="card form" onSubmit={submit} noValidate aria-label={activity ? 'Edit activity' : 'New activity'}>
      <FormError message={errors.summary} />
      <AboutFields {...section} categories={categories} />
      <AppearanceFields {...section} />
      <GoalFields {...section} />
      <CadenceFields {...section} />
      <RankFields {...section} />
      <ReminderFields {...section} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {activity ? 'Save changes' : 'Create activity'}
        </Button>
        <Link to={activity ? `/activities/${activity.id}` : '/activities'} className="btn btn--ghost btn--md">
          Cancel
        </Link>
      </div>
    </form>
  );
}
