import { type QueryClient, useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';

import { getMeOptions, getUserOptions } from '../../api/gen/@tanstack/react-query.gen';
import {
  onSessionChange,
  refreshSession,
  signIn as apiSignIn,
  signOut as apiSignOut,
} from '../../lib/api';

export type SessionStatus = 'restoring' | 'signed-in' | 'signed-out' | 'unreachable';

type Session = {
  status: SessionStatus;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  retry: () => void;
};

const SessionContext = createContext<Session | null>(null);

/**
 * On start-up the session is restored by spending the HttpOnly refresh cookie, so a reload keeps
 * you signed in although no token is kept where page scripts could read it.
 */
export function SessionProvider({
  queryClient,
  children,
}: {
  queryClient: QueryClient;
  children: ReactNode;
}) {
  const [status, setStatus] = useState<SessionStatus>('restoring');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    refreshSession().then(
      (ok) => live && setStatus(ok ? 'signed-in' : 'signed-out'),
      () => live && setStatus('unreachable'),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  useEffect(
    () =>
      onSessionChange((signedIn) => {
        if (!signedIn) queryClient.clear();
        setStatus(signedIn ? 'signed-in' : 'signed-out');
      }),
    [queryClient],
  );

  const signIn = useCallback(async (email: string, password: string) => {
    await apiSignIn(email, password);
    setStatus('signed-in');
  }, []);
  const signOut = useCallback(async () => {
    await apiSignOut().catch(() => undefined);
    queryClient.clear();
    setStatus('signed-out');
  }, [queryClient]);
  const retry = useCallback(() => {
    setStatus('restoring');
    setAttempt((n) => n + 1);
  }, []);

  return (
    <SessionContext.Provider value={{ status, signIn, signOut, retry }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function useMe() {
  return useQuery({ ...getMeOptions(), staleTime: 5 * 60_000 });
}

/**
 * The directory person behind the signed-in account, for "assigned to me". `/me` does not
 * carry it yet, so administrators read it from their user record; others get null.
 */
export function useMyPersonId(): { personId: string | null; isPending: boolean } {
  const me = useMe();
  const user = useQuery({
    ...getUserOptions({ path: { user_id: me.data?.id ?? '' } }),
    enabled: Boolean(me.data?.everything && me.data.kind === 'user'),
    staleTime: 5 * 60_000,
  });
  if (me.isPending) return { personId: null, isPending: true };
  if (!me.data?.everything) return { personId: null, isPending: false };
  return { personId: user.data?.person_id ?? null, isPending: user.isPending };
}
