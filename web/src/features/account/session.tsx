import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../../api/api.ts';
import { ApiError, loadSession, onSessionChange, saveSession, type SessionEnd } from '../../api/client.ts';
import { cancelReReads } from '../../api/refresh-after-write.ts';
import type { SessionAnswer, UserView } from '../../api/types.ts';
import { dateTime, todayIn } from '../../lib/dates.ts';

/** Why the app is on the sign-in page (the notice it shows). */
export type SignedOutWhy = SessionEnd | 'deleted' | 'everywhere' | 'password_changed';

/** A sign-in whose password was right, waiting for the authenticator code. */
export interface PendingChallenge {
  challengeId: string;
  email: string;
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed_out'; why?: SignedOutWhy; challenge?: PendingChallenge }
  | { status: 'signed_in'; user: UserView }
  /** A stored session could not be checked (offline, server trouble): retry, or sign in anew. */
  | { status: 'unavailable'; message: string };

interface SessionApi {
  state: SessionState;
  /** The signed-in user (only inside the signed-in shell). */
  user: UserView;
  /** Today's date in the user's time zone. */
  today: () => string;
  /** A timestamp as the user reads it: "22 Nov 2026, 14:05" in their time zone (as every page shows times). */
  when: (iso: string) => string;
  /** Signs in; with MFA on, the state then holds the challenge and the sign-in page asks for the code. */
  signIn: (email: string, password: string, why?: SignedOutWhy) => Promise<'signed_in' | 'challenge'>;
  /** Completes a challenged sign-in with the authenticator code. */
  signInWithCode: (code: string) => Promise<void>;
  /** Back from the code step to the password form. */
  cancelChallenge: () => void;
  retry: () => void;
  /** Ends this session on the server (best effort) and here. */
  signOut: () => void;
  /** Ends every session of the account, this one included. */
  signOutEverywhere: () => Promise<void>;
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

  const begin = useCallback(
    (answer: SessionAnswer) => {
      forget();
      saveSession({ accessToken: answer.accessToken, refreshToken: answer.refreshToken ?? '' });
      setState({ status: 'signed_in', user: answer.user });
    },
    [forget],
  );

  const signIn = useCallback(
    async (email: string, password: string, why?: SignedOutWhy) => {
      const answer = await api.auth.login({ email, password });
      if ('challenge' in answer) {
        // The old session (if any) is over; the sign-in page asks for the code.
        saveSession(null, 'signed_out');
        forget();
        setState({ status: 'signed_out', why, challenge: { challengeId: answer.challengeId, email } });
        return 'challenge' as const;
      }
      begin(answer);
      return 'signed_in' as const;
    },
    [begin, forget],
  );

  const signInWithCode = useCallback(
    async (code: string) => {
      if (state.status !== 'signed_out' || !state.challenge) return;
      begin(await api.auth.loginWithCode({ challengeId: state.challenge.challengeId, code }));
    },
    [state, begin],
  );

  const cancelChallenge = useCallback(() => setState({ status: 'signed_out' }), []);

  const signOut = useCallback(() => {
    const session = loadSession();
    // The server ends the session's refresh token and access token (refreshing an expired access
    // token first, so it can); the app forgets them once it answered, or failed to.
    const ended = session?.refreshToken ? api.auth.logout(session.refreshToken).catch(() => undefined) : Promise.resolve();
    void ended.then(() => {
      saveSession(null, 'signed_out');
      setState({ status: 'signed_out', why: 'signed_out' });
    });
  }, []);

  const signOutEverywhere = useCallback(async () => {
    await api.auth.logoutEverywhere();
    saveSession(null, 'signed_out');
    setState({ status: 'signed_out', why: 'everywhere' });
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
      when: (iso: string) => dateTime(iso, user?.timezone),
      signIn,
      signInWithCode,
      cancelChallenge,
      retry: () => setState({ status: 'loading' }),
      signOut,
      signOutEverywhere,
      setUser,
      accountDeleted,
    };
  }, [state, signIn, signInWithCode, cancelChallenge, signOut, signOutEverywhere, setUser, accountDeleted]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
