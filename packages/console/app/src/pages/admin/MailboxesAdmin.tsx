import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { current, useLoad } from '../../hooks/use-load.js';
import { useDesk } from '../../session.js';
import { OutcomeLine, useOutcome } from './admin-result.js';
import { FieldError, fieldMessage } from './field-error.js';

/**
 * The tenant's inbound addresses (Admin; docs/email.md): mail to one over SMTP opens and continues the
 * tenant's tickets. Listed, added, changed and removed (after a second click). An address is all a mailbox
 * has on /api/v1; the tenant's email settings (relay, IMAP source, reopen rule, DKIM) carry passwords and keys
 * and stay with `deskwire mailbox settings`, so no secret passes through this page.
 */
export function MailboxesAdmin() {
  const { api, session } = useDesk();
  const orgId = session.tenant.orgId;
  const id = useId();
  const [version, setVersion] = useState(0);
  const [outcome, run] = useOutcome();
  const [editing, setEditing] = useState<string | undefined>();
  const [confirming, setConfirming] = useState<string | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = useLoad((signal) => api.mailboxes(orgId, signal), [orgId, version]);
  const addresses = current(loaded)?.addresses ?? [];
  const refresh = () => setVersion((v) => v + 1);
  // The row whose button had focus is gone after a change: focus returns to the page's heading.
  const settle = () => heading.current?.focus();

  const add = async (address: string) => {
    const added = await api.addMailbox(orgId, address);
    refresh();
    return `Mail to ${added.address} now opens tickets here.`;
  };

  // Added first, removed second: mail to either address keeps arriving in between, and a refused new
  // address leaves the old one as it was. An address already the tenant's is added again as a no-op, so
  // the old one is removed only when the server's spelling of the new one differs.
  const change = async (from: string, address: string) => {
    const added = await api.addMailbox(orgId, address);
    if (added.address !== from) {
      try {
        await api.removeMailbox(orgId, from);
      } catch (error) {
        refresh();
        throw new Error(
          `${added.address} was added, but ${from} could not be removed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    setEditing(undefined);
    refresh();
    settle();
    return added.address === from ? `${from} is unchanged.` : `${from} is now ${added.address}.`;
  };

  const remove = (address: string) =>
    void run(async () => {
      setConfirming(undefined);
      await api.removeMailbox(orgId, address);
      refresh();
      settle();
      return `${address} removed: mail to it is now refused.`;
    });

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Mailboxes
      </h1>
      <p>
        Mail sent to these addresses opens and continues this tenant&apos;s tickets; an address belongs to one tenant.
        The tenant&apos;s email settings (reply relay, From address, IMAP source, reopen rule, DKIM) hold passwords and
        keys and are set with <code>deskwire mailbox settings</code>.
      </p>
      <OutcomeLine outcome={outcome} />
      {loaded.state === 'failed' && (
        <p role="alert" className="error">
          {loaded.message}
        </p>
      )}
      <table className="admin-table">
        <caption className="sr-only">Inbound addresses</caption>
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {addresses.map((address) => (
            <tr key={address} data-mailbox={address}>
              <td>
                {editing === address ? (
                  <AddressForm
                    label={`New address for ${address}`}
                    submit="Save"
                    initial={address}
                    run={run}
                    action={(next) => change(address, next)}
                    onCancel={() => {
                      setEditing(undefined);
                      settle();
                    }}
                  />
                ) : (
                  <code>{address}</code>
                )}
              </td>
              <td className="actions">
                {editing !== address && (
                  <button
                    type="button"
                    onClick={() => {
                      setConfirming(undefined);
                      setEditing(address);
                    }}
                  >
                    Change<span className="sr-only"> {address}</span>
                  </button>
                )}
                {confirming === address ? (
                  <>
                    <button type="button" className="danger" onClick={() => remove(address)}>
                      Confirm remove<span className="sr-only"> {address}</span>
                    </button>
                    <button type="button" onClick={() => setConfirming(undefined)}>
                      Keep<span className="sr-only"> {address}</span>
                    </button>
                  </>
                ) : (
                  <button type="button" className="danger" onClick={() => setConfirming(address)}>
                    Remove<span className="sr-only"> {address}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {loaded.state !== 'loading' && addresses.length === 0 && <p className="muted">No addresses yet.</p>}
      <div className="inline-form">
        <h2 id={`${id}-add`}>Add an address</h2>
        <AddressForm label="Address" submit="Add address" run={run} action={add} clearOnDone />
      </div>
    </section>
  );
}

/**
 * One address field and its button. The server checks the address: when it refuses the value (400 or 409)
 * its message is shown under the field, which is marked invalid and takes focus; other failures go to the
 * page's outcome line.
 */
function AddressForm(props: {
  label: string;
  submit: string;
  initial?: string;
  clearOnDone?: boolean;
  run: (action: () => Promise<string | undefined>) => Promise<void>;
  action: (address: string) => Promise<string>;
  onCancel?: () => void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | undefined>();
  const { onCancel } = props;
  const inRow = onCancel !== undefined;
  // A form opened in a row (changing an address) takes focus, so the keyboard lands where the value is.
  useEffect(() => {
    if (inRow) input.current?.focus();
  }, [inRow]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const address = String(new FormData(form).get('address') ?? '');
    void props.run(async () => {
      setError(undefined);
      try {
        const text = await props.action(address);
        if (props.clearOnDone === true) form.reset();
        return text;
      } catch (failure) {
        const message = fieldMessage(failure);
        if (message === undefined) throw failure;
        setError(message);
        input.current?.focus();
        return undefined;
      }
    });
  };

  return (
    <form className="address-form" onSubmit={submit} noValidate>
      <label htmlFor={`${id}-address`}>{props.label}</label>
      <input
        ref={input}
        id={`${id}-address`}
        name="address"
        type="text"
        inputMode="email"
        autoComplete="off"
        spellCheck={false}
        required
        defaultValue={props.initial}
        placeholder="support@example.com"
        aria-invalid={error !== undefined}
        aria-describedby={error !== undefined ? `${id}-error` : undefined}
      />
      <FieldError id={`${id}-error`} message={error} />
      <div className="actions">
        <button type="submit">{props.submit}</button>
        {onCancel !== undefined && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
