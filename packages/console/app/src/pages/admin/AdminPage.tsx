import { useDesk } from '../../session.js';
import { go } from '../Workspace.js';
import { FieldsAdmin } from './FieldsAdmin.js';
import { LookupsAdmin } from './LookupsAdmin.js';
import { TokensAdmin } from './TokensAdmin.js';
import { UsersAdmin } from './UsersAdmin.js';
import { WebhooksAdmin } from './WebhooksAdmin.js';

const SECTIONS = [
  ['users', 'Users and keys'],
  ['tokens', 'Kapture tokens'],
  ['lookups', 'Lookups'],
  ['fields', 'Fields'],
  ['webhooks', 'Webhooks'],
  ['channels', 'Mailboxes and sandbox'],
] as const;

/** Administration of the signed-in Admin's tenant, one section at a time. */
export function AdminPage({ section }: { section: string }) {
  const { navigate } = useDesk();
  const active = SECTIONS.find(([name]) => name === section)?.[0] ?? 'users';
  return (
    <div className="admin">
      <nav aria-label="Administration" className="views">
        <ul>
          {SECTIONS.map(([name, label]) => (
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
        {active === 'channels' && <ChannelsAdmin />}
      </div>
    </div>
  );
}

/**
 * Mailboxes and the sandbox's request journal and fault rules: the native API does not offer them to a
 * session (they are managed with `deskwire mailbox …` and `/_deskwire`), so this section says where to find
 * them instead of showing controls that cannot work.
 */
function ChannelsAdmin() {
  return (
    <section className="panel" aria-labelledby="channels-title">
      <h1 id="channels-title">Mailboxes and sandbox</h1>
      <p>
        This server&apos;s API does not offer mailboxes, or the sandbox&apos;s request journal and fault rules, to the
        console. Manage mailboxes with <code>deskwire mailbox</code>, and the sandbox through <code>/_deskwire</code>{' '}
        with the admin token. Webhooks and their delivery log have their own page.
      </p>
    </section>
  );
}
