import { useId, useState } from 'react';
import { current, useLoad } from '../../hooks/use-load.js';
import { useDesk } from '../../session.js';
import { formatTime } from '../../tenant-data.js';
import { OutcomeLine, useOutcome } from './admin-result.js';

const APIS = ['get', 'add', 'update', 'pull'] as const;

/** Kapture tokens: listed without their secrets, issued (shown once) and revoked. */
export function TokensAdmin() {
  const { api, session } = useDesk();
  const orgId = session.tenant.orgId;
  const id = useId();
  const [version, setVersion] = useState(0);
  const [outcome, run] = useOutcome();
  const [issued, setIssued] = useState<string | undefined>();
  const [choice, setChoice] = useState<(typeof APIS)[number]>('get');
  const tokens = current(useLoad((signal) => api.tokens(orgId, signal), [orgId, version]))?.tokens ?? [];
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Kapture tokens</h1>
      <OutcomeLine outcome={outcome} />
      {issued !== undefined && (
        <output className="secret block">
          New token (shown once): <code>{issued}</code>
        </output>
      )}
      <table className="admin-table">
        <caption className="sr-only">Kapture tokens</caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">API</th>
            <th scope="col">Expires</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td>
                <code>{token.id}</code>
              </td>
              <td>{token.api}</td>
              <td>{token.expiresAt === null ? 'never' : formatTime(token.expiresAt)}</td>
              <td>{token.revokedAt === null ? 'Active' : 'Revoked'}</td>
              <td>
                {token.revokedAt === null && (
                  <button
                    type="button"
                    className="danger"
                    onClick={() =>
                      void run(async () => {
                        await api.revokeToken(orgId, token.id);
                        setVersion((v) => v + 1);
                        return `Token ${token.id} revoked.`;
                      })
                    }
                  >
                    Revoke<span className="sr-only"> token {token.id}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="inline-form">
        <label htmlFor={`${id}-api`}>API of a new token</label>
        <select id={`${id}-api`} value={choice} onChange={(e) => setChoice(e.target.value as (typeof APIS)[number])}>
          {APIS.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
        <button
          type="button"
          onClick={() =>
            void run(async () => {
              const token = await api.issueToken(orgId, { api: choice });
              setIssued(token.token);
              setVersion((v) => v + 1);
              return `Token ${token.id} issued.`;
            })
          }
        >
          Issue token
        </button>
      </div>
    </section>
  );
}
