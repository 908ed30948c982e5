import { type FormEvent, useId, useState } from 'react';

/**
 * Sign-in: an organisation, an e-mail address and a password, exchanged for a session cookie and a CSRF
 * token by the native API's session endpoint (the session module owns that call).
 */
export function SignInPage({ route }: { route: string }) {
  const id = useId();
  const [error, setError] = useState<string | undefined>();
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const missing = ['org', 'email', 'password'].filter((name) => String(data.get(name) ?? '').trim() === '');
    setError(missing.length > 0 ? `Fill in: ${missing.join(', ')}.` : undefined);
  };
  return (
    <section className="panel narrow" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Sign in</h1>
      {route !== '' && <p className="muted">Sign in to open {route}.</p>}
      <form onSubmit={onSubmit} noValidate>
        <label htmlFor={`${id}-org`}>Organisation ID</label>
        <input id={`${id}-org`} name="org" inputMode="numeric" autoComplete="organization" required />
        <label htmlFor={`${id}-email`}>E-mail</label>
        <input id={`${id}-email`} name="email" type="email" autoComplete="username" required />
        <label htmlFor={`${id}-password`}>Password</label>
        <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" required />
        {error !== undefined && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}
