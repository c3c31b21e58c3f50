import { describe, expect, it } from 'vitest';
import {
  availableComplaintActions, COMPLAINT_ACTIONS, COMPLAINT_LIFECYCLE_STATES, planComplaintAction, type ComplaintAction,
  type ComplaintState,
} from './complaint-lifecycle.ts';

const all = { roles: ['dispatcher', 'handler', 'leader'] as const, reason: '市民不满意，要求重新处理' };

describe('complaint lifecycle', () => {
  it('walks the main line 受理 → 派遣 → 签收 → 处置中 → 已处置 → 已回复 → 办结', () => {
    const steps: [ComplaintState, ComplaintAction, ComplaintState][] = [
      ['accepted', 'dispatch', 'dispatched'], ['dispatched', 'sign', 'signed'], ['signed', 'start', 'handling'],
      ['handling', 'handle', 'handled'], ['handled', 'reply', 'replied'], ['replied', 'close', 'closed'],
    ];
    for (const [from, action, to] of steps) expect(planComplaintAction(from, action, all)).toEqual({ ok: true, to, reasonRequired: false });
  });

  it('allows 已处置 straight after 签收 (settled on the spot), and 重办 from 已回复 or 办结 back to 处置中', () => {
    expect(planComplaintAction('signed', 'handle', all)).toMatchObject({ ok: true, to: 'handled' });
    expect(planComplaintAction('replied', 'reopen', all)).toMatchObject({ ok: true, to: 'handling', reasonRequired: true });
    expect(planComplaintAction('closed', 'reopen', all)).toMatchObject({ ok: true, to: 'handling' });
  });

  it('退回 needs a reason and goes back to the dispatcher, who can dispatch again', () => {
    expect(planComplaintAction('dispatched', 'return', { roles: ['handler'] })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(planComplaintAction('dispatched', 'return', { roles: ['handler'], reason: ' 1 ' })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(planComplaintAction('dispatched', 'return', { roles: ['handler'], reason: '不属本中队辖区' })).toMatchObject({ ok: true, to: 'returned' });
    expect(planComplaintAction('returned', 'dispatch', { roles: ['dispatcher'] })).toMatchObject({ ok: true, to: 'dispatched' });
    expect(planComplaintAction('handling', 'return', all)).toMatchObject({ ok: false, code: 'ILLEGAL_MOVE' });
  });

  it('延期: the handler asks, only a leader decides, one request at a time; the state does not change', () => {
    expect(planComplaintAction('handling', 'request_extension', { roles: ['handler'], reason: '需协调房管部门' })).toEqual({ ok: true, to: null, reasonRequired: true });
    expect(planComplaintAction('handling', 'request_extension', { roles: ['handler'], reason: '再次申请', extensionPending: true }))
      .toMatchObject({ ok: false, code: 'EXTENSION_PENDING' });
    expect(planComplaintAction('handling', 'approve_extension', { roles: ['handler'], extensionPending: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(planComplaintAction('handling', 'approve_extension', { roles: ['leader'], extensionPending: false })).toMatchObject({ ok: false, code: 'NO_PENDING_EXTENSION' });
    expect(planComplaintAction('handling', 'approve_extension', { roles: ['leader'], extensionPending: true })).toEqual({ ok: true, to: null, reasonRequired: false });
    expect(planComplaintAction('handling', 'reject_extension', { roles: ['leader'], extensionPending: true })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
  });

  it('refuses every move not in the table, naming the state', () => {
    let refused = 0;
    for (const state of COMPLAINT_LIFECYCLE_STATES) {
      for (const action of COMPLAINT_ACTIONS) {
        const plan = planComplaintAction(state, action, { ...all, extensionPending: action.endsWith('_extension') && action !== 'request_extension' });
        if (!plan.ok) {
          refused += 1;
          expect(plan.code).toBe('ILLEGAL_MOVE');
          expect(plan.message).toMatch(/诉件当前为“.+”，不能/);
        }
      }
    }
    // 8 states × 12 actions = 96 combinations; the table allows 21 (dispatch 2, contact 3, sign 1, start 1, handle 2, reply 1,
    // close 1, return 2, and 2 each for the three 延期 actions and 重办).
    expect(refused).toBe(96 - 21);
  });

  it('keeps roles apart: a handler cannot dispatch or close, a dispatcher cannot sign', () => {
    expect(planComplaintAction('accepted', 'dispatch', { roles: ['handler'] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(planComplaintAction('replied', 'close', { roles: ['handler'] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(planComplaintAction('dispatched', 'sign', { roles: ['dispatcher'] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('lists the buttons a page should show', () => {
    expect(availableComplaintActions('dispatched', { roles: ['handler'] })).toEqual(['contact', 'sign', 'return']);
    expect(availableComplaintActions('dispatched', { roles: ['handler'], contacted: true })).toEqual(['sign', 'return']);
    expect(availableComplaintActions('handling', { roles: ['leader'], extensionPending: true, contacted: true })).toEqual(['handle', 'approve_extension', 'reject_extension']);
    expect(availableComplaintActions('closed', { roles: ['handler'] })).toEqual([]);
  });
});
