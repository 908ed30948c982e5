import type { SignInBody } from '@deskwire/wire';
import { type FormEvent, useId, useState } from 'react';
import { ApiCallError } from '../api/http-client.js';

/**
 * Sign-in: e-mail and password (and the organisation, needed only when one address belongs to users of
 * several tenants), exchanged by `POST /api/v1/session` for a session cookie and a CSRF token.
 */
export function SignInPage({ onSignIn, notice }: { onSignIn: (body: SignInBody) => Promise<void>; notice?: string }) {
  const id = useId();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    const org = String(data.get('org') ?? '').trim();
    if (email === '' || password === '') return setError('Enter your e-mail address and password.');
    if (org !== '' && !/^[1-9][0-9]{0,15}$/.test(org)) return setError('The organisation ID is a number.');
    setBusy(true);
    setError(undefined);
    try {
      await onSignIn({ email, password, ...(org !== '' && { orgId: Number(org) }) });
    } catch (failure) {
      setError(failure instanceof ApiCallError ? failure.message : 'The server could not be reached.');
      setBusy(false);
    }
  };
  return (
    <section className="panel narrow" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Sign in</h1>
      {notice !== undefined && <output className="notice block">{notice}</output>}
      <form onSubmit={onSubmit} noValidate>
        <label htmlFor={`${id}-email`}>E-mail</label>
        <input id={`${id}-email`} name="email" type="email" autoComplete="username" required />
        <label htmlFor={`${id}-password`}>Password</label>
        <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" required />
        <label htmlFor={`${id}-org`}>
          Organisation ID <span className="muted">(only if your address is in several)</span>
        </label>
        <input id={`${id}-org`} name="org" inputMode="numeric" autoComplete="off" />
        {error !== undefined && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}
