import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { TreeSelectProps } from 'antd';
import type { UnitKind } from '@cg/domain';
import type { UnitTreeNode } from '../api/types';
import { useUnitTree } from './unit-tree-context';

interface Option {
  value: string;
  title: string;
  label: string;
  disabled?: boolean;
  children?: Option[];
}

export interface UnitTreeSelectProps extends Omit<TreeSelectProps<string>, 'treeData' | 'value' | 'onChange'> {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** Only units of these kinds can be chosen (others stay visible for navigation). */
  selectableKinds?: readonly UnitKind[];
  /** Units that cannot be chosen (e.g. the officer's current unit for a transfer). */
  disabledIds?: readonly string[];
}

/** A TreeSelect over the caller's unit tree (searchable by name). Works as an antd Form control. */
export function UnitTreeSelect({ value, onChange, selectableKinds, disabledIds, placeholder = '选择单位', ...rest }: UnitTreeSelectProps) {
  const { roots, loading } = useUnitTree();
  const treeData = useMemo(() => {
    const toOption = (n: UnitTreeNode): Option => ({
      value: n.id,
      title: n.name,
      label: n.name,
      disabled: (selectableKinds ? !selectableKinds.includes(n.kind) : false) || (disabledIds?.includes(n.id) ?? false),
      children: n.children?.length ? n.children.map(toOption) : undefined,
    });
    return roots.map(toOption);
  }, [roots, selectableKinds, disabledIds]);

  return (
    <TreeSelect<string>
      allowClear
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={roots.map((r) => r.id)}
      placeholder={placeholder}
      loading={loading}
      treeData={treeData}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto', minWidth: 280 } } }}
      {...rest}
    />
  );
}
