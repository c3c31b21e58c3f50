import { createContext, useContext } from 'react';
import type { Permission } from '@cg/domain';
import type { Me } from '../api/types';

export interface AuthState {
  /** undefined while the session is being checked, null when signed out. */
  me: Me | null | undefined;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  refresh: () => Promise<Me | null>;
  /** Marks the forced password change as done without waiting for /auth/me. */
  passwordChanged: () => void;
  can: (permission: Permission) => boolean;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}

/** The signed-in user; only for components rendered behind <RequireAuth>. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe needs a signed-in user');
  return me;
}
