import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ButtonHTMLAttributes,
  type ReactNode,
  type RefObject,
} from 'react';
import { asApiError, type ApiError } from '../api/client.ts';
import { humanize } from '../lib/format.ts';

// ── fields and forms ────────────────────────────────────────────────────────────────────────

export interface ControlProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

/** A labelled control with its hint and its error (linked for screen readers). */
export function Field({
  label,
  hint,
  error,
  children,
  className,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: (props: ControlProps) => ReactNode;
  className?: string;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** A group of controls (radios, checkboxes) with one legend and one error. */
export function FieldSet({ legend, error, hint, children }: { legend: ReactNode; error?: string; hint?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <fieldset className={`field fieldset${error ? ' field--error' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {children}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {hint && <p className="field__hint">{hint}</p>}
    </fieldset>
  );
}

/**
 * The field errors of an API answer. `fields` are the names this form shows errors beside;
 * issues on other fields (and errors without issues) go in the form-level message.
 */
export function formErrors(error: ApiError | null | undefined, fields: readonly string[]) {
  const issues = error?.issues ?? [];
  const owner = (field: string) => fields.find((f) => field === f || field.startsWith(`${f}.`));
  const forField = (name: string): string | undefined => {
    const messages = issues.filter((i) => owner(i.field) === name).map((i) => humanize(i.message));
    return messages.length ? [...new Set(messages)].join('; ') : undefined;
  };
  const stray = issues.filter((i) => !owner(i.field));
  const marked = new Set(issues.map((i) => owner(i.field)).filter(Boolean)).size;
  let summary: string | undefined;
  if (error) {
    if (issues.length === 0) summary = error.message;
    else if (stray.length) summary = stray.map((i) => `${i.field || 'Request'}: ${humanize(i.message)}`).join('; ');
    else summary = marked === 1 ? 'Please correct the field marked below.' : 'Please correct the fields marked below.';
  }
  return { field: forField, summary };
}

export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div className="alert alert--error" role="alert" tabIndex={-1}>
      {message}
    </div>
  );
}

/** After a failed submit, moves focus to the first field in error (else to the form's message). */
export function useFocusOnError(form: RefObject<HTMLElement | null>, error: unknown): void {
  useEffect(() => {
    if (!error || !form.current) return;
    const target = form.current.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.current.querySelector<HTMLElement>('.alert--error');
    target?.focus();
  }, [error, form]);
}

/**
 * A form's submit state: `run(action)` marks it busy and clears the last error, then keeps the
 * error `action` throws (optionally reworded by `reword`) with the fields it names. After success
 * the form stays busy — the page moves on (signed in, saved) — unless `idleAfter` is set.
 */
export function useFormAction(fields: readonly string[]) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  const run = async (action: () => Promise<unknown>, options: { reword?: (cause: ApiError) => ApiError; idleAfter?: boolean } = {}) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      if (options.idleAfter) setBusy(false);
    } catch (err) {
      const cause = asApiError(err);
      setError(options.reword ? options.reword(cause) : cause);
      setBusy(false);
    }
  };
  return { busy, error, errors: formErrors(error, fields), formRef, run };
}

// ── buttons, chips, bars ────────────────────────────────────────────────────────────────────

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  size?: 'sm' | 'md';
  busy?: boolean;
};

export function Button({ variant = 'secondary', size = 'md', busy, className, children, disabled, type, ...rest }: ButtonProps) {
  return (
    <button
      type={type ?? 'button'}
      className={`btn btn--${variant} btn--${size}${className ? ` ${className}` : ''}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy && <span className="spinner spinner--inline" aria-hidden="true" />}
      {children}
    </button>
  );
}

export type Tone = 'done' | 'skipped' | 'missed' | 'open' | 'muted' | 'info' | 'warn' | 'danger' | 'accent';

export function Chip({ tone = 'muted', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`chip chip--${tone}`} title={title}>
      {children}
    </span>
  );
}

export function ProgressBar({ value, label, tone = 'accent', showValue }: { value: number; label: string; tone?: Tone; showValue?: boolean }) {
  const clamped = Math.max(0, Math.min(1, Number.isFinite(value) ? value : 0));
  const percent = Math.round(clamped * 100);
  return (
    <div className="progress-wrap">
      <div className={`progress progress--${tone}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="progress__fill" style={{ width: `${clamped * 100}%` }} />
      </div>
      {showValue && <span className="progress__value">{percent}%</span>}
    </div>
  );
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function ErrorBox({ error, onRetry }: { error: ApiError | undefined; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div className="alert alert--error" role="alert">
      <span>{error.message}</span>
      {onRetry && (
        <Button size="sm" variant="ghost" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty__title">{title}</p>
      {children}
    </div>
  );
}

export function Stat({ label, value, sub }: { label: string; value: ReactNode; sub?: ReactNode }) {
  return (
    <div className="stat">
      <div className="stat__value">{value}</div>
      <div className="stat__label">{label}</div>
      {sub && <div className="stat__sub">{sub}</div>}
    </div>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1 tabIndex={-1} className="page-title">
          {title}
        </h1>
        {subtitle && <p className="page-subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

// ── dialogs ─────────────────────────────────────────────────────────────────────────────────

/** A modal dialog (native <dialog>: focus is trapped, Escape closes). */
export function Dialog({
  open,
  title,
  onClose,
  children,
  footer,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      {open && (
        <div className="dialog__body">
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          {children}
          {footer && <div className="dialog__footer">{footer}</div>}
        </div>
      )}
    </dialog>
  );
}

/** "Are you sure?" with the action's own error shown inside. */
export function ConfirmDialog({
  open,
  title,
  body,
  confirmLabel,
  danger,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // The next opening starts without the last one's error.
  const close = () => {
    setError(undefined);
    onClose();
  };
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      close();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open}
      title={title}
      onClose={close}
      footer={
        <>
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} busy={busy} onClick={() => void confirm()}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="dialog__text">{body}</div>
      {error && (
        <div className="alert alert--error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}

// ── toasts ──────────────────────────────────────────────────────────────────────────────────

interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
}

const ToastContext = createContext<(message: string, tone?: Toast['tone']) => void>(() => undefined);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const show = useCallback((message: string, tone: Toast['tone'] = 'info') => {
    const id = next.current++;
    setToasts((t) => [...t.slice(-2), { id, message, tone }]);
    window.setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), tone === 'error' ? 7000 : 3500);
  }, []);
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast--${t.tone}`}>
            {t.message}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
