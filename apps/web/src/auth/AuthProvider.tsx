import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { Permission } from '@cg/domain';
import { isApiError, setUnauthorizedHandler } from '../api/client';
import { authApi } from '../api/endpoints';
import type { Me } from '../api/types';
import { AuthContext, type AuthState } from './auth-context';

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const navigate = useNavigate();

  const refresh = useCallback(async () => {
    try {
      const user = await authApi.me();
      setMe(user);
      return user;
    } catch (e) {
      if (isApiError(e) && e.status === 401) {
        setMe(null);
        return null;
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
    setUnauthorizedHandler(() => setMe(null));
    return () => setUnauthorizedHandler(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const { user } = await authApi.login(username, password);
    setMe(user);
    return user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      /* the session may already be gone */
    }
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
