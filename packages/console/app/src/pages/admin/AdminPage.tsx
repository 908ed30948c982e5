import { current, useLoad } from '../../hooks/use-load.js';
import { useDesk } from '../../session.js';
import { go } from '../Workspace.js';
import { FaultsAdmin } from './FaultsAdmin.js';
import { FieldsAdmin } from './FieldsAdmin.js';
import { JournalAdmin } from './JournalAdmin.js';
import { LookupsAdmin } from './LookupsAdmin.js';
import { MailboxesAdmin } from './MailboxesAdmin.js';
import { TokensAdmin } from './TokensAdmin.js';
import { UsersAdmin } from './UsersAdmin.js';
import { WebhooksAdmin } from './WebhooksAdmin.js';

const SECTIONS = [
  ['users', 'Users and keys'],
  ['tokens', 'Kapture tokens'],
  ['lookups', 'Lookups'],
  ['fields', 'Fields'],
  ['webhooks', 'Webhooks'],
  ['channels', 'Mailboxes'],
] as const;

/** Shown only while the server runs with the sandbox on (it says so at `GET …/sandbox`). */
const SANDBOX_SECTIONS = [
  ['journal', 'Request journal'],
  ['faults', 'Fault rules'],
] as const;

type Section = (typeof SECTIONS)[number][0] | (typeof SANDBOX_SECTIONS)[number][0];

/** Administration of the signed-in Admin's tenant, one section at a time. */
export function AdminPage({ section }: { section: string }) {
  const { api, session, capabilities, navigate } = useDesk();
  const orgId = session.tenant.orgId;
  const sandbox = useLoad(
    async (signal) => (capabilities.sandbox ? (await api.sandbox(orgId, signal)).enabled : false),
    [orgId, capabilities.sandbox],
  );
  const sections: ReadonlyArray<readonly [Section, string]> =
    current(sandbox) === true ? [...SECTIONS, ...SANDBOX_SECTIONS] : SECTIONS;
  const active: Section = sections.find(([name]) => name === section)?.[0] ?? 'users';
  if (sandbox.state === 'loading' && current(sandbox) === undefined && section !== active) {
    return <p aria-live="polite">Loading…</p>;
  }
  return (
    <div className="admin">
      <nav aria-label="Administration" className="views">
        <ul>
          {sections.map(([name, label]) => (
            <li key={name}>
              <a
                href={`/console/admin/${name}`}
                aria-current={name === active ? 'page' : undefined}
                onClick={go(navigate, `admin/${name}`)}
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-main">
        {active === 'users' && <UsersAdmin />}
        {active === 'tokens' && <TokensAdmin />}
        {active === 'lookups' && <LookupsAdmin />}
        {active === 'fields' && <FieldsAdmin />}
        {active === 'webhooks' && <WebhooksAdmin />}
        {active === 'channels' && <MailboxesAdmin />}
        {active === 'journal' && <JournalAdmin />}
        {active === 'faults' && <FaultsAdmin />}
      </div>
    </div>
  );
}
