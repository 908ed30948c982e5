import type { AddFieldBody } from '@deskwire/wire/sandbox';
import { type FormEvent, useId, useState } from 'react';
import { current, useLoad } from '../../hooks/use-load.js';
import { useDesk } from '../../session.js';
import { sortedFields } from '../../tenant-data.js';
import { OutcomeLine, useOutcome } from './admin-result.js';

const DATA_TYPES: AddFieldBody['dataType'][] = ['Text', 'TextArea', 'Number', 'DateTime', 'Select', 'Boolean', 'Guid'];

/** Ticket fields in display order, and a form to add a custom one. */
export function FieldsAdmin() {
  const { api, session } = useDesk();
  const orgId = session.tenant.orgId;
  const id = useId();
  const [version, setVersion] = useState(0);
  const [outcome, run] = useOutcome();
  const fields = sortedFields(current(useLoad((signal) => api.fields(orgId, signal), [orgId, version]))?.fields ?? []);
  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const dataType = String(data.get('dataType')) as AddFieldBody['dataType'];
    const displayName = String(data.get('displayName') ?? '').trim();
    const options = String(data.get('options') ?? '')
      .split('\n')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    void run(async () => {
      const field = await api.addField(orgId, {
        name: String(data.get('name') ?? '').trim(),
        dataType,
        ...(displayName !== '' && { displayName }),
        ...(data.get('mandatory') === 'on' && { mandatory: true }),
        ...(dataType === 'Select' && options.length > 0 && { options }),
      });
      form.reset();
      setVersion((v) => v + 1);
      return `Field ${field.schemaName} added.`;
    });
  };
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Fields</h1>
      <OutcomeLine outcome={outcome} />
      <table className="admin-table">
        <caption className="sr-only">Ticket fields</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Schema name</th>
            <th scope="col">Type</th>
            <th scope="col">Lookup</th>
            <th scope="col">Mandatory</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr key={field.schemaName}>
              <td>{field.displayName}</td>
              <td>
                <code>{field.schemaName}</code>
              </td>
              <td>{field.dataType}</td>
              <td>{field.lookupSchema ?? '—'}</td>
              <td>{field.isMandatory ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={add} aria-labelledby={`${id}-add`}>
        <h2 id={`${id}-add`}>Add a custom field</h2>
        <label htmlFor={`${id}-name`}>Schema name (letters, digits, _)</label>
        <input id={`${id}-name`} name="name" required pattern="[A-Za-z][A-Za-z0-9_]{0,99}" />
        <label htmlFor={`${id}-display`}>Display name</label>
        <input id={`${id}-display`} name="displayName" />
        <label htmlFor={`${id}-type`}>Type</label>
        <select id={`${id}-type`} name="dataType" defaultValue="Text">
          {DATA_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <label htmlFor={`${id}-options`}>Options of a Select field (one per line)</label>
        <textarea id={`${id}-options`} name="options" rows={3} />
        <label className="inline" htmlFor={`${id}-mandatory`}>
          <input id={`${id}-mandatory`} name="mandatory" type="checkbox" /> Mandatory
        </label>
        <button type="submit">Add field</button>
      </form>
    </section>
  );
}
