import { createContext, useContext } from 'react';
import type { UnitTreeNode } from '../api/types';
import type { TreeIndex } from '../lib/tree';

export interface UnitTreeState {
  /** Roots of the caller's subtree (usually one). */
  roots: UnitTreeNode[];
  index: TreeIndex;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

export const UnitTreeContext = createContext<UnitTreeState | null>(null);

export function useUnitTree(): UnitTreeState {
  const ctx = useContext(UnitTreeContext);
  if (!ctx) throw new Error('useUnitTree must be used inside <UnitTreeProvider>');
  return ctx;
}
