import type { SessionView } from '@deskwire/wire';
import { createContext, useContext } from 'react';
import type { Capabilities } from './api/capabilities.js';
import type { NativeApi } from './api/native-api.js';

/** What every signed-in page needs: the API, the session (user, tenant) and the server's capabilities. */
export interface Desk {
  api: NativeApi;
  session: SessionView;
  capabilities: Capabilities;
  navigate: (to: string) => void;
}

export const DeskContext = createContext<Desk | undefined>(undefined);

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (desk === undefined) throw new Error('useDesk outside a signed-in page');
  return desk;
}
