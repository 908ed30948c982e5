import { useId, useState } from 'react';
import { current, useLoad } from '../../hooks/use-load.js';
import { useDesk } from '../../session.js';
import { OutcomeLine, useOutcome } from './admin-result.js';

/** Lookup values (Status, Priority, …): each list replaced as a whole, one value per line. */
export function LookupsAdmin() {
  const { api, session } = useDesk();
  const orgId = session.tenant.orgId;
  const id = useId();
  const [version, setVersion] = useState(0);
  const [outcome, run] = useOutcome();
  const lookups = current(useLoad((signal) => api.lookups(orgId, signal), [orgId, version]))?.lookups ?? [];
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Lookups</h1>
      <OutcomeLine outcome={outcome} />
      {lookups.map((lookup) => (
        <form
          key={`${lookup.schemaName}-${lookup.values.join('|')}`}
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            const text = String(new FormData(event.currentTarget).get('values') ?? '');
            const values = text
              .split('\n')
              .map((v) => v.trim())
              .filter((v) => v !== '');
            void run(async () => {
              await api.setLookup(orgId, lookup.schemaName, values);
              setVersion((v) => v + 1);
              return `${lookup.schemaName} saved.`;
            });
          }}
        >
          <label htmlFor={`${id}-${lookup.schemaName}`}>{lookup.schemaName} (one value per line)</label>
          <textarea
            id={`${id}-${lookup.schemaName}`}
            name="values"
            rows={Math.min(8, lookup.values.length + 1)}
            defaultValue={lookup.values.join('\n')}
          />
          <button type="submit">
            Save<span className="sr-only"> {lookup.schemaName}</span>
          </button>
        </form>
      ))}
    </section>
  );
}
