import { useState, type FormEvent } from 'react';
import { api } from '../../../../api/api.ts';
import { asApiError, keyKeeper } from '../../../../api/client.ts';
import type { Activity, PauseInput } from '../../../../api/types.ts';
import { Button, Chip, Field, FormError, formErrors, useToast } from '../../../../components/ui.tsx';
import { longDate } from '../../../../lib/dates.ts';
import { useSession } from '../../../account/session.tsx';
import { useTrackingWrite } from '../../queries.ts';

/** The activity's pauses: add a range (open-ended or not), remove one, resume a paused activity now. */
export function PausesSection({ activity }: { activity: Activity }) {
  const toast = useToast();
  const { today } = useSession();
  const todayDate = today();
  const [from, setFrom] = useState(todayDate);
  const [to, setTo] = useState('');
  const [keyFor] = useState(keyKeeper);

  const add = useTrackingWrite((body: PauseInput) => api.activities.addPause(activity.id, body, keyFor({ pause: body })));
  const remove = useTrackingWrite((pauseFrom: string) => api.activities.removePause(activity.id, pauseFrom));
  const resume = useTrackingWrite(() => api.activities.resume(activity.id, keyFor({ resume: activity.updatedAt })));
  const failed = (e: unknown) => toast(asApiError(e).message, 'error');
  const errors = formErrors(add.error ? asApiError(add.error) : null, ['from', 'to']);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(to ? { from, to } : { from }, {
      onSuccess: () => {
        toast(to ? `Paused from ${longDate(from)} to ${longDate(to)}.` : `Paused from ${longDate(from)} until you resume.`);
        setTo('');
      },
    });
  };

  const pauses = [...activity.pauses].sort((a, b) => a.from.localeCompare(b.from));
  return (
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
                  busy={remove.isPending && remove.variables === p.from}
                  onClick={() => remove.mutate(p.from, { onSuccess: () => toast('Pause removed.'), onError: failed })}
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
          busy={resume.isPending}
          onClick={() => resume.mutate(undefined, { onSuccess: () => toast('Resumed: due again from today.'), onError: failed })}
        >
          Resume now
        </Button>
      )}
      <form className="pause-form" onSubmit={submit} noValidate aria-label="Add a pause">
        <FormError message={errors.summary} />
        <div className="form-row form-row--tight">
          <Field label="From" error={errors.field('from')}>
            {(p) => <input {...p} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field label="To (optional)" error={errors.field('to')} hint="Empty: until you resume.">
            {(p) => <input {...p} type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />}
          </Field>
        </div>
        <Button type="submit" busy={add.isPending}>
          Add pause
        </Button>
      </form>
    </section>
  );
}
