import type { PresenceActivity, PresenceView } from '@deskwire/wire';
import { useEffect, useRef, useState } from 'react';
import type { NativeApi } from '../api/native-api.js';

/** How often the others are read between heartbeats: a "someone is replying" warning is only useful soon. */
const POLL_MS = 2000;

/**
 * Keeps the caller present on a ticket and tells who else is: a heartbeat (`PUT …/presence`) at once, on
 * every change of activity and every third of the server's TTL; a read of the others every two seconds;
 * leaving (`DELETE`) when the page goes away. Failures are ignored: presence is a courtesy, never in the way.
 */
export function usePresence(
  api: NativeApi,
  orgId: number,
  ref: string,
  activity: PresenceActivity,
  enabled: boolean,
): PresenceView['agents'] {
  const [agents, setAgents] = useState<PresenceView['agents']>([]);
  const activityRef = useRef(activity);
  const beatNow = useRef<() => void>(() => {});

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let beatTimer: ReturnType<typeof setTimeout> | undefined;
    const show = (view: PresenceView): void => {
      if (!stopped) setAgents(view.agents);
    };
    const beat = (): void => {
      clearTimeout(beatTimer);
      api.beat(orgId, ref, activityRef.current).then(
        (view) => {
          show(view);
          if (!stopped) beatTimer = setTimeout(beat, (view.ttlSeconds * 1000) / 3);
        },
        () => {
          if (!stopped) beatTimer = setTimeout(beat, POLL_MS * 5);
        },
      );
    };
    beatNow.current = beat;
    beat();
    const poll = setInterval(() => {
      api.presence(orgId, ref).then(show, () => {});
    }, POLL_MS);
    const leave = (): void => {
      void api.leave(orgId, ref).catch(() => {});
    };
    window.addEventListener('pagehide', leave);
    return () => {
      stopped = true;
      clearTimeout(beatTimer);
      clearInterval(poll);
      window.removeEventListener('pagehide', leave);
      beatNow.current = () => {};
      leave();
      setAgents([]);
    };
  }, [api, orgId, ref, enabled]);

  useEffect(() => {
    if (activityRef.current === activity) return;
    activityRef.current = activity;
    beatNow.current();
  }, [activity]);

  return agents;
}
