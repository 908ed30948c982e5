import { type FormEvent, useId, useState } from 'react';
import { current, useLoad } from '../../hooks/use-load.js';
import { useDesk } from '../../session.js';
import { OutcomeLine, useOutcome } from './admin-result.js';

/** Users of the tenant: add one, change role, disable (which ends their sessions and revokes their keys), issue keys. */
export function UsersAdmin() {
  const { api, session } = useDesk();
  const orgId = session.tenant.orgId;
  const id = useId();
  const [version, setVersion] = useState(0);
  const [outcome, run] = useOutcome();
  const [secret, setSecret] = useState<{ accessKey: string; secretKey: string } | undefined>();
  const users = useLoad((signal) => api.users(orgId, signal), [orgId, version]);
  const list = current(users)?.users ?? [];
  const refresh = () => setVersion((v) => v + 1);

  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const password = String(data.get('password') ?? '');
    void run(async () => {
      const user = await api.createUser(orgId, {
        name: String(data.get('name') ?? ''),
        email: String(data.get('email') ?? ''),
        role: data.get('role') === 'Admin' ? 'Admin' : 'Agent',
        ...(password !== '' && { password }),
      });
      form.reset();
      refresh();
      return `Added ${user.name}.`;
    });
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Users and keys</h1>
      <OutcomeLine outcome={outcome} />
      {secret !== undefined && (
        <output className="secret block">
          <p>New key pair (the secret is shown once):</p>
          <dl className="facts">
            <dt>Access key</dt>
            <dd>
              <code>{secret.accessKey}</code>
            </dd>
            <dt>Secret key</dt>
            <dd>
              <code>{secret.secretKey}</code>
            </dd>
          </dl>
          <button type="button" onClick={() => setSecret(undefined)}>
            I have copied it
          </button>
        </output>
      )}
      <table className="admin-table">
        <caption className="sr-only">Users</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {list.map((user) => {
            const self = user.id === session.user.id;
            return (
              <tr key={user.id}>
                <td>{user.name}</td>
                <td>{user.email ?? '—'}</td>
                <td>
                  <label className="sr-only" htmlFor={`${id}-role-${user.id}`}>
                    Role of {user.name}
                  </label>
                  <select
                    id={`${id}-role-${user.id}`}
                    value={user.role}
                    disabled={self}
                    onChange={(event) =>
                      void run(async () => {
                        const role = event.target.value === 'Admin' ? 'Admin' : 'Agent';
                        await api.updateUser(orgId, user.id, { role });
                        refresh();
                        return `${user.name} is now ${role}.`;
                      })
                    }
                  >
                    <option>Agent</option>
                    <option>Admin</option>
                  </select>
                </td>
                <td>{user.disabled ? 'Disabled' : 'Active'}</td>
                <td className="actions">
                  <button
                    type="button"
                    disabled={self}
                    onClick={() =>
                      void run(async () => {
                        await api.updateUser(orgId, user.id, { disabled: !user.disabled });
                        refresh();
                        return `${user.name} ${user.disabled ? 'enabled' : 'disabled'}.`;
                      })
                    }
                  >
                    {user.disabled ? 'Enable' : 'Disable'}
                    <span className="sr-only"> {user.name}</span>
                  </button>
                  <button
                    type="button"
                    disabled={user.disabled}
                    onClick={() =>
                      void run(async () => {
                        const issued = await api.issueKey(orgId, user.id);
                        setSecret({ accessKey: issued.accessKey, secretKey: issued.secretKey });
                        return `Key pair issued for ${user.name}.`;
                      })
                    }
                  >
                    Issue key pair<span className="sr-only"> for {user.name}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <form onSubmit={create} className="inline-form" aria-labelledby={`${id}-add`}>
        <h2 id={`${id}-add`}>Add a user</h2>
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} name="name" required />
        <label htmlFor={`${id}-email`}>E-mail</label>
        <input id={`${id}-email`} name="email" type="email" required />
        <label htmlFor={`${id}-role`}>Role</label>
        <select id={`${id}-role`} name="role" defaultValue="Agent">
          <option>Agent</option>
          <option>Admin</option>
        </select>
        <label htmlFor={`${id}-password`}>Password (optional, at least 10 characters)</label>
        <input id={`${id}-password`} name="password" type="password" autoComplete="new-password" />
        <button type="submit">Add user</button>
      </form>
      <RevokeKey />
    </section>
  );
}

function RevokeKey() {
  const { api, session } = useDesk();
  const id = useId();
  const [outcome, run] = useOutcome();
  return (
    <form
      className="inline-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const accessKey = String(new FormData(form).get('accessKey') ?? '').trim();
        void run(async () => {
          await api.revokeKey(session.tenant.orgId, accessKey);
          form.reset();
          return 'Key pair revoked.';
        });
      }}
    >
      <h2 id={`${id}-title`}>Revoke a key pair</h2>
      <label htmlFor={`${id}-key`}>Access key</label>
      <input id={`${id}-key`} name="accessKey" required autoComplete="off" />
      <OutcomeLine outcome={outcome} />
      <button type="submit" className="danger">
        Revoke
      </button>
    </form>
  );
}
