import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../../api/api.ts';
import { ApiError, loadSession, onSessionChange, saveSession, type SessionEnd } from '../../api/client.ts';
import { cancelReReads } from '../../api/refresh-after-write.ts';
import type { UserView } from '../../api/types.ts';
import { todayIn } from '../../lib/dates.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed_out'; why?: SessionEnd | 'deleted' }
  | { status: 'signed_in'; user: UserView }
  /** A stored session could not be checked (offline, server trouble): retry, or sign in anew. */
  | { status: 'unavailable'; message: string };

interface SessionApi {
  state: SessionState;
  /** The signed-in user (only inside the signed-in shell). */
  user: UserView;
  /** Today's date in the user's time zone. */
  today: () => string;
  signIn: (email: string, password: string) => Promise<void>;
  retry: () => void;
  signOut: () => void;
  setUser: (user: UserView) => void;
  accountDeleted: () => void;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>(() => (loadSession() ? { status: 'loading' } : { status: 'signed_out' }));
  const queries = useQueryClient();
  // Whoever signs in next starts from an empty cache: one user never sees another's data.
  const forget = useCallback(() => {
    cancelReReads();
    queries.clear();
  }, [queries]);

  // A stored session: who is it? (The client refreshes an expired access token by itself.)
  useEffect(() => {
    if (state.status !== 'loading') return;
    const controller = new AbortController();
    api.me.get(controller.signal).then(
      (user) => setState({ status: 'signed_in', user }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        // Offline or a server problem: keep the tokens and offer a retry.
        if (error instanceof ApiError && error.status !== 401 && error.status !== 404)
          setState({ status: 'unavailable', message: error.message });
        else {
          saveSession(null, 'expired');
          setState({ status: 'signed_out', why: 'expired' });
        }
      },
    );
    return () => controller.abort();
  }, [state.status]);

  // Tokens gone (expired refresh, sign-out in another tab): back to the sign-in page.
  useEffect(
    () =>
      onSessionChange((session, why) => {
        if (session) return;
        forget();
        setState((s) => (s.status === 'signed_out' ? s : { status: 'signed_out', why }));
      }),
    [forget],
  );

  const signIn = useCallback(async (email: string, password: string) => {
    const answer = await api.auth.login({ email, password });
    forget();
    saveSession({ accessToken: answer.accessToken, refreshToken: answer.refreshToken ?? '' });
    setState({ status: 'signed_in', user: answer.user });
  }, [forget]);

  const signOut = useCallback(() => {
    saveSession(null, 'signed_out');
    setState({ status: 'signed_out', why: 'signed_out' });
  }, []);

  const accountDeleted = useCallback(() => {
    saveSession(null, 'signed_out');
    setState({ status: 'signed_out', why: 'deleted' });
  }, []);

  const setUser = useCallback((user: UserView) => setState({ status: 'signed_in', user }), []);

  const value = useMemo<SessionApi>(() => {
    const user = state.status === 'signed_in' ? state.user : (undefined as unknown as UserView);
    return {
      state,
      user,
      today: () => todayIn(user?.timezone ?? 'UTC'),
      signIn,
      retry: () => setState({ status: 'loading' }),
      signOut,
      setUser,
      accountDeleted,
    };
  }, [state, signIn, signOut, setUser, accountDeleted]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
