import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/api.ts';
import { ApiError, asApiError, type SessionEnd } from '../../api/client.ts';
import { LIMITS } from '../../api/limits.ts';
import { Logo } from '../../components/logo.tsx';
import { Button, Field, FormError, formErrors, useFocusOnError } from '../../components/ui.tsx';
import { browserTimeZone } from '../../lib/dates.ts';
import { useTitle } from '../../lib/use-title.ts';
import { useSession } from './session.tsx';
import { TimeZoneSelect } from './time-zone-select.tsx';

const NOTICES: Record<string, string> = {
  expired: 'Your session has ended. Sign in again to continue.',
  signed_out: 'You are signed out.',
  deleted: 'Your account and all of its data have been deleted.',
};

/** Sign-in and registration; once signed in, the route table moves on to Today. */
export function AuthPage({ mode }: { mode: 'signin' | 'register' }) {
  const { state } = useSession();
  const notice = state.status === 'signed_out' ? state.why : undefined;
  useTitle(mode === 'signin' ? 'Sign in' : 'Create an account');
  return (
    <div className="auth">
      <div className="auth__card">
        <div className="auth__brand">
          <Logo /> <span>Mosaic</span>
        </div>
        <p className="auth__tagline">Small things, every day. Track habits, see streaks, reach goals.</p>
        {mode === 'signin' ? <SignIn notice={notice} /> : <Register />}
      </div>
    </div>
  );
}

function SignIn({ notice }: { notice?: SessionEnd | 'deleted' }) {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const errors = formErrors(error, ['email', 'password']);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate aria-labelledby="signin-title">
      <h1 id="signin-title" className="auth__title" tabIndex={-1}>
        Sign in
      </h1>
      {notice && NOTICES[notice] && !error && (
        <div className="alert alert--info" role="status">
          {NOTICES[notice]}
        </div>
      )}
      <FormError message={errors.summary} />
      <Field label="Email" error={errors.field('email')}>
        {(p) => <input {...p} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <Field label="Password" error={errors.field('password')}>
        {(p) => (
          <input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        )}
      </Field>
      <Button type="submit" variant="primary" busy={busy} className="btn--block">
        Sign in
      </Button>
      <p className="auth__switch">
        New to Mosaic? <Link to="/register">Create an account</Link>
      </p>
    </form>
  );
}

function Register() {
  const { signIn } = useSession();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [timezone, setTimezone] = useState(browserTimeZone);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const errors = formErrors(error, ['displayName', 'email', 'password', 'timezone']);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.auth.register({ email, password, displayName, timezone });
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
      return;
    }
    try {
      await signIn(email, password);
    } catch (err) {
      // The account exists; only the automatic sign-in failed (a rate limit, say).
      const cause = asApiError(err);
      setError(new ApiError(cause.status, cause.code, `Your account was created, but signing in failed: ${cause.message}`));
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate aria-labelledby="register-title">
      <h1 id="register-title" className="auth__title" tabIndex={-1}>
        Create an account
      </h1>
      <FormError message={errors.summary} />
      <Field label="Display name" error={errors.field('displayName')}>
        {(p) => <input {...p} autoComplete="nickname" maxLength={LIMITS.account.displayName} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
      </Field>
      <Field label="Email" error={errors.field('email')}>
        {(p) => <input {...p} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <Field
        label="Password"
        error={errors.field('password')}
        hint="At least 10 characters, with a lowercase letter, an uppercase letter and a digit."
      >
        {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      <Field label="Time zone" error={errors.field('timezone')} hint="Your days start at midnight here.">
        {(p) => <TimeZoneSelect {...p} value={timezone} onChange={setTimezone} />}
      </Field>
      <Button type="submit" variant="primary" busy={busy} className="btn--block">
        Create account
      </Button>
      <p className="auth__switch">
        Already have an account? <Link to="/signin">Sign in</Link>
      </p>
    </form>
  );
}
