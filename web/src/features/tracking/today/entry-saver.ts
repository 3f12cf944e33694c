import { asApiError, type ApiError } from '../../../api/client.ts';
import type { Entry, EntryInput } from '../../../api/types.ts';
import { bodyOf, draftOf, type Draft } from './entry-draft.ts';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  /** Kept in the outbox (web/src/api/outbox.ts) until the server can be reached. */
  | { kind: 'queued' }
  | { kind: 'hint'; text: string }
  | { kind: 'error'; error: ApiError };

export interface SaverSnapshot {
  draft: Draft;
  state: SaveState;
}

/** What `write` answers when the server could not be reached and the write waits in the outbox. */
export const QUEUED = Symbol('queued');

/** Typing saves this long after the last keystroke (buttons, blur and Enter save at once). */
export const TYPING_PAUSE_MS = 800;

/**
 * Auto-save of one row of Today, outside React (a component reads it with useSyncExternalStore).
 * Saves run one at a time and the latest draft wins: an edit made while a save is under way is
 * sent when that save returns. A note alone cannot make an entry (the API needs a value or a
 * status), so the row says so instead of sending it.
 */
export class EntrySaver {
  private snapshot: SaverSnapshot;
  /** The entry as the server last answered it. */
  private known: Entry | null;
  private savedJson: string;
  private saving = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly measured: boolean;
  /**
   * PUTs the body (or deletes the entry for null) and answers what the server holds now, or
   * QUEUED when the write was kept to be sent later.
   */
  private readonly write: (body: EntryInput | null) => Promise<Entry | null | typeof QUEUED>;

  constructor(entry: Entry | null, measured: boolean, write: (body: EntryInput | null) => Promise<Entry | null | typeof QUEUED>) {
    this.measured = measured;
    this.write = write;
    const draft = draftOf(entry, measured);
    this.known = entry;
    this.savedJson = JSON.stringify(bodyOf(draft));
    this.snapshot = { draft, state: { kind: 'idle' } };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SaverSnapshot => this.snapshot;

  private set(change: Partial<SaverSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }

  /** Changes the draft; `save` says when it goes to the server. */
  edit(update: (draft: Draft) => Draft, save: 'now' | 'after-typing'): void {
    this.set({ draft: update(this.snapshot.draft) });
    if (save === 'now') void this.flush();
    else {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.flush(), TYPING_PAUSE_MS);
    }
  }

  /** Sends the draft if it differs from what was saved (a no-op while a save runs: that save sends it after). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    if (this.saving) {
      this.again = true;
      return;
    }
    this.saving = true;
    try {
      do {
        this.again = false;
        const draft = this.snapshot.draft;
        const body = bodyOf(draft);
        const json = JSON.stringify(body);
        // What cannot be sent is said before anything else: it would look "unchanged" otherwise.
        if (!body && draft.value.trim() !== '') {
          this.set({ state: { kind: 'hint', text: 'Enter a number (0 or more).' } });
          continue;
        }
        if (!body && !this.known) {
          const text = this.measured ? 'Enter an amount or skip to keep the note.' : 'Mark it done or skipped to keep the note.';
          this.set({ state: draft.note.trim() ? { kind: 'hint', text } : { kind: 'idle' } });
          this.savedJson = json;
          continue;
        }
        if (json === this.savedJson) continue;
        this.set({ state: { kind: 'saving' } });
        const answer = await this.write(body);
        this.savedJson = json;
        if (answer === QUEUED) this.set({ state: { kind: 'queued' } });
        else {
          this.known = answer;
          this.set({ state: { kind: 'saved' } });
        }
      } while (this.again);
    } catch (e) {
      this.set({ state: { kind: 'error', error: asApiError(e) } });
    } finally {
      this.saving = false;
    }
  }

  /** A newer entry from the server (another tab, a re-read) replaces an untouched draft. */
  offer(entry: Entry | null): void {
    const incoming = entry?.updatedAt ?? '';
    const current = this.known?.updatedAt ?? '';
    const dirty = JSON.stringify(bodyOf(this.snapshot.draft)) !== this.savedJson;
    if (this.saving || dirty || incoming <= current) return;
    this.known = entry;
    const draft = draftOf(entry, this.measured);
    this.savedJson = JSON.stringify(bodyOf(draft));
    this.set({ draft });
  }

  /** The outbox sent this row's queued writes: "waiting to sync" becomes "saved". */
  synced(): void {
    if (this.snapshot.state.kind === 'queued') this.set({ state: { kind: 'saved' } });
  }

  /**
   * The row goes away (another page, another day) or the page closes: a draft still waiting for
   * the typing pause is sent now rather than lost. The write reaches the outbox before the first
   * await, so it is stored even when the page is closing.
   */
  dispose(): void {
    clearTimeout(this.timer);
    void this.flush();
  }
}
