import type { ApiError } from './client.ts';
import { localOutboxStore, Outbox, OUTBOX_STORAGE_KEY, RETRY_MS, sendItem, sessionOwner, type OutboxItem } from './outbox.ts';

type DeliveredListener = (item: OutboxItem, value: unknown) => void;
type RejectedListener = (item: OutboxItem, error: ApiError) => void;
const delivered = new Set<DeliveredListener>();
const rejected = new Set<RejectedListener>();

/** The app's one outbox (web/src/api/outbox.ts): localStorage, the session's user, the API client. */
export const outbox = new Outbox({
  store: localOutboxStore,
  owner: sessionOwner,
  send: sendItem,
  onDelivered: (item, value) => delivered.forEach((l) => l(item, value)),
  onRejected: (item, error) => rejected.forEach((l) => l(item, error)),
});

/**
 * Sends what waits now (the app's start, a sign-in) and again when the browser says it is back
 * online, when the tab is shown again, every RETRY_MS while anything waits, and when another tab
 * changed the outbox. Returns the stop function.
 */
export function startOutbox(listeners: { delivered?: DeliveredListener; rejected?: RejectedListener } = {}): () => void {
  if (listeners.delivered) delivered.add(listeners.delivered);
  if (listeners.rejected) rejected.add(listeners.rejected);
  const drain = () => {
    outbox.refresh();
    if (outbox.getSnapshot().pending > 0) void outbox.drain();
  };
  const onVisible = () => document.visibilityState === 'visible' && drain();
  const onStorage = (event: StorageEvent) => event.key === OUTBOX_STORAGE_KEY && outbox.refresh();
  window.addEventListener('online', drain);
  window.addEventListener('storage', onStorage);
  document.addEventListener('visibilitychange', onVisible);
  const timer = setInterval(drain, RETRY_MS);
  drain();
  return () => {
    if (listeners.delivered) delivered.delete(listeners.delivered);
    if (listeners.rejected) rejected.delete(listeners.rejected);
    window.removeEventListener('online', drain);
    window.removeEventListener('storage', onStorage);
    document.removeEventListener('visibilitychange', onVisible);
    clearInterval(timer);
  };
}
