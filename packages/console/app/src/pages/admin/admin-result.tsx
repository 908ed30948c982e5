import { useState } from 'react';

export type Outcome = { kind: 'error' | 'done'; text: string } | undefined;

/**
 * Runs an admin action and keeps its outcome (the server's own message on failure) for display. An action
 * that answers `undefined` has shown its result itself (an error next to the field it names).
 */
export function useOutcome(): [Outcome, (action: () => Promise<string | undefined>) => Promise<void>] {
  const [outcome, setOutcome] = useState<Outcome>();
  const run = async (action: () => Promise<string | undefined>): Promise<void> => {
    setOutcome(undefined);
    try {
      const text = await action();
      setOutcome(text === undefined ? undefined : { kind: 'done', text });
    } catch (error) {
      setOutcome({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
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
