import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/api.ts';
import { asApiError } from '../../api/client.ts';
import type { Camera } from '../../api/types.ts';
import { Button, Chip } from '../../components/ui.tsx';
import { stateWords } from './camera-words.ts';
import { cameraKeys } from './queries.ts';

type View = { kind: 'asking' } | { kind: 'live'; url: string } | { kind: 'stopped'; reason?: string };

/**
 * A camera's live picture: asks for a single-use ticket, then lets the browser's <img> read the
 * MJPEG stream; Stop drops the image (closing the connection, which stops ffmpeg after the last
 * viewer). When the stream fails, the camera's state says why in words (wrong password, …).
 */
export function LiveView({ camera, onClose }: { camera: Camera; onClose: () => void }) {
  const client = useQueryClient();
  const [view, setView] = useState<View>({ kind: 'asking' });
  const [attempt, setAttempt] = useState(0);
  const image = useRef<HTMLImageElement>(null);
  // A removed <img> may keep reading its stream: empty its source first, which ends the request
  // (and, after the last viewer, ffmpeg). Also when the view closes or the page changes.
  const hungUp = useRef(false);
  const hangUp = () => {
    hungUp.current = true;
    if (image.current) image.current.src = '';
  };
  useEffect(() => hangUp, []);

  useEffect(() => {
    let cancelled = false;
    api.cameras.ticket(camera.id).then(
      (ticket) => !cancelled && setView({ kind: 'live', url: ticket.streamUrl }),
      (error: unknown) => !cancelled && setView({ kind: 'stopped', reason: asApiError(error).message }),
    );
    return () => {
      cancelled = true;
    };
  }, [camera.id, attempt]);

  const failed = async () => {
    // The worker answered with an error or ended the stream: its state, written by now, says why.
    await client.invalidateQueries({ queryKey: cameraKeys.list() });
    const fresh = await api.cameras.get(camera.id).catch(() => camera);
    setView({ kind: 'stopped', reason: stateWords(fresh).tone === 'danger' ? stateWords(fresh).text : 'The stream ended.' });
  };

  return (
    <section className="card camera-live" aria-label={`Live view of ${camera.name}`}>
      <div className="camera-live__head">
        <h2 className="camera-live__title">{camera.name}</h2>
        {view.kind === 'live' && <Chip tone="done">Live</Chip>}
        {view.kind === 'asking' && <Chip tone="warn">Connecting…</Chip>}
        {view.kind === 'stopped' && <Chip tone="muted">Stopped</Chip>}
      </div>
      <div className="camera-live__frame">
        {view.kind === 'live' ? (
          <img ref={image} src={view.url} alt={`Live picture of ${camera.name}`} onError={() => !hungUp.current && void failed()} />
        ) : (
          <p className={view.kind === 'stopped' && view.reason ? 'camera-live__reason' : 'muted'} role={view.kind === 'stopped' ? 'status' : undefined}>
            {view.kind === 'asking' ? 'Connecting to the camera…' : (view.reason ?? 'Stopped.')}
          </p>
        )}
      </div>
      <div className="camera-live__actions">
        {view.kind === 'live' ? (
          <Button
            variant="danger"
            onClick={() => {
              hangUp();
              setView({ kind: 'stopped', reason: 'You stopped the stream.' });
              // The worker notes the viewer gone at once; read the state (and the new thumbnail) shortly.
              setTimeout(() => void client.invalidateQueries({ queryKey: cameraKeys.all }), 1000);
            }}
          >
            Stop
          </Button>
        ) : (
          <Button
            onClick={() => {
              hungUp.current = false;
              setView({ kind: 'asking' });
              setAttempt((n) => n + 1);
            }}
            disabled={view.kind === 'asking'}
          >
            Watch again
          </Button>
        )}
        <Button variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
    </section>
  );
}
