import { useEffect, useState } from 'react';
import { api } from '../../api/api.ts';
import { asApiError } from '../../api/client.ts';
import { Button } from '../../components/ui.tsx';

/** The service worker (web/service-worker/sw.js, with sw-push.js) is waited for this long before giving up. */
const WORKER_WAIT_MS = 5_000;

type PushState =
  | { kind: 'checking' }
  | { kind: 'unsupported' }
  | { kind: 'blocked' }
  | { kind: 'off' }
  | { kind: 'on'; subscription: PushSubscription };

function pushSupported(): boolean {
  return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** The API's subscription id: the endpoint's SHA-256, base64url, 32 characters (shared/reminders). */
async function subscriptionId(endpoint: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(endpoint)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').slice(0, 32);
}

async function workerRegistration(): Promise<ServiceWorkerRegistration> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('The app’s service worker is not installed yet: reload the page and try again.')), WORKER_WAIT_MS),
  );
  return Promise.race([navigator.serviceWorker.ready, timeout]);
}

/**
 * "Turn on push notifications": subscribes this browser with the stage's VAPID key and registers
 * the subscription, so reminders arrive with the app closed. Shown disabled, with the reason, where
 * the browser cannot (no service worker or Push API; notifications blocked).
 */
export function PushToggle() {
  const [state, setState] = useState<PushState>(() =>
    !pushSupported() ? { kind: 'unsupported' } : Notification.permission === 'denied' ? { kind: 'blocked' } : { kind: 'checking' },
  );
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (state.kind !== 'checking') return;
    let live = true;
    void navigator.serviceWorker
      .getRegistration()
      .then((reg) => reg?.pushManager.getSubscription())
      .then((subscription) => live && setState(subscription ? { kind: 'on', subscription } : { kind: 'off' }))
      .catch(() => live && setState({ kind: 'off' }));
    return () => {
      live = false;
    };
    // Once, on mount: later changes come from the buttons.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const turnOn = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        setState(permission === 'denied' ? { kind: 'blocked' } : { kind: 'off' });
        return;
      }
      const [reg, key] = await Promise.all([workerRegistration(), api.push.key()]);
      const subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key.publicKey) });
      const json = subscription.toJSON();
      await api.push.subscribe({ endpoint: json.endpoint!, keys: { p256dh: json.keys!.p256dh!, auth: json.keys!.auth! } });
      setState({ kind: 'on', subscription });
    } catch (error) {
      setProblem(asApiError(error).message);
    } finally {
      setBusy(false);
    }
  };

  const turnOff = async (subscription: PushSubscription) => {
    setBusy(true);
    setProblem(null);
    try {
      const id = await subscriptionId(subscription.endpoint);
      await subscription.unsubscribe();
      await api.push.unsubscribe(id).catch(() => undefined); // already gone on the server: fine
      setState({ kind: 'off' });
    } catch (error) {
      setProblem(asApiError(error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card push-toggle" aria-label="Push notifications">
      {state.kind === 'on' ? (
        <>
          <p>Push notifications are on for this browser: reminders arrive even with Mosaic closed.</p>
          <Button size="sm" busy={busy} onClick={() => void turnOff(state.subscription)}>
            Turn off push notifications
          </Button>
        </>
      ) : (
        <>
          <p>
            {state.kind === 'unsupported'
              ? 'This browser cannot receive push notifications (it needs service workers and the Push API; on iPhone and iPad, add Mosaic to the Home Screen first). Reminders still appear here.'
              : state.kind === 'blocked'
                ? 'Notifications are blocked for this site in the browser’s settings. Allow them there to get reminders as push notifications.'
                : 'Get reminders as push notifications on this device, even with Mosaic closed.'}
          </p>
          <Button size="sm" variant="primary" busy={busy} disabled={state.kind !== 'off'} onClick={() => void turnOn()}>
            Turn on push notifications
          </Button>
        </>
      )}
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
