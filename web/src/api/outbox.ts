import { ApiError, asApiError, loadSession, newIdempotencyKey, request } from './client.ts';

/**
 * The outbox: writes that must not be lost to a bad connection (entries of Today). Every write is
 * stored before it is sent (write-ahead), with its own Idempotency-Key, and leaves the store only
 * when the server answered; a write the server could not be reached for stays, and is sent again
 * — with the same key, so the server applies it once — when the browser is back online, every
 * {@link RETRY_MS} while anything waits, and when the app starts. Writes go out one at a time in
 * the order they were made, so the last edit of a value is the one that stays.
 *
 * Stored in localStorage (small JSON items, read synchronously, so a write made as the page
 * closes is kept): each item names the user it belongs to, and only that user's session sends
 * it; another user signed in on the same browser neither sees nor sends it.
 */

export interface OutboxItem {
  /**
   * The Idempotency-Key (the same on every attempt), which also names the item in the store and
   * to its waiter. Items stored by earlier versions carry an `id` too: it is ignored.
   */
  key: string;
  /** Who made the write (the session's user id): only that user's session sends it. */
  owner: string;
  method: 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  queuedAt: string;
}

/** The fate of one write: answered now (`sent`), or kept to be sent later (`queued`). */
export type Delivery = { kind: 'sent'; value: unknown } | { kind: 'queued' };

export interface OutboxSnapshot {
  /** The current user's writes not yet answered. */
  pending: number;
  /** The paths they write to (a row shows "waiting to sync" while its path is here). */
  paths: ReadonlySet<string>;
  /** The last attempt could not reach the server. */
  offline: boolean;
}

export interface OutboxStore {
  load(): OutboxItem[];
  save(items: OutboxItem[]): void;
}

export interface OutboxOptions {
  store: OutboxStore;
  /** The signed-in user's id, or null. */
  owner: () => string | null;
  /** Sends one write (throws an ApiError when it is not accepted). */
  send: (item: OutboxItem) => Promise<unknown>;
  /** A queued write the server has now answered (the caller that made it may be gone). */
  onDelivered?: (item: OutboxItem, value: unknown) => void;
  /** A queued write the server refused: it is dropped, and said. */
  onRejected?: (item: OutboxItem, error: ApiError) => void;
  newKey?: () => string;
  now?: () => Date;
}

/** How often a waiting outbox tries again (besides the `online` event and the app's start). */
export const RETRY_MS = 15_000;

/**
 * Errors after which the same write is tried again later: no answer at all, the gateway or the
 * server not there (502–504), too many requests, the same key still being worked on (409), and a
 * session that ended (the write waits for its user to sign in again).
 */
export function isRetryable(error: ApiError): boolean {
  return error.status === 0 || error.status === 401 || error.status === 409 || error.status === 429 || (error.status >= 502 && error.status <= 504);
}

interface Waiter {
  resolve: (delivery: Delivery) => void;
  reject: (error: ApiError) => void;
}

export class Outbox {
  private readonly options: OutboxOptions;
  private readonly listeners = new Set<() => void>();
  private readonly waiters = new Map<string, Waiter>();
  private draining: Promise<void> | null = null;
  private again = false;
  private offline = false;
  private snapshot: OutboxSnapshot = { pending: 0, paths: new Set(), offline: false };

  constructor(options: OutboxOptions) {
    this.options = options;
    this.refresh();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): OutboxSnapshot => this.snapshot;

  /** The current user's items, oldest first. */
  items(): OutboxItem[] {
    const owner = this.options.owner();
    return owner ? this.options.store.load().filter((i) => i.owner === owner) : [];
  }

  /** Re-reads the store (another tab may have changed it) and tells the listeners when it differs. */
  refresh(): void {
    const mine = this.items();
    const paths = new Set(mine.map((i) => i.path));
    const next = { pending: mine.length, paths, offline: this.offline && mine.length > 0 };
    const same =
      next.pending === this.snapshot.pending && next.offline === this.snapshot.offline && [...paths].every((p) => this.snapshot.paths.has(p)) && paths.size === this.snapshot.paths.size;
    if (same) return;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }

  /**
   * Stores the write at once (synchronously, before this returns) and sends it behind any older
   * one. Resolves `sent` with the answer, or `queued` when the server cannot be reached (the
   * write then goes out later by itself); rejects when the server refuses it.
   */
  submit(method: OutboxItem['method'], path: string, body?: unknown): Promise<Delivery> {
    const owner = this.options.owner();
    if (!owner) return Promise.reject(new ApiError(401, 'session_expired', 'Your session has ended. Sign in again.'));
    const item: OutboxItem = {
      key: (this.options.newKey ?? newIdempotencyKey)(),
      owner,
      method,
      path,
      ...(body === undefined ? {} : { body }),
      queuedAt: (this.options.now?.() ?? new Date()).toISOString(),
    };
    this.options.store.save([...this.options.store.load(), item]);
    this.refresh();
    const delivery = new Promise<Delivery>((resolve, reject) => this.waiters.set(item.key, { resolve, reject }));
    void this.drain();
    return delivery;
  }

  /** Sends the current user's writes in order until one cannot reach the server. */
  drain(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = this.run();
    return this.draining;
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.sendAll();
      } while (this.again && !this.offline);
    } finally {
      // Synchronous with the loop's end, so a submit from now on starts a new run.
      this.draining = null;
      // Everyone still waiting learns that their write is kept; its answer goes to onDelivered.
      for (const item of this.items()) {
        this.waiters.get(item.key)?.resolve({ kind: 'queued' });
        this.waiters.delete(item.key);
      }
      this.refresh();
    }
  }

  private async sendAll(): Promise<void> {
    for (;;) {
      const head = this.items()[0];
      if (!head) {
        this.offline = false;
        return;
      }
      try {
        const value = await this.options.send(head);
        this.offline = false;
        this.remove(head);
        const waiter = this.waiters.get(head.key);
        if (waiter) waiter.resolve({ kind: 'sent', value });
        else this.options.onDelivered?.(head, value);
        this.waiters.delete(head.key);
      } catch (e) {
        const error = asApiError(e);
        if (isRetryable(error)) {
          this.offline = true;
          this.refresh();
          return;
        }
        this.remove(head);
        const waiter = this.waiters.get(head.key);
        if (waiter) waiter.reject(error);
        else this.options.onRejected?.(head, error);
        this.waiters.delete(head.key);
      }
    }
  }

  private remove(item: OutboxItem): void {
    this.options.store.save(this.options.store.load().filter((i) => i.key !== item.key));
    this.refresh();
  }
}

export const OUTBOX_STORAGE_KEY = 'mosaic.outbox';

/** The outbox's items in localStorage (unreadable content counts as empty). */
export const localOutboxStore: OutboxStore = {
  load() {
    try {
      const parsed = JSON.parse(localStorage.getItem(OUTBOX_STORAGE_KEY) ?? '[]') as unknown;
      return Array.isArray(parsed) ? (parsed as OutboxItem[]) : [];
    } catch {
      return [];
    }
  },
  save(items) {
    if (items.length) localStorage.setItem(OUTBOX_STORAGE_KEY, JSON.stringify(items));
    else localStorage.removeItem(OUTBOX_STORAGE_KEY);
  },
};

/** The user id in the session's access token (a JWT's `sub`), or null. */
export function sessionOwner(): string | null {
  const token = loadSession()?.accessToken;
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

/** Sends one stored write through the API client with its Idempotency-Key. */
export function sendItem(item: OutboxItem): Promise<unknown> {
  return request<unknown>(item.method, item.path, { body: item.body, idempotencyKey: item.key });
}
