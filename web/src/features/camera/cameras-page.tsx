import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/api.ts';
import type { ApiError } from '../../api/client.ts';
import type { Camera } from '../../api/types.ts';
import { Icon } from '../../components/icons.tsx';
import { Button, Chip, ConfirmDialog, Empty, ErrorBox, PageHeader, Spinner } from '../../components/ui.tsx';
import { useTitle } from '../../lib/use-title.ts';
import { useSession } from '../account/session.tsx';
import { CameraFormDialog } from './camera-form.tsx';
import { stateWords } from './camera-words.ts';
import { LiveView } from './live-view.tsx';
import { cameraKeys, cameraList, cameraSnapshot } from './queries.ts';

function Thumbnail({ camera }: { camera: Camera }) {
  const { data } = useQuery(cameraSnapshot(camera.id, camera.health.lastFrameAt));
  return (
    <div className="camera-card__thumb">
      {data ? <img src={data} alt={`Last picture of ${camera.name}`} /> : <span className="muted small">No picture yet</span>}
    </div>
  );
}

/** Admin → Cameras (NightMotion): the cameras with thumbnails and their state, add/edit, live view. */
export function CamerasPage() {
  const { when } = useSession();
  useTitle('Cameras');
  const client = useQueryClient();
  const list = useQuery(cameraList());
  const [editing, setEditing] = useState<Camera | 'new' | null>(null);
  const [watching, setWatching] = useState<Camera | null>(null);
  const [deleting, setDeleting] = useState<Camera | null>(null);
  const remove = useMutation<void, ApiError, string>({
    mutationFn: (id) => api.cameras.remove(id),
    onSuccess: async () => {
      setDeleting(null);
      await client.invalidateQueries({ queryKey: cameraKeys.all });
    },
  });

  return (
    <>
      <PageHeader
        title="Cameras"
        subtitle="Live views for administrators. Streams need a fresh ticket each time (two per minute)."
        actions={
          <Button variant="primary" onClick={() => setEditing('new')}>
            <Icon name="plus" /> Add camera
          </Button>
        }
      />
      {watching && <LiveView key={watching.id} camera={watching} onClose={() => setWatching(null)} />}
      {list.isPending && <Spinner />}
      {list.error && <ErrorBox error={list.error as ApiError} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        <Empty title="No cameras yet">Add an RTSP camera, or the demo picture to try the live view.</Empty>
      )}
      <ul className="camera-grid" aria-label="Cameras">
        {list.data?.items.map((camera) => {
          const state = stateWords(camera);
          return (
            <li key={camera.id} className="card camera-card">
              <Thumbnail camera={camera} />
              <div className="camera-card__body">
                <h2 className="camera-card__name">{camera.name}</h2>
                <p className="muted small">
                  {camera.source === 'demo' ? 'Demo picture' : camera.rtspUrl} · up to {camera.maxWidth} px, {camera.maxFps} frames/s
                </p>
                <Chip tone={state.tone}>{state.text}</Chip>
                {camera.health.lastFrameAt && <p className="muted small">Last picture {when(camera.health.lastFrameAt)}</p>}
              </div>
              <div className="camera-card__actions">
                <Button variant="primary" size="sm" disabled={!camera.enabled} onClick={() => setWatching(camera)} aria-label={`Watch ${camera.name}`}>
                  Watch
                </Button>
                <Button size="sm" onClick={() => setEditing(camera)} aria-label={`Edit ${camera.name}`}>
                  Edit
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setDeleting(camera)} aria-label={`Delete ${camera.name}`}>
                  Delete
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
      {editing && <CameraFormDialog open camera={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          open
          title={`Delete ${deleting.name}?`}
          body="Its stream, health and pictures go with it."
          confirmLabel="Delete camera"
          danger
          onConfirm={() => remove.mutateAsync(deleting.id)}
          onClose={() => setDeleting(null)}
        />
      )}
    </>
  );
}
