import type { NativeFaultRuleBody } from '@deskwire/wire';
import { type FormEvent, useId, useState } from 'react';
import type { FaultRuleView } from '../../api/native-api.js';
import { current, useLoad } from '../../hooks/use-load.js';
import { useDesk } from '../../session.js';
import { OutcomeLine, useOutcome } from './admin-result.js';

type Effect = 'respond' | 'latency' | 'drop';

/** What a rule does, in words. */
function effectOf(rule: FaultRuleView): string {
  const parts: string[] = [];
  if (rule.latency)
    parts.push(rule.latency.type === 'fixed' ? `wait ${rule.latency.ms} ms` : `${rule.latency.type} delay`);
  if (rule.respond) parts.push(`answer ${rule.respond.status}`);
  if (rule.drop) parts.push('drop the connection');
  return parts.join(', then ');
}

/**
 * The sandbox's fault rules for this tenant (Admin, sandbox on): each makes matching vendor API calls made
 * with the tenant's credentials fail as it says (a canned answer, a delay, a dropped connection), so an
 * integrator can see how their code copes. Rules apply in the order they were added.
 */
export function FaultsAdmin() {
  const { api, session } = useDesk();
  const orgId = session.tenant.orgId;
  const id = useId();
  const [version, setVersion] = useState(0);
  const [outcome, run] = useOutcome();
  const [operation, setOperation] = useState('lsq.getTicket');
  const [effect, setEffect] = useState<Effect>('respond');
  const [status, setStatus] = useState('503');
  const [body, setBody] = useState('');
  const [delay, setDelay] = useState('2000');
  const [times, setTimes] = useState('');
  const [probability, setProbability] = useState('1');
  const rules = current(useLoad((signal) => api.faultRules(orgId, signal), [orgId, version]))?.rules ?? [];

  const add = (event: FormEvent): void => {
    event.preventDefault();
    void run(async () => {
      const rule: NativeFaultRuleBody = {
        operation: operation.trim() || '*',
        probability: Number(probability),
        ...(times.trim() !== '' && { times: Number(times) }),
        ...(effect === 'respond' && {
          respond: { status: Number(status), ...(body.trim() !== '' && { body: parseBody(body) }) },
        }),
        ...(effect === 'latency' && { latency: { type: 'fixed' as const, ms: Number(delay) } }),
        ...(effect === 'drop' && { drop: true }),
      };
      const added = await api.addFaultRule(orgId, rule);
      setVersion((v) => v + 1);
      return `Fault rule ${added.id} added.`;
    });
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Fault rules</h1>
      <p className="muted">
        Vendor API calls with this tenant&apos;s credentials that match a rule fail as it says. The first matching rule
        applies.
      </p>
      <OutcomeLine outcome={outcome} />
      <table className="admin-table">
        <caption className="sr-only">Fault rules, in the order they apply</caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Operation</th>
            <th scope="col">Effect</th>
            <th scope="col">Probability</th>
            <th scope="col">Fired</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id}>
              <td>
                <code>{rule.id}</code>
              </td>
              <td>
                <code>{rule.operation}</code>
              </td>
              <td>{effectOf(rule)}</td>
              <td>{rule.probability}</td>
              <td>
                {rule.fired}
                {rule.times === null ? '' : ` of ${rule.times}`}
              </td>
              <td>
                <button
                  type="button"
                  className="danger"
                  onClick={() =>
                    void run(async () => {
                      await api.removeFaultRule(orgId, rule.id);
                      setVersion((v) => v + 1);
                      return `Fault rule ${rule.id} removed.`;
                    })
                  }
                >
                  Delete<span className="sr-only"> fault rule {rule.id}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rules.length === 0 && <p className="muted">No fault rules.</p>}
      <form onSubmit={add} aria-labelledby={`${id}-add`}>
        <h2 id={`${id}-add`}>Add a rule</h2>
        <label htmlFor={`${id}-operation`}>
          Operation (a name such as lsq.getTicket, a prefix such as lsq.*, or *)
        </label>
        <input id={`${id}-operation`} value={operation} onChange={(e) => setOperation(e.target.value)} required />
        <fieldset>
          <legend>Effect</legend>
          {(
            [
              ['respond', 'Answer with a status'],
              ['latency', 'Delay the answer'],
              ['drop', 'Drop the connection'],
            ] as const
          ).map(([value, label]) => (
            <label className="inline" key={value}>
              <input type="radio" name={`${id}-effect`} checked={effect === value} onChange={() => setEffect(value)} />{' '}
              {label}
            </label>
          ))}
        </fieldset>
        {effect === 'respond' && (
          <>
            <label htmlFor={`${id}-status`}>Status code</label>
            <input
              id={`${id}-status`}
              type="number"
              min={200}
              max={599}
              value={status}
              onChange={(e) => setStatus(e.target.value)}
              required
            />
            <label htmlFor={`${id}-body`}>JSON body (optional)</label>
            <textarea id={`${id}-body`} rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
          </>
        )}
        {effect === 'latency' && (
          <>
            <label htmlFor={`${id}-delay`}>Delay in milliseconds</label>
            <input
              id={`${id}-delay`}
              type="number"
              min={0}
              max={600000}
              value={delay}
              onChange={(e) => setDelay(e.target.value)}
              required
            />
          </>
        )}
        <label htmlFor={`${id}-times`}>Stop after this many calls (empty: no limit)</label>
        <input id={`${id}-times`} type="number" min={1} value={times} onChange={(e) => setTimes(e.target.value)} />
        <label htmlFor={`${id}-probability`}>Probability (0 to 1)</label>
        <input
          id={`${id}-probability`}
          type="number"
          min={0}
          max={1}
          step="any"
          value={probability}
          onChange={(e) => setProbability(e.target.value)}
          required
        />
        <button type="submit">Add rule</button>
      </form>
    </section>
  );
}

/** The body box as JSON; text that is not JSON is refused here, with the reason, before any call. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`The body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
