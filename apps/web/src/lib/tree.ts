import type { UnitTreeNode } from '../api/types';

export function walk(nodes: UnitTreeNode[], visit: (node: UnitTreeNode, parents: UnitTreeNode[]) => void): void {
  const go = (list: UnitTreeNode[], parents: UnitTreeNode[]) => {
    for (const n of list) {
      visit(n, parents);
      if (n.children?.length) go(n.children, [...parents, n]);
    }
  };
  go(nodes, []);
}

export interface TreeIndex {
  byId: Map<string, UnitTreeNode>;
  byCode: Map<string, UnitTreeNode>;
  parentOf: Map<string, string | null>;
}

export function indexTree(nodes: UnitTreeNode[]): TreeIndex {
  const byId = new Map<string, UnitTreeNode>();
  const byCode = new Map<string, UnitTreeNode>();
  const parentOf = new Map<string, string | null>();
  walk(nodes, (n, parents) => {
    byId.set(n.id, n);
    byCode.set(n.code, n);
    parentOf.set(n.id, parents.length ? parents[parents.length - 1].id : null);
  });
  return { byId, byCode, parentOf };
}

/** Ids from the root down to (and including) `id`. */
export function pathTo(index: TreeIndex, id: string): string[] {
  const path: string[] = [];
  let cur: string | null | undefined = id;
  while (cur) {
    path.unshift(cur);
    cur = index.parentOf.get(cur);
  }
  return path;
}

/** Keeps nodes whose name/code contains `q` and their ancestors; returns the kept tree and the keys to expand. */
export function filterTree(nodes: UnitTreeNode[], q: string): { nodes: UnitTreeNode[]; expand: string[] } {
  const needle = q.trim().toLowerCase();
  if (!needle) return { nodes, expand: [] };
  const expand: string[] = [];
  const go = (list: UnitTreeNode[]): UnitTreeNode[] => {
    const out: UnitTreeNode[] = [];
    for (const n of list) {
      const kids = n.children?.length ? go(n.children) : [];
      const hit = n.name.toLowerCase().includes(needle) || n.code.toLowerCase().includes(needle);
      if (hit || kids.length) {
        if (kids.length) expand.push(n.id);
        out.push({ ...n, children: hit && !kids.length ? n.children : kids });
      }
    }
    return out;
  };
  return { nodes: go(nodes), expand };
}

export function countByKind(nodes: UnitTreeNode[]): Map<string, number> {
  const counts = new Map<string, number>();
  walk(nodes, (n) => counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1));
  return counts;
}
