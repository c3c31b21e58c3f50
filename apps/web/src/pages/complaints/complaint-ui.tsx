// Shared bits of the 诉件处置 pages: status and deadline tags, the category tree (loaded once per session) as
// TreeSelect data, and Chinese labels of the enumerations the server sends as codes.
import { Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import {
  complaintApi, type CategoryView, type ComplaintSource, type ComplaintStatus, type ComplaintView, type DueState,
} from '../../api/complaints';
import { useRequest, type RequestState } from '../../lib/use-request';

export const STATUS_LABELS: Record<ComplaintStatus, string> = {
  accepted: '已受理', dispatched: '已派遣', signed: '已签收', handling: '处置中', handled: '已处置', replied: '已回复', closed: '已办结',
  returned: '已退回',
};
const STATUS_COLORS: Record<ComplaintStatus, string> = {
  accepted: 'default', dispatched: 'processing', signed: 'cyan', handling: 'blue', handled: 'geekblue', replied: 'purple', closed: 'success',
  returned: 'warning',
};
export const SOURCE_LABELS: Record<ComplaintSource, string> = { clerk: '窗口受理', field: '巡查发现', '12345': '12345热线', other: '其他系统' };
export const STAGE_LABELS = { intake: '受理照片', before: '处置前', after: '处置后' } as const;

export function ComplaintStatusTag({ status, label, testId }: { status: ComplaintStatus; label?: string; testId?: string }) {
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid={testId}>
      {label ?? STATUS_LABELS[status] ?? status}
    </Tag>
  );
}

/** A deadline: the server's "24:00 of the last day" (next day 00:00) reads as that day's 24:00, as 12345 writes it. */
export function fmtDeadline(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  if (!d.isValid()) return value;
  if (d.hour() === 0 && d.minute() === 0 && d.second() === 0) return `${d.subtract(1, 'day').format('YYYY-MM-DD')} 24:00`;
  return d.format('YYYY-MM-DD HH:mm');
}

/** 超期 (red) / 临期 (orange, due within 24 hours); nothing for done or comfortably early complaints. */
export function DueTag({ state, dueAt }: { state: DueState; dueAt?: string }) {
  if (state !== 'overdue' && state !== 'near') return null;
  const tag = (
    <Tag color={state === 'overdue' ? 'red' : 'orange'} data-testid={`due-${state}`}>
      {state === 'overdue' ? '超期' : '临期'}
    </Tag>
  );
  return dueAt ? <Tooltip title={`处置时限：${fmtDeadline(dueAt)}`}>{tag}</Tooltip> : tag;
}

/** 处置时限 cell: the deadline with its tag; a handled one says whether it was on time. */
export function DueCell({ c }: { c: Pick<ComplaintView, 'dueAt' | 'dueState' | 'handledOnTime'> }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {fmtDeadline(c.dueAt)} <DueTag state={c.dueState} />
      {c.dueState === 'done' && c.handledOnTime === false ? <Tag>超期处置</Tag> : null}
    </span>
  );
}

// The tree changes rarely (no write API yet): one load serves the session.
let cache: Promise<CategoryView[]> | null = null;
export function loadComplaintCategories(): Promise<CategoryView[]> {
  if (!cache) {
    cache = complaintApi.categories().then((r) => r.items).catch((e: unknown) => {
      cache = null;
      throw e;
    });
  }
  return cache;
}

export function useComplaintCategories(): RequestState<CategoryView[]> {
  return useRequest(() => loadComplaintCategories(), []);
}

export interface CategoryOption {
  value: string;
  title: string;
  label: string;
  selectable?: boolean;
  disabled?: boolean;
  children?: CategoryOption[];
}

/**
 * TreeSelect data of 大类 / 小类. `leavesOnly`: a 大类 with 小类 only opens (a complaint is filed under a 小类); the
 * label keeps the full name so the closed select reads “市容环境／占道经营”.
 */
export function categoryTreeData(categories: CategoryView[] | undefined, leavesOnly: boolean): CategoryOption[] {
  return (categories ?? []).map((c) => {
    const children = (c.children ?? []).map((k) => ({
      value: k.id, title: `${k.name}（处置${k.handleLimit.label}）`, label: k.fullName,
    }));
    return {
      value: c.id,
      title: c.name,
      label: c.fullName,
      selectable: !leavesOnly || children.length === 0,
      children: children.length ? children : undefined,
    };
  });
}

/** The category (大类 or 小类) with this id. */
export function findCategory(categories: CategoryView[] | undefined, id: string | undefined): CategoryView | undefined {
  if (!id) return undefined;
  for (const c of categories ?? []) {
    if (c.id === id) return c;
    const k = c.children?.find((x) => x.id === id);
    if (k) return k;
  }
  return undefined;
}

export const distanceLabel = (m: number) => (m < 1 ? '不足1米' : `${Math.round(m)}米`);
