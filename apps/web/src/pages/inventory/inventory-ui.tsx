import { Progress, Tag } from 'antd';
import type { InventoryLineResult, InventoryRound } from '../../api/types';

export const RESULT_META: Record<InventoryLineResult, { label: string; color: string }> = {
  pending: { label: '待清点', color: 'default' },
  found: { label: '已清点', color: 'success' },
  wrong_holder: { label: '持有人不符', color: 'orange' },
  unexpected: { label: '账外', color: 'purple' },
  missing: { label: '缺失', color: 'error' },
};

export function ResultTag({ result }: { result: InventoryLineResult }) {
  const m = RESULT_META[result];
  return <Tag color={m.color}>{m.label}</Tag>;
}

function countedOf(r: InventoryRound): number {
  return r.counts.expected - r.counts.pending - (r.status === 'closed' ? r.counts.missing : 0);
}

export function RoundProgress({ round, size }: { round: InventoryRound; size?: 'small' | 'default' }) {
  const expected = round.counts.expected;
  const counted = countedOf(round);
  return (
    <Progress
      size={size === 'small' ? 'small' : undefined}
      percent={expected ? Math.round((counted / expected) * 100) : 100}
      format={() => `${counted}/${expected}`}
      status={round.status === 'closed' ? (round.counts.missing ? 'exception' : 'success') : 'active'}
    />
  );
}
