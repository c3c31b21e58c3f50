// 请假审批 rules the desk applies before asking the server: which rows get the buttons, and the 审批意见 a decision needs
// (the server accepts 不批准 without one, but the officer should learn why).
import type { LeaveView } from '../../api/duty';

export type LeaveDecision = 'approved' | 'rejected';

export const LEAVE_DECISION_LABELS: Record<LeaveDecision, string> = { approved: '批准', rejected: '不批准' };

/** Same limit as the server's 审批意见. */
export const MAX_DECISION_NOTE = 200;

export const LEAVE_STATUS_COLORS: Record<string, string> = { pending: 'gold', approved: 'green', rejected: 'red', cancelled: 'default' };

/** The status filter: the server's statuses, plus '' for 全部. */
export const LEAVE_STATUS_FILTERS = [
  { value: 'pending', label: '待审批' }, { value: 'approved', label: '已批准' }, { value: 'rejected', label: '未批准' },
  { value: 'cancelled', label: '已撤回' }, { value: '', label: '全部' },
] as const;

export type LeaveStatusFilter = (typeof LEAVE_STATUS_FILTERS)[number]['value'];

/** An unknown value from the URL falls back to 待审批, the desk's usual view. */
export function leaveStatusFilterOf(raw: string | null): LeaveStatusFilter {
  return LEAVE_STATUS_FILTERS.find((f) => f.value === raw)?.value ?? 'pending';
}

/** Only a pending request can be decided, and only by someone who plans the roster (the server says the rest). */
export const canDecide = (leave: Pick<LeaveView, 'status'>, canPlan: boolean): boolean => canPlan && leave.status === 'pending';

/** Why the 审批意见 cannot be sent as it is; null when it can. */
export function decisionNoteProblem(decision: LeaveDecision, note: string): string | null {
  const text = note.trim();
  if (decision === 'rejected' && !text) return '不批准须填写审批意见';
  if (text.length > MAX_DECISION_NOTE) return `审批意见不能超过${MAX_DECISION_NOTE}个字符`;
  return null;
}

/** The request body: an empty note is left out. */
export function decisionBody(decision: LeaveDecision, note: string): { decision: LeaveDecision; note?: string } {
  const text = note.trim();
  return text ? { decision, note: text } : { decision };
}
