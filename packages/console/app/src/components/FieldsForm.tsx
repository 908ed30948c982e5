import type { NativeTicketView, NativeUserView } from '@deskwire/wire';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { ApiCallError } from '../api/http-client.js';
import type { FieldDefinition, Lookup } from '../api/native-api.js';
import { lookupValues, sortedFields } from '../tenant-data.js';

type Value = string | number | boolean | null;

/** The assignee lives in this field; it is changed through the assignee endpoint, with a list of users. */
const ASSIGNEE_FIELD = 'RelatedAgentId';

/**
 * The ticket's fields, editable as the tenant configured them: lookup fields as lists of their values,
 * booleans as checkboxes, mandatory fields marked and required. Only changed fields are sent; the server
 * applies the tenant's rules (mandatory fields, lookup values) and its message is shown as it is.
 */
export function FieldsForm(props: {
  ticket: NativeTicketView;
  fields: readonly FieldDefinition[];
  lookups: readonly Lookup[];
  users: readonly NativeUserView[];
  onSave: (changes: Record<string, Value>) => Promise<void>;
  onAssign: (userId: string | null) => Promise<void>;
}) {
  const id = useId();
  const [draft, setDraft] = useState<Record<string, Value>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  // A live refresh of the ticket must not overwrite what the agent is typing: the draft holds only edits.
  const saved = props.ticket.fields;
  useEffect(() => {
    setDraft((d) => Object.fromEntries(Object.entries(d).filter(([name, value]) => saved[name] !== value)));
  }, [saved]);
  const fieldValue = (name: string): Value =>
    name in draft ? (draft[name] ?? null) : (props.ticket.fields[name] ?? null);
  const set = (name: string, value: Value) => setDraft((d) => ({ ...d, [name]: value }));
  const editable = sortedFields(props.fields).filter((f) => f.schemaName !== ASSIGNEE_FIELD);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const changes = Object.fromEntries(
      Object.entries(draft).filter(([name, value]) => (props.ticket.fields[name] ?? null) !== value),
    );
    if (Object.keys(changes).length === 0) return setMessage({ kind: 'done', text: 'Nothing changed.' });
    setBusy(true);
    try {
      await props.onSave(changes);
      setDraft({});
      setMessage({ kind: 'done', text: 'Saved.' });
    } catch (error) {
      setMessage({ kind: 'error', text: error instanceof ApiCallError ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const assignee = props.ticket.fields[ASSIGNEE_FIELD];
  return (
    <section className="panel fields" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Details</h2>
      <label htmlFor={`${id}-assignee`}>Assignee</label>
      <select
        id={`${id}-assignee`}
        value={typeof assignee === 'string' ? assignee : ''}
        onChange={(event) => {
          const userId = event.target.value === '' ? null : event.target.value;
          props.onAssign(userId).then(
            () => setMessage({ kind: 'done', text: 'Assignee changed.' }),
            (error: unknown) =>
              setMessage({ kind: 'error', text: error instanceof ApiCallError ? error.message : String(error) }),
          );
        }}
      >
        <option value="">Unassigned</option>
        {props.users
          .filter((u) => !u.disabled)
          .map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
      </select>
      <form onSubmit={submit}>
        {editable.map((field) => (
          <FieldInput
            key={field.schemaName}
            id={`${id}-${field.schemaName}`}
            field={field}
            lookups={props.lookups}
            value={fieldValue(field.schemaName)}
            onChange={(v) => set(field.schemaName, v)}
          />
        ))}
        {message !== undefined && (
          <p
            role={message.kind === 'error' ? 'alert' : 'status'}
            className={message.kind === 'error' ? 'error' : 'notice'}
          >
            {message.text}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Save changes
        </button>
      </form>
    </section>
  );
}

function FieldInput(props: {
  id: string;
  field: FieldDefinition;
  lookups: readonly Lookup[];
  value: Value;
  onChange: (value: Value) => void;
}) {
  const { id, field, value, onChange } = props;
  const label = (
    <label htmlFor={id}>
      {field.displayName}
      {field.isMandatory && (
        <>
          {' '}
          <span aria-hidden="true" className="required">
            *
          </span>
          <span className="sr-only">(required)</span>
        </>
      )}
    </label>
  );
  const values = lookupValues(props.lookups, field.lookupSchema);
  if (values.length > 0 || field.lookupSchema !== null) {
    const text = value === null ? '' : String(value);
    return (
      <>
        {label}
        <select
          id={id}
          value={text}
          required={field.isMandatory}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        >
          <option value="">{field.isMandatory ? 'Choose…' : 'None'}</option>
          {!values.includes(text) && text !== '' && <option value={text}>{text}</option>}
          {values.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </select>
      </>
    );
  }
  if (field.dataType === 'Boolean') {
    return (
      <label className="inline" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={value === true || value === 'true'}
          onChange={(e) => onChange(e.target.checked)}
        />{' '}
        {field.displayName}
      </label>
    );
  }
  const multiline = field.dataType === 'TextArea';
  const text = value === null ? '' : String(value);
  return (
    <>
      {label}
      {multiline ? (
        <textarea
          id={id}
          rows={3}
          value={text}
          required={field.isMandatory}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        />
      ) : (
        <input
          id={id}
          type={field.dataType === 'Number' ? 'number' : 'text'}
          value={text}
          required={field.isMandatory}
          onChange={(e) =>
            onChange(
              e.target.value === '' ? null : field.dataType === 'Number' ? Number(e.target.value) : e.target.value,
            )
          }
        />
      )}
    </>
  );
}
