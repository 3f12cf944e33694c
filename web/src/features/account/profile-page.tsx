import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import { api } from '../../api/api.ts';
import { ApiError, asApiError } from '../../api/client.ts';
import { LIMITS } from '../../api/limits.ts';
import { Button, Dialog, Field, FormError, formErrors, PageHeader, useFocusOnError, useToast } from '../../components/ui.tsx';
import { dateTime, longDate, todayIn } from '../../lib/dates.ts';
import { useTitle } from '../../lib/use-title.ts';
import { AccessTokensSection } from './access-tokens-section.tsx';
import { SecuritySection } from './security-section.tsx';
import { useSession } from './session.tsx';
import { TimeZoneSelect } from './time-zone-select.tsx';

export function ProfilePage() {
  useTitle('Profile');
  const { user } = useSession();
  const { hash } = useLocation();
  // A security notification links to #security.
  useEffect(() => {
    if (hash) document.getElementById(hash.slice(1))?.scrollIntoView({ block: 'start' });
  }, [hash]);
  return (
    <div className="page page--narrow">
      <PageHeader title="Profile" subtitle={`${user.email} · member since ${dateTime(user.createdAt, user.timezone)}`} />
      <ProfileForm />
      <PasswordForm />
      <SecuritySection />
      <AccessTokensSection />
      <DeleteAccount />
    </div>
  );
}

function ProfileForm() {
  const { user, setUser } = useSession();
  const toast = useToast();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [timezone, setTimezone] = useState(user.timezone);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const errors = formErrors(error, ['displayName', 'timezone']);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  const changed = displayName !== user.displayName || timezone !== user.timezone;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated = await api.me.update({
        ...(displayName !== user.displayName ? { displayName } : {}),
        ...(timezone !== user.timezone ? { timezone } : {}),
      });
      setUser(updated);
      setDisplayName(updated.displayName);
      toast('Profile saved.');
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="card form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="card__title">
        You
      </h2>
      <FormError message={errors.summary} />
      <Field label="Display name" error={errors.field('displayName')}>
        {(p) => <input {...p} maxLength={LIMITS.account.displayName} autoComplete="nickname" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
      </Field>
      <Field
        label="Time zone"
        error={errors.field('timezone')}
        hint={`Your “today” starts at midnight here. It is ${longDate(todayIn(timezone))} there now.`}
      >
        {(p) => <TimeZoneSelect {...p} value={timezone} onChange={setTimezone} />}
      </Field>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy} disabled={!changed}>
          Save profile
        </Button>
      </div>
    </form>
  );
}

function PasswordForm() {
  const { user, signIn } = useSession();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const errors = formErrors(error, ['password.current', 'password.new', 'confirm']);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (next !== confirm) {
      setError(new ApiError(400, 'validation_failed', 'The passwords differ.', { issues: [{ field: 'confirm', message: 'does not match the new password' }] }));
      return;
    }
    setBusy(true);
    try {
      await api.me.update({ password: { current, new: next } });
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
      return;
    }
    // A password change ends every session, this one too: sign in again with the new password
    // (with two-step sign-in on, the sign-in page asks for the code).
    try {
      if ((await signIn(user.email, next, 'password_changed')) === 'signed_in') toast('Password changed. Other sessions were signed out.');
    } catch {
      toast('Password changed. Sign in with your new password.');
    }
    setCurrent('');
    setNext('');
    setConfirm('');
    setBusy(false);
  };

  return (
    <form ref={formRef} className="card form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="password-heading">
      <h2 id="password-heading" className="card__title">
        Password
      </h2>
      <FormError message={errors.summary} />
      <input type="text" autoComplete="username" hidden readOnly value="" />
      <Field label="Current password" error={errors.field('password.current')}>
        {(p) => <input {...p} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />}
      </Field>
      <Field label="New password" error={errors.field('password.new')} hint={`${LIMITS.account.passwordHint} Changing it signs out every other session.`}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}
      </Field>
      <Field label="Repeat the new password" error={errors.field('confirm')}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <Button type="submit" busy={busy} disabled={!current || !next}>
          Change password
        </Button>
      </div>
    </form>
  );
}

function DeleteAccount() {
  const { user, accountDeleted } = useSession();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const matches = typed.trim().toLowerCase() === user.email.toLowerCase() && password !== '';

  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.me.delete({ password });
      accountDeleted();
    } catch (e) {
      setError(asApiError(e).message);
      setBusy(false);
    }
  };

  return (
    <section className="card card--danger" aria-labelledby="delete-account-heading">
      <h2 id="delete-account-heading" className="card__title">
        Delete account
      </h2>
      <p className="muted">Deletes your account, every activity, entry, goal and notification. This cannot be undone; export your data first if you want to keep it.</p>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete my account
      </Button>
      <Dialog
        open={open}
        title="Delete your account?"
        onClose={() => {
          setOpen(false);
          setTyped('');
          setPassword('');
        }}
        footer={
          <>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button variant="danger" busy={busy} disabled={!matches} onClick={() => void remove()}>
              Delete everything
            </Button>
          </>
        }
      >
        <p className="dialog__text">
          Everything you recorded in Mosaic goes, for good. Type your email, <strong>{user.email}</strong>, and your password to confirm.
        </p>
        <Field label="Your email">
          {(p) => <input {...p} type="email" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />}
        </Field>
        <Field label="Your password">
          {(p) => <input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        {error && (
          <div className="alert alert--error" role="alert">
            {error}
          </div>
        )}
      </Dialog>
    </section>
  );
}
