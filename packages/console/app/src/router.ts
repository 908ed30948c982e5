import { useCallback, useEffect, useState } from 'react';

/** Where the console is mounted; every in-app path is relative to it. */
export const BASE = '/console/';

/** The in-app path (`''`, `tickets/143`, `admin/users`) of the current location. */
function currentRoute(): string {
  const path = window.location.pathname;
  return path.startsWith(BASE) ? decodeURI(path.slice(BASE.length)).replace(/\/+$/, '') : '';
}

/** History-API routing: the server answers every /console/ path with index.html (SPA fallback). */
export function useRoute(): [string, (to: string) => void] {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onPop = (): void => setRoute(currentRoute());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string) => {
    window.history.pushState(null, '', BASE + to);
    setRoute(currentRoute());
  }, []);
  return [route, navigate];
}
