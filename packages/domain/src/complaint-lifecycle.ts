// 诉件 lifecycle as a pure state machine: 受理 → 派遣 → 签收 → 处置中 → 已处置 → 已回复 → 办结, with 退回 (back to the
// dispatcher, reason required), 延期 (request by the handling squadron, approval by a leader; the deadline moves,
// the state does not), and 重办 (a dissatisfied citizen reopens a replied or closed complaint as handling again).
// The complaints module applies a plan inside its transaction; this file decides only what is allowed.
// State names match the `complaints.status` column.

export const COMPLAINT_LIFECYCLE_STATES = ['accepted', 'dispatched', 'signed', 'handling', 'handled', 'replied', 'closed', 'returned'] as const;
export type ComplaintState = (typeof COMPLAINT_LIFECYCLE_STATES)[number];

export const COMPLAINT_ACTIONS = [
  'dispatch', 'contact', 'sign', 'start', 'handle', 'reply', 'close', 'return', 'request_extension', 'approve_extension',
  'reject_extension', 'reopen',
] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

export const COMPLAINT_ACTION_LABELS: Record<ComplaintAction, string> = {
  dispatch: '派遣', contact: '首次联系', sign: '签收', start: '开始处置', handle: '处置完毕', reply: '回复市民', close: '办结', return: '退回',
  request_extension: '申请延期', approve_extension: '批准延期', reject_extension: '驳回延期', reopen: '重办',
};

/** Who may take an action: the dispatching desk (clerk/commander), the squadron that handles it, or a leader. */
export type ComplaintRole = 'dispatcher' | 'handler' | 'leader';

interface Rule {
  from: readonly ComplaintState[];
  /** The new state; null = unchanged (延期 moves the deadline only). */
  to: ComplaintState | null;
  by: readonly ComplaintRole[];
  reason?: boolean;
}

const RULES: Record<ComplaintAction, Rule> = {
  // A returned complaint goes out again (to the same or a re-routed squadron).
  dispatch: { from: ['accepted', 'returned'], to: 'dispatched', by: ['dispatcher', 'leader'] },
  // 首次联系: the citizen was called (12345: within 1 working day); recorded once, the state does not change.
  contact: { from: ['dispatched', 'signed', 'handling'], to: null, by: ['dispatcher', 'handler', 'leader'] },
  sign: { from: ['dispatched'], to: 'signed', by: ['handler', 'leader'] },
  start: { from: ['signed'], to: 'handling', by: ['handler', 'leader'] },
  // 已处置 straight from 签收 is allowed: a complaint settled on the spot needs no separate start.
  handle: { from: ['signed', 'handling'], to: 'handled', by: ['handler', 'leader'] },
  reply: { from: ['handled'], to: 'replied', by: ['dispatcher', 'handler', 'leader'] },
  close: { from: ['replied'], to: 'closed', by: ['dispatcher', 'leader'] },
  // Not ours (wrong place or wrong category): back to the dispatcher with the reason.
  return: { from: ['dispatched', 'signed'], to: 'returned', by: ['handler', 'leader'], reason: true },
  request_extension: { from: ['signed', 'handling'], to: null, by: ['handler', 'leader'], reason: true },
  approve_extension: { from: ['signed', 'handling'], to: null, by: ['leader'] },
  reject_extension: { from: ['signed', 'handling'], to: null, by: ['leader'], reason: true },
  // 重办: the citizen is not satisfied with the reply; the complaint is handled again (the module sets a new deadline).
  reopen: { from: ['replied', 'closed'], to: 'handling', by: ['dispatcher', 'leader'], reason: true },
};

export type ComplaintPlan =
  | { ok: true; to: ComplaintState | null; reasonRequired: boolean }
  | { ok: false; code: 'ILLEGAL_MOVE' | 'FORBIDDEN' | 'REASON_REQUIRED' | 'NO_PENDING_EXTENSION' | 'EXTENSION_PENDING' | 'ALREADY_CONTACTED'; message: string };

export const COMPLAINT_STATE_LABELS: Record<ComplaintState, string> = {
  accepted: '受理', dispatched: '已派遣', signed: '已签收', handling: '处置中', handled: '已处置', replied: '已回复', closed: '办结', returned: '已退回',
};

export interface ComplaintPlanContext {
  roles: readonly ComplaintRole[];
  reason?: string | null;
  /** A 延期 request is waiting for a leader's decision. */
  extensionPending?: boolean;
  /** The citizen has been contacted already (首次联系 recorded). */
  contacted?: boolean;
}

/** Whether `action` may be taken on a complaint in `state` by someone with `roles`; the new state when it may. */
export function planComplaintAction(state: ComplaintState, action: ComplaintAction, ctx: ComplaintPlanContext): ComplaintPlan {
  const rule = RULES[action];
  const label = COMPLAINT_ACTION_LABELS[action];
  if (!rule.from.includes(state)) {
    return { ok: false, code: 'ILLEGAL_MOVE', message: `诉件当前为“${COMPLAINT_STATE_LABELS[state]}”，不能${label}` };
  }
  if (!rule.by.some((r) => ctx.roles.includes(r))) {
    return { ok: false, code: 'FORBIDDEN', message: `无权${label}` };
  }
  if (rule.reason && !(ctx.reason && ctx.reason.trim().length >= 2)) {
    return { ok: false, code: 'REASON_REQUIRED', message: `${label}须填写原因（至少2个字）` };
  }
  if ((action === 'approve_extension' || action === 'reject_extension') && !ctx.extensionPending) {
    return { ok: false, code: 'NO_PENDING_EXTENSION', message: '没有待审批的延期申请' };
  }
  if (action === 'contact' && ctx.contacted) {
    return { ok: false, code: 'ALREADY_CONTACTED', message: '已记录首次联系' };
  }
  if (action === 'request_extension' && ctx.extensionPending) {
    return { ok: false, code: 'EXTENSION_PENDING', message: '已有延期申请待审批' };
  }
  return { ok: true, to: rule.to, reasonRequired: Boolean(rule.reason) };
}

/** The actions open to these roles in this state (for the buttons a page shows). */
export function availableComplaintActions(state: ComplaintState, ctx: Omit<ComplaintPlanContext, 'reason'>): ComplaintAction[] {
  return COMPLAINT_ACTIONS.filter((a) => {
    const plan = planComplaintAction(state, a, { ...ctx, reason: 'xx' });
    return plan.ok;
  });
}
