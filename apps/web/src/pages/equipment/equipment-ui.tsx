// Small pieces shared by the 执法装备库 screens: status tags, the overdue tag and attribute value display.
import { Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { EquipmentAttributeDef, EquipmentStatus } from '@cg/domain';
import { fmtDateTime } from '../../lib/format';

export const EQUIPMENT_STATUS_COLORS: Record<EquipmentStatus, string> = {
  在库: 'green',
  在用: 'blue',
  借出: 'gold',
  维修: 'purple',
  报废: 'default',
  遗失: 'volcano',
};

export function EquipmentStatusTag({ status }: { status: EquipmentStatus }) {
  return <Tag color={EQUIPMENT_STATUS_COLORS[status] ?? 'default'}>{status}</Tag>;
}

export function OverdueTag() {
  return (
    <Tag color="red" data-testid="overdue-tag">
      逾期
    </Tag>
  );
}

/** 状态 cell: the status tag, plus a red 逾期 tag for an overdue loan. */
export function EquipmentStatusCell({ status, overdue }: { status: EquipmentStatus; overdue: boolean }) {
  return (
    <Space size={0} wrap>
      <EquipmentStatusTag status={status} />
      {overdue ? <OverdueTag /> : null}
    </Space>
  );
}

/** 预计归还 cell: the time, in red when the loan is overdue. */
export function DueCell({ value, overdue }: { value: string | null; overdue: boolean }) {
  if (!value) return <>—</>;
  return overdue ? <Typography.Text type="danger">{fmtDateTime(value)}</Typography.Text> : <>{fmtDateTime(value)}</>;
}

/** How long ago a due time passed, in words (已逾期 3 天 / 5 小时 / 20 分钟). */
export function overdueFor(due: string, now = dayjs()): string {
  const minutes = Math.max(1, now.diff(dayjs(due), 'minute'));
  if (minutes >= 24 * 60) return `${Math.floor(minutes / (24 * 60))} 天`;
  if (minutes >= 60) return `${Math.floor(minutes / 60)} 小时`;
  return `${minutes} 分钟`;
}

/** One attribute value as text: 有/无 for booleans, numbers with their unit. */
export function fmtAttribute(def: EquipmentAttributeDef | undefined, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '有' : '无';
  if (def?.type === 'number' && def.unit) return `${String(value)} ${def.unit}`;
  return String(value);
}

export const brandModel = (brand: string | null, model: string) => (brand ? `${brand} ${model}` : model);
