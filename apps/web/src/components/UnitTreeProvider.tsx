import { useMemo, type ReactNode } from 'react';
import { unitsApi } from '../api/endpoints';
import { indexTree } from '../lib/tree';
import { useRequest } from '../lib/use-request';
import { UnitTreeContext, type UnitTreeState } from './unit-tree-context';

/** Loads GET /api/units/tree once per session and shares it with every tree / tree-select. */
export function UnitTreeProvider({ children }: { children: ReactNode }) {
  const { data, loading, error, reload } = useRequest((signal) => unitsApi.tree(signal), []);
  const value = useMemo<UnitTreeState>(() => {
    const roots = data ? (Array.isArray(data) ? data : [data]) : [];
    return { roots, index: indexTree(roots), loading, error, reload };
  }, [data, loading, error, reload]);
  return <UnitTreeContext.Provider value={value}>{children}</UnitTreeContext.Provider>;
}
