// The status of a 考核轮次 as a coloured tag (申报中 → 现场检查中 → 已发布).
import { Tag } from 'antd';
import type { RoundStatus, RoundView } from '../../api/evaluation';

const COLORS: Record<RoundStatus, string> = { open: 'processing', inspecting: 'warning', published: 'success' };

export function RoundStatusTag({ round }: { round: Pick<RoundView, 'status' | 'statusLabel'> }) {
  return <Tag color={COLORS[round.status]} data-testid="round-status">{round.statusLabel}</Tag>;
}
