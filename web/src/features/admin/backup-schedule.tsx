import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/api.ts';
import { newIdempotencyKey, type ApiError } from '../../api/client.ts';
import type { BackupScheduleView } from '../../api/types.ts';
import { Button, ConfirmDialog, ErrorBox, Field, FormError, Spinner, useFormAction, useToast } from '../../components/ui.tsx';
import { toInstant, toLocalInput, When } from './common.tsx';
import { adminKeys, backupSchedule } from './queries.ts';

const FIELDS = ['enabled', 'intervalDays', 'retention'] as const;

function ScheduleForm({ schedule }: { schedule: BackupScheduleView }) {
  const client = useQueryClient();
  const toast = useToast();
  const { busy, errors, formRef, run } = useFormAction(FIELDS);
  const [enabled, setEnabled] = useState(schedule.enabled);
  const [intervalDays, setIntervalDays] = useState(String(schedule.intervalDays));
  const [retention, setRetention] = useState(String(schedule.retention));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(
      async () => {
        await api.admin.setBackupSchedule({ enabled, intervalDays: Number(intervalDays), retention: Number(retention) });
        await client.invalidateQueries({ queryKey: adminKeys.backupSchedule() });
        toast('Backup schedule saved');
      },
      { idleAfter: true },
    );
  };
  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label="Backup schedule">
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Back up every user on a schedule
      </label>
      <div className="filters__grid admin-schedule__grid">
        <Field label="Every (days)" error={errors.field('intervalDays')}>
          {(p) => <input {...p} type="number" min={1} max={90} inputMode="numeric" value={intervalDays} onChange={(e) => setIntervalDays(e.target.value)} />}
        </Field>
        <Field label="Backups kept per user" error={errors.field('retention')} hint="Older ones are removed, the user’s own included.">
          {(p) => <input {...p} type="number" min={1} max={100} inputMode="numeric" value={retention} onChange={(e) => setRetention(e.target.value)} />}
        </Field>
      </div>
      <FormError message={errors.summary} />
      <Button type="submit" variant="primary" size="sm" busy={busy}>
        Save schedule
      </Button>
      {schedule.updatedAt && (
        <p className="muted small">
          Last set <When at={schedule.updatedAt} />
          {schedule.updatedBy ? ` by ${schedule.updatedBy}` : ''}. The job runs daily at 03:30 UTC.
        </p>
      )}
    </form>
  );
}

/** "Restore all": every user back to their newest backup made at or before a chosen time. */
function RestoreAll() {
  const toast = useToast();
  const [local, setLocal] = useState(() => toLocalInput(new Date().toISOString()));
  const [confirming, setConfirming] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const at = toInstant(local);
  return (
    <div className="admin-restore-all">
      <div className="field">
        <label htmlFor="restore-all-at">Restore everyone as of</label>
        <input id="restore-all-at" type="datetime-local" value={local} onChange={(e) => setLocal(e.target.value)} />
      </div>
      <Button variant="danger" size="sm" disabled={!at} onClick={() => setConfirming(true)}>
        Restore all users…
      </Button>
      <ConfirmDialog
        open={confirming}
        title="Restore every user?"
        body="Each user’s data is put back as their newest backup at or before that time had it; what they changed since is removed. Users without such a backup are left alone."
        confirmLabel="Restore all"
        danger
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          const queued = await api.admin.restoreAll(at!, `${key}-${at}`);
          toast(`Restore of every user as of ${new Date(queued.at).toLocaleString()} queued — see Jobs (restore-user).`);
        }}
      />
    </div>
  );
}

/** The backup schedule and "restore all", on the Backups page. */
export function BackupSchedulePanel() {
  const schedule = useQuery(backupSchedule());
  return (
    <section className="card" aria-labelledby="schedule-title">
      <h2 className="card__title" id="schedule-title">
        Schedule
      </h2>
      {schedule.isPending && <Spinner />}
      <ErrorBox error={schedule.error as ApiError | undefined} onRetry={() => void schedule.refetch()} />
      {schedule.data && <ScheduleForm key={schedule.data.updatedAt ?? 'default'} schedule={schedule.data} />}
      <hr className="admin-rule" />
      <RestoreAll />
    </section>
  );
}
