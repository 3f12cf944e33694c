import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/api.ts';
import { newIdempotencyKey, type ApiError } from '../../api/client.ts';
import type { Camera, CameraChanges, CameraInput } from '../../api/types.ts';
import { Button, Dialog, Field, FormError, formErrors } from '../../components/ui.tsx';
import { cameraKeys } from './queries.ts';

const WIDTHS = [320, 640, 960, 1280, 1920];
const FIELDS = ['name', 'rtspUrl', 'username', 'password', 'maxWidth', 'maxFps'] as const;

/** Add or change a camera. The password is never shown: left empty when editing, it stays as it is. */
export function CameraFormDialog({ camera, open, onClose }: { camera?: Camera; open: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const key = useRef(newIdempotencyKey());
  const [source, setSource] = useState<'rtsp' | 'demo'>(camera?.source ?? 'rtsp');
  const save = useMutation<Camera, ApiError, FormData>({
    mutationFn: (form) => {
      const raw = (name: string) => {
        const value = form.get(name);
        return typeof value === 'string' ? value : '';
      };
      const text = (name: string) => raw(name).trim();
      const base = { name: text('name'), enabled: form.get('enabled') === 'on', maxWidth: Number(text('maxWidth')), maxFps: Number(text('maxFps')) };
      const rtsp = source === 'rtsp' ? { rtspUrl: text('rtspUrl'), ...(text('username') ? { username: text('username') } : {}), ...(text('password') ? { password: raw('password') } : {}) } : {};
      if (camera) return api.cameras.update(camera.id, { ...base, ...rtsp } satisfies CameraChanges);
      return api.cameras.create({ ...base, source, ...rtsp } satisfies CameraInput, key.current);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: cameraKeys.all });
      key.current = newIdempotencyKey();
      onClose();
    },
  });
  const errors = formErrors(save.error, FIELDS);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    save.mutate(new FormData(e.currentTarget));
  };
  return (
    <Dialog open={open} title={camera ? `Edit ${camera.name}` : 'Add a camera'} onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label={camera ? 'Edit camera' : 'Add camera'}>
        <FormError message={errors.summary} />
        <Field label="Name" error={errors.field('name')}>
          {(p) => <input {...p} name="name" defaultValue={camera?.name} required maxLength={80} />}
        </Field>
        {!camera && (
          <Field label="Source">
            {(p) => (
              <select {...p} name="source" value={source} onChange={(e) => setSource(e.target.value as 'rtsp' | 'demo')}>
                <option value="rtsp">RTSP camera</option>
                <option value="demo">Demo picture (no camera needed)</option>
              </select>
            )}
          </Field>
        )}
        {source === 'rtsp' && (
          <>
            <Field label="RTSP address" hint="Without user name or password, e.g. rtsp://192.168.1.20:554/stream1" error={errors.field('rtspUrl')}>
              {(p) => <input {...p} name="rtspUrl" defaultValue={camera?.rtspUrl ?? ''} placeholder="rtsp://" inputMode="url" />}
            </Field>
            <div className="form-row">
              <Field label="User name" error={errors.field('username')} hint={camera?.hasCredentials ? 'Leave empty to keep the stored one' : undefined}>
                {(p) => <input {...p} name="username" autoComplete="off" />}
              </Field>
              <Field label="Password" error={errors.field('password')} hint={camera?.hasCredentials ? 'Leave empty to keep the stored one' : 'Stored encrypted; never shown again'}>
                {(p) => <input {...p} name="password" type="password" autoComplete="new-password" />}
              </Field>
            </div>
          </>
        )}
        <div className="form-row">
          <Field label="Largest width" error={errors.field('maxWidth')}>
            {(p) => (
              <select {...p} name="maxWidth" defaultValue={camera?.maxWidth ?? 640}>
                {WIDTHS.map((w) => (
                  <option key={w} value={w}>
                    {w} px
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Frames per second (at most)" error={errors.field('maxFps')}>
            {(p) => <input {...p} name="maxFps" type="number" min={1} max={30} defaultValue={camera?.maxFps ?? 10} />}
          </Field>
        </div>
        <label className="choice choice--compact">
          <input type="checkbox" name="enabled" defaultChecked={camera?.enabled ?? true} /> Enabled
        </label>
        <div className="dialog__footer">
          <Button type="button" variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            {camera ? 'Save' : 'Add camera'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
