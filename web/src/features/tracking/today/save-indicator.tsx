import { Icon } from '../../../components/icons.tsx';
import type { SaveState } from './entry-saver.ts';

/** Saving… / Saved / Waiting to sync (offline, in the outbox) / a hint / Not saved: message (Retry), announced politely. */
export function SaveIndicator({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  return (
    <span className={`save-state save-state--${state.kind}`} role="status" aria-live="polite">
      {state.kind === 'saving' && (
        <>
          <span className="spinner spinner--inline" aria-hidden="true" /> <span className="save-state__text">Saving…</span>
        </>
      )}
      {state.kind === 'saved' && (
        <>
          <Icon name="check" size={14} /> <span className="save-state__text">Saved</span>
        </>
      )}
      {state.kind === 'queued' && (
        <>
          <Icon name="clock" size={14} /> Waiting to sync
        </>
      )}
      {state.kind === 'hint' && state.text}
      {state.kind === 'error' && (
        <>
          Not saved: {state.error.message}{' '}
          <button type="button" className="link-btn" onClick={onRetry}>
            Retry
          </button>
        </>
      )}
    </span>
  );
}
