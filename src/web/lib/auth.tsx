import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, request, setCsrfToken, setUnauthenticatedHandler } from './api';
import { call } from './client';
import { authApi, type Me, type SessionView } from '../../shared/contracts/platform.api';

export type { Me };

interface AuthState {
  me: Me | null;
  loading: boolean;
  mustChangePassword: boolean;
  sessionMessage: string | null;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  can(permission: string): boolean;
  refresh(): Promise<void>;
  passwordChanged(): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [mustChangePassword, setMustChange] = useState(false);
  const [sessionMessage, setSessionMessage] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      // silent: no session yet is not an expired one (the login page shows no message)
      const r = await request<SessionView>(authApi.me.method, authApi.me.path, undefined, { silent401: true });
      setCsrfToken(r.csrfToken);
      setMustChange(r.mustChangePassword);
      setMe(r.user);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      setMe(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler((message) => {
      setMe(null);
      setCsrfToken(null);
      setSessionMessage(message);
    });
    void refresh();
  }, [refresh]);

  const value = useMemo<AuthState>(
    () => ({
      me,
      loading,
      mustChangePassword,
      sessionMessage,
      async login(username, password) {
        const r = await call(authApi.login, { body: { username, password } });
        setCsrfToken(r.csrfToken);
        setMustChange(r.mustChangePassword);
        setSessionMessage(null);
        setMe(r.user);
      },
      async logout() {
        try {
          await call(authApi.logout, { body: {} });
        } finally {
          setCsrfToken(null);
          setMe(null);
        }
      },
      can: (p) => !!me?.permissions.includes(p),
      refresh,
      passwordChanged: () => setMustChange(false),
    }),
    [me, loading, mustChangePassword, sessionMessage, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user (pages under the layout are only rendered with one). */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('not signed in');
  return me;
}
