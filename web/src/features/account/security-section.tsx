import { useState, type FormEvent } from 'react';
import { api } from '../../api/api.ts';
import type { MfaSetup } from '../../api/types.ts';
import { Button, Chip, ConfirmDialog, Field, FormError, useFormAction, useToast } from '../../components/ui.tsx';
import { QrCode } from './qr-code.tsx';
import { useSession } from './session.tsx';

/** The secret in groups of four, as authenticator apps print it for typing. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/** Two-step sign-in (TOTP) and sign-out everywhere: the profile's security section. */
export function SecuritySection() {
  const { user } = useSession();
  return (
    <section id="security" className="card security" aria-labelledby="security-heading">
      <h2 id="security-heading" className="card__title">
        Security
      </h2>
      <div className="security__row">
        <div>
          <h3 className="security__title">Two-step sign-in</h3>
          <p className="muted">A code from an authenticator app on your phone, asked for after your password.</p>
        </div>
        <Chip tone={user.mfaEnabled ? 'done' : 'muted'}>{user.mfaEnabled ? 'On' : 'Off'}</Chip>
      </div>
      {user.mfaEnabled ? <TurnOffMfa /> : <SetUpMfa />}
      <SignOutEverywhere />
    </section>
  );
}

function SetUpMfa() {
  const { setUser } = useSession();
  const toast = useToast();
  const [setup, setSetup] = useState<MfaSetup | null>(null);
  const [code, setCode] = useState('');
  const { busy, errors, formRef, run } = useFormAction(['code']);

  const start = () => run(async () => setSetup(await api.me.mfa.setup()), { idleAfter: true });

  const confirm = (e: FormEvent) => {
    e.preventDefault();
    return run(async () => {
      setUser(await api.me.mfa.enable({ code }));
      toast('Two-step sign-in is on.');
    });
  };

  if (!setup)
    return (
      <div className="security__actions">
        <FormError message={errors.summary} />
        <Button variant="primary" busy={busy} onClick={() => void start()}>
          Set up an authenticator app
        </Button>
      </div>
    );

  return (
    <form ref={formRef} className="form security__setup" onSubmit={(e) => void confirm(e)} noValidate aria-label="Set up two-step sign-in">
      <ol className="security__steps">
        <li>Scan this code with an authenticator app (or type the key below). It is shown only now.</li>
        <li>Enter the 6-digit code the app shows for Mosaic.</li>
      </ol>
      <div className="security__qr">
        <QrCode text={setup.otpauthUri} label="QR code of your authenticator key" />
        <div>
          <span className="muted">Key</span>
          <code className="security__secret" data-testid="totp-secret">
            {grouped(setup.secret)}
          </code>
        </div>
      </div>
      <FormError message={errors.summary} />
      <Field label="Code from the app" error={errors.field('code')}>
        {(p) => <input {...p} inputMode="numeric" autoComplete="one-time-code" maxLength={7} value={code} onChange={(e) => setCode(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <Button variant="ghost" onClick={() => setSetup(null)}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={busy} disabled={code.replace(/\s/g, '').length < 6}>
          Turn on
        </Button>
      </div>
    </form>
  );
}

function TurnOffMfa() {
  const { setUser } = useSession();
  const toast = useToast();
  const [password, setPassword] = useState('');
  const { busy, errors, formRef, run } = useFormAction(['password']);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    return run(async () => {
      setUser(await api.me.mfa.disable({ password }));
      toast('Two-step sign-in is off.');
    });
  };

  return (
    <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate aria-label="Turn off two-step sign-in">
      <FormError message={errors.summary} />
      <input type="text" autoComplete="username" hidden readOnly value="" />
      <Field label="Your password, to turn it off" error={errors.field('password')}>
        {(p) => <input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <Button type="submit" busy={busy} disabled={!password}>
          Turn off two-step sign-in
        </Button>
      </div>
    </form>
  );
}

function SignOutEverywhere() {
  const { signOutEverywhere } = useSession();
  const [open, setOpen] = useState(false);
  return (
    <div className="security__row security__row--last">
      <div>
        <h3 className="security__title">Sign out everywhere</h3>
        <p className="muted">Ends every session of your account on every device, this one included.</p>
      </div>
      <Button onClick={() => setOpen(true)}>Sign out everywhere</Button>
      <ConfirmDialog
        open={open}
        title="Sign out everywhere?"
        confirmLabel="Sign out everywhere"
        onClose={() => setOpen(false)}
        onConfirm={signOutEverywhere}
        body="Every device signed in to your account will have to sign in again, this one too."
      />
    </div>
  );
}
