import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { type LiveEvent, subscribeLive } from './live-updates.js';

interface LiveState {
  /** Bumped on every event: pages list it among their load dependencies to refetch. */
  version: number;
  transport: 'event-stream' | 'polling';
  last?: LiveEvent;
  /** Refetch now (after this console's own write, which needs no round trip through the server's events). */
  refresh: () => void;
}

const LiveContext = createContext<LiveState>({ version: 0, transport: 'polling', refresh: () => undefined });

/** One live subscription for the signed-in tenant, shared by every page. */
export function LiveProvider(props: { orgId: number; eventsAvailable: boolean; pollMs: number; children: ReactNode }) {
  const { orgId, eventsAvailable, pollMs } = props;
  const [state, setState] = useState<LiveState>(() => ({
    version: 0,
    transport: 'polling',
    refresh: () => setState((s) => ({ ...s, version: s.version + 1 })),
  }));
  useEffect(() => {
    const subscription = subscribeLive({
      orgId: String(orgId),
      eventsAvailable,
      pollMs,
      onEvent: (event) => setState((s) => ({ ...s, version: s.version + 1, last: event })),
    });
    setState((s) => ({ ...s, transport: subscription.transport }));
    return () => subscription.close();
  }, [orgId, eventsAvailable, pollMs]);
  return <LiveContext.Provider value={state}>{props.children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  return useContext(LiveContext);
}
