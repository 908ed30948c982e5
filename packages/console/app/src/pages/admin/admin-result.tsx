import { useState } from 'react';
import { ApiCallError } from '../../api/http-client.js';

export type Outcome = { kind: 'error' | 'done'; text: string } | undefined;

/** Runs an admin action and keeps its outcome (the server's own message on failure) for display. */
export function useOutcome(): [Outcome, (action: () => Promise<string>) => Promise<void>] {
  const [outcome, setOutcome] = useState<Outcome>();
  const run = async (action: () => Promise<string>): Promise<void> => {
    setOutcome(undefined);
    try {
      setOutcome({ kind: 'done', text: await action() });
    } catch (error) {
      setOutcome({ kind: 'error', text: error instanceof ApiCallError ? error.message : String(error) });
    }
  };
  return [outcome, run];
}

export function OutcomeLine({ outcome }: { outcome: Outcome }) {
  if (outcome === undefined) return null;
  return (
    <p role={outcome.kind === 'error' ? 'alert' : 'status'} className={outcome.kind === 'error' ? 'error' : 'notice'}>
      {outcome.text}
    </p>
  );
}
