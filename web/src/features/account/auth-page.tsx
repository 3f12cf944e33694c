import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/api.ts';
import { ApiError, asApiError } from '../../api/client.ts';
import { LIMITS } from '../../api/limits.ts';
import { Logo } from '../../components/logo.tsx';
import { Button, Field, FormError, useFormAction } from '../../components/ui.tsx';
import { browserTimeZone } from '../../lib/dates.ts';
import { useTitle } from '../../lib/use-title.ts';
import { useSession, type PendingChallenge, type SignedOutWhy } from './session.tsx';
import { TimeZoneSelect } from './time-zone-select.tsx';

const NOTICES: Record<string, string> = {
  expired: 'Your session has ended. Sign in again to continue.',
  signed_out: 'You are signed out.',
  everywhere: 'You are signed out everywhere: every session of your account has ended.',
  password_changed: 'Your password was changed and every session ended. Sign in to continue.',
  deleted: 'Your account and all of its data have been deleted.',
};

/** Sign-in and registration; once signed in, the route table moves on to Today. */
export function AuthPage({ mode }: { mode: 'signin' | 'register' }) {
  const { state } = useSession();
  const notice = state.status === 'signed_out' ? state.why : undefined;
  const challenge = state.status === 'signed_out' ? state.challenge : undefined;
  useTitle(mode === 'signin' ? 'Sign in' : 'Create an account');
  return (
    <div className="auth">
      <div className="auth__card">
        <div className="auth__brand">
          <Logo /> <span>Mosaic</span>
        </div>
        <p className="auth__tagline">Small things, every day. Track habits, see streaks, reach goals.</p>
        {challenge ? <CodeStep challenge={challenge} notice={notice} /> : mode === 'signin' ? <SignIn notice={notice} /> : <Register />}
      </div>
    </div>
  );
}

/** The second step of a sign-in with MFA: the code from the authenticator app. */
function CodeStep({ challenge, notice }: { challenge: PendingChallenge; notice?: SignedOutWhy }) {
  const { signInWithCode, cancelChallenge } = useSession();
  const [code, setCode] = useState('');
  const { busy, error, errors, formRef, run } = useFormAction(['code']);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    return run(() => signInWithCode(code), {
      reword: (cause) => {
        // An expired or used challenge: back to the password.
        if (cause.status === 401) cancelChallenge();
        return cause;
      },
    });
  };

  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate aria-labelledby="code-title">
      <h1 id="code-title" className="auth__title" tabIndex={-1}>
        Enter your code
      </h1>
      {notice && NOTICES[notice] && !error && (
        <div className="alert alert--info" role="status">
          {NOTICES[notice]}
        </div>
      )}
      <p className="muted">Two-step sign-in is on for {challenge.email}. Open your authenticator app and enter the 6-digit code it shows for Mosaic.</p>
      <FormError message={errors.summary} />
      <Field label="Authenticator code" error={errors.field('code')}>
        {(p) => (
          <input
            {...p}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            autoFocus
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
      </Field>
      <Button type="submit" variant="primary" busy={busy} className="btn--block" disabled={code.replace(/\s/g, '').length < 6}>
        Verify and sign in
      </Button>
      <p className="auth__switch">
        <Button variant="ghost" size="sm" onClick={cancelChallenge}>
          Use another account
        </Button>
      </p>
    </form>
  );
}

function SignIn({ notice }: { notice?: SignedOutWhy }) {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, errors, formRef, run } = useFormAction(['email', 'password']);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    return run(() => signIn(email, password));
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
  const { busy, errors, formRef, run } = useFormAction(['displayName', 'email', 'password', 'timezone']);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    return run(async () => {
      await api.auth.register({ email, password, displayName, timezone });
      // Registration answers alike for a new and a known email; a known one with another
      // password ends here, as does a rate limit.
      await signIn(email, password).catch((err: unknown) => {
        const cause = asApiError(err);
        throw new ApiError(
          cause.status,
          cause.code,
          `Signing in did not work: ${cause.message} If you already had an account with this email, sign in with its password.`,
        );
      });
    });
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
