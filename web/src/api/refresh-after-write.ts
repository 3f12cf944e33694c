import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { isLive } from '../features/realtime/live-state.ts';

/**
 * Eventual consistency, in one place. A write answers at once, but what queue consumers compute
 * from it (streaks, strength, goal progress, the dashboard's roll-ups) follows a moment later. So
 * after a write the queries under `keys` are read again a few times: a later write restarts the
 * series, so it always runs after the last one. Only queries on screen are fetched; the others
 * are marked stale and fetched when next shown.
 *
 * While the tab's live channel is connected (features/realtime) the consumers' results arrive as
 * pushed events (`stats.updated`, `goal.completed`…), so only the immediate read is made; the
 * timed re-reads remain the fallback while it is down.
 */
export const RE_READ_AFTER_MS = [600, 2000, 5000] as const;

const pending = new Map<string, number[]>();

export function refreshAfterWrite(client: QueryClient, keys: readonly QueryKey[], options: { now?: boolean } = {}): void {
  for (const queryKey of keys) {
    const id = JSON.stringify(queryKey);
    for (const timer of pending.get(id) ?? []) window.clearTimeout(timer);
    if (options.now) void client.invalidateQueries({ queryKey });
    if (isLive()) {
      pending.delete(id);
      continue;
    }
    pending.set(
      id,
      RE_READ_AFTER_MS.map((ms) => window.setTimeout(() => void client.invalidateQueries({ queryKey }), ms)),
    );
  }
}

/** Drops every scheduled re-read (sign-out: the cache is cleared, nothing is left to refresh). */
export function cancelReReads(): void {
  for (const timers of pending.values()) for (const timer of timers) window.clearTimeout(timer);
  pending.clear();
}
