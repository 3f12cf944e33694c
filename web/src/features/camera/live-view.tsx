import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/api.ts';
import { asApiError } from '../../api/client.ts';
import type { Camera } from '../../api/types.ts';
import { Button, Chip } from '../../components/ui.tsx';
import { stateWords } from './camera-words.ts';
import { cameraKeys } from './queries.ts';

type View = { kind: 'asking' } | { kind: 'starting' } | { kind: 'live'; url: string; shown: boolean } | { kind: 'stopped'; reason?: string };

/**
 * A camera's live picture: asks for a single-use ticket (while the camera's worker task starts, in
 * the cloud, the answer is `starting`: it says so and asks again), then lets the browser's <img>
 * read the MJPEG stream, saying "Starting…" until the first frame shows; Stop drops the image (closing the connection, which stops ffmpeg after the last
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
    let retry: ReturnType<typeof setTimeout> | undefined;
    const ask = () =>
      api.cameras.ticket(camera.id).then(
        (answer) => {
          if (cancelled) return;
          if (answer.state === 'ready') return setView({ kind: 'live', url: answer.streamUrl, shown: false });
          setView({ kind: 'starting' });
          retry = setTimeout(() => void ask(), answer.retryAfterSeconds * 1000);
        },
        (error: unknown) => !cancelled && setView({ kind: 'stopped', reason: asApiError(error).message }),
      );
    void ask();
    return () => {
      cancelled = true;
      clearTimeout(retry);
    };
  }, [camera.id, attempt]);

  // "Starting…" until the first frame is drawn: an MJPEG <img> may fire no load event per frame, so look.
  const waiting = view.kind === 'live' && !view.shown;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if ((image.current?.naturalWidth ?? 0) > 0) setView((v) => (v.kind === 'live' ? { ...v, shown: true } : v));
    }, 250);
    return () => clearInterval(timer);
  }, [waiting]);

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
        {view.kind === 'live' && (view.shown ? <Chip tone="done">Live</Chip> : <Chip tone="warn">Starting…</Chip>)}
        {view.kind === 'asking' && <Chip tone="warn">Connecting…</Chip>}
        {view.kind === 'starting' && <Chip tone="warn">Starting…</Chip>}
        {view.kind === 'stopped' && <Chip tone="muted">Stopped</Chip>}
      </div>
      <div className="camera-live__frame">
        {view.kind === 'live' ? (
          <img
            ref={image}
            src={view.url}
            alt={`Live picture of ${camera.name}`}
            onLoad={() => setView((v) => (v.kind === 'live' && !v.shown ? { ...v, shown: true } : v))}
            onError={() => !hungUp.current && void failed()}
          />
        ) : (
          <p className={view.kind === 'stopped' && view.reason ? 'camera-live__reason' : 'muted'} role={view.kind === 'stopped' ? 'status' : undefined}>
            {view.kind === 'asking' ? 'Connecting to the camera…' : view.kind === 'starting' ? 'Starting the camera… (its worker is starting; this takes up to a minute)' : (view.reason ?? 'Stopped.')}
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
            disabled={view.kind === 'asking' || view.kind === 'starting'}
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
