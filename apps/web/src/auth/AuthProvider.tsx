import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { Permission } from '@cg/domain';
import { isApiError, setUnauthorizedHandler } from '../api/client';
import { authApi } from '../api/endpoints';
import type { Me } from '../api/types';
import { AuthContext, type AuthState } from './auth-context';

// The field app opens in a dead zone (service worker): with no network the session cannot be checked, so the user
// last confirmed by the server is taken from the phone until it can answer again (a 401 then signs out as usual).
const ME_KEY = 'cg.auth.me';
function remember(user: Me | null) {
  try {
    if (user) localStorage.setItem(ME_KEY, JSON.stringify(user));
    else localStorage.removeItem(ME_KEY);
  } catch {
    /* storage unavailable: no offline start */
  }
}
function remembered(): Me | null {
  try {
    const raw = localStorage.getItem(ME_KEY);
    return raw ? (JSON.parse(raw) as Me) : null;
  } catch {
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const navigate = useNavigate();

  const refresh = useCallback(async () => {
    try {
      const user = await authApi.me();
      remember(user);
      setMe(user);
      return user;
    } catch (e) {
      if (isApiError(e) && e.status === 401) {
        remember(null);
        setMe(null);
        return null;
      }
      const offline = isApiError(e) && e.status === 0 ? remembered() : null;
      if (offline) {
        setMe(offline);
        return offline;
      }
      throw e;
    }
  }, []);

  useEffect(() => {
    refresh().catch(() => setMe(null));
  }, [refresh]);

  // A 401 from any request: the session expired or was revoked. Dropping the user makes <RequireAuth>
  // send the browser back to the login page (remembering where it was).
  useEffect(() => {
    setUnauthorizedHandler(() => { remember(null); setMe(null); });
    return () => setUnauthorizedHandler(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const { user } = await authApi.login(username, password);
    remember(user);
    setMe(user);
    return user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      /* the session may already be gone */
    }
    remember(null);
    setMe(null);
    navigate('/login', { replace: true });
  }, [navigate]);

  const passwordChanged = useCallback(() => {
    setMe((prev) => (prev ? { ...prev, mustChangePassword: false } : prev));
  }, []);

  const value = useMemo<AuthState>(() => {
    const permissions = new Set(me?.permissions ?? []);
    return {
      me,
      login,
      logout,
      refresh,
      passwordChanged,
      can: (p: Permission) => permissions.has(p),
    };
  }, [me, login, logout, refresh, passwordChanged]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
