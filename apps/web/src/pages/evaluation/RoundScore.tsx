// Small pieces shared by the round and applicant pages: the pass tag and the tier tag.
import { Tag } from 'antd';
import type { EvaluationTier } from '@cg/domain';

/** 达标 / 未达标 (whether it is a projection or final says the column or card around it). */
export function PassTag({ passed }: { passed: boolean | null | undefined }) {
  if (passed === null || passed === undefined) return null;
  return <Tag color={passed ? 'success' : 'error'}>{passed ? '达标' : '未达标'}</Tag>;
}

/** An instant as Shanghai wall-clock time (the cut-off is set in Beijing time, whatever the browser's zone). */
export function fmtShanghai(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function TierTag({ tier, label }: { tier: EvaluationTier; label: string }) {
  return <Tag color={tier === 'demonstration' ? 'gold' : 'blue'}>{label}</Tag>;
}
