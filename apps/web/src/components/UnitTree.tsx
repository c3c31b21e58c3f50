import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Empty, Flex, Input, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import type { UnitTreeNode } from '../api/types';
import { filterTree, pathTo } from '../lib/tree';
import { LoadError } from './LoadError';
import { PageLoading } from './PageLoading';
import { useUnitTree } from './unit-tree-context';

export interface UnitTreeProps {
  /** Selected unit id (controlled). */
  value?: string | null;
  /** Called with the unit id, or undefined when the selection is cleared. */
  onChange?: (id: string | undefined, node: UnitTreeNode | undefined) => void;
  /** Show each unit's officer count. */
  showCounts?: boolean;
  /** Clicking the selected node again clears the selection. */
  allowDeselect?: boolean;
  /** Max height of the scrolling area (CSS). */
  maxHeight?: number | string;
}

function highlight(name: string, q: string): ReactNode {
  const i = q ? name.toLowerCase().indexOf(q.toLowerCase()) : -1;
  if (i < 0) return name;
  return (
    <>
      {name.slice(0, i)}
      <mark className="unit-tree-hit">{name.slice(i, i + q.length)}</mark>
      {name.slice(i + q.length)}
    </>
  );
}

/** The caller's organisation tree (组织机构) with a name filter and officer counts; used to pick a scope. */
export function UnitTree({ value, onChange, showCounts = true, allowDeselect = true, maxHeight = 'calc(100vh - 260px)' }: UnitTreeProps) {
  const { roots, index, loading, error, reload } = useUnitTree();
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<string[]>([]);

  // Open the top two levels once the tree arrives.
  useEffect(() => {
    if (!roots.length) return;
    setExpanded((prev) => (prev.length ? prev : roots.map((r) => r.id)));
  }, [roots]);

  // Keep the selected unit visible when it is chosen elsewhere (map click, URL).
  useEffect(() => {
    if (!value || !index.byId.has(value)) return;
    const ancestors = pathTo(index, value).slice(0, -1);
    setExpanded((prev) => {
      const missing = ancestors.filter((id) => !prev.includes(id));
      return missing.length ? [...prev, ...missing] : prev;
    });
  }, [value, index]);

  const q = search.trim();
  const filtered = useMemo(() => filterTree(roots, q), [roots, q]);

  const treeData = useMemo<TreeDataNode[]>(() => {
    const toNode = (n: UnitTreeNode): TreeDataNode => ({
      key: n.id,
      title: (
        <span className="unit-tree-title" data-testid={`unit-node-${n.code}`} title={`${n.name}（${n.kind}）`}>
          <span className="unit-tree-name">{highlight(n.name, q)}</span>
          {showCounts && typeof n.officerCount === 'number' ? (
            <span className="unit-tree-count" aria-label={`${n.officerCount}人`}>
              {n.officerCount}
            </span>
          ) : null}
        </span>
      ),
      children: n.children?.length ? n.children.map(toNode) : undefined,
      isLeaf: !n.children?.length,
    });
    return filtered.nodes.map(toNode);
  }, [filtered.nodes, q, showCounts]);

  if (loading && !roots.length) return <PageLoading tip="正在加载组织机构…" />;
  if (error && !roots.length) return <LoadError error={error} onRetry={reload} title="组织机构加载失败" />;

  return (
    <Flex vertical gap={8} className="unit-tree" data-testid="unit-tree">
      <Input.Search
        allowClear
        placeholder="搜索单位名称或编码"
        aria-label="搜索单位"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {treeData.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={q ? `没有名称包含“${q}”的单位` : '暂无组织机构'} />
      ) : (
        <div style={{ maxHeight, overflow: 'auto' }}>
          <Tree
            blockNode
            showLine={{ showLeafIcon: false }}
            treeData={treeData}
            expandedKeys={q ? filtered.expand : expanded}
            onExpand={(keys) => {
              if (!q) setExpanded(keys.map(String));
            }}
            selectedKeys={value ? [value] : []}
            onSelect={(_keys, info) => {
              const id = String(info.node.key);
              if (!info.selected) {
                if (allowDeselect) onChange?.(undefined, undefined);
                return;
              }
              onChange?.(id, index.byId.get(id));
            }}
          />
        </div>
      )}
      {showCounts ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          数字为该单位（含下级）执法人员数
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
