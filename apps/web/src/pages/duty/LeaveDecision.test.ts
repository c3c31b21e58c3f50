// The desk's leave decision rules: who gets the buttons, when the 审批意见 is required, and the body sent.
import { describe, expect, it } from 'vitest';
import { canDecide, decisionBody, decisionNoteProblem, leaveStatusFilterOf, MAX_DECISION_NOTE } from './LeaveDecision';

describe('leave decision', () => {
  it('offers the buttons only on pending requests to planners', () => {
    expect(canDecide({ status: 'pending' }, true)).toBe(true);
    expect(canDecide({ status: 'pending' }, false)).toBe(false);
    for (const status of ['approved', 'rejected', 'cancelled']) expect(canDecide({ status }, true)).toBe(false);
  });

  it('requires a note to reject, not to approve', () => {
    expect(decisionNoteProblem('approved', '')).toBeNull();
    expect(decisionNoteProblem('rejected', '   ')).toBe('不批准须填写审批意见');
    expect(decisionNoteProblem('rejected', '人手不足')).toBeNull();
    expect(decisionNoteProblem('approved', 'x'.repeat(MAX_DECISION_NOTE + 1))).toMatch(/不能超过200/);
  });

  it('trims the note and leaves an empty one out', () => {
    expect(decisionBody('approved', '  ')).toEqual({ decision: 'approved' });
    expect(decisionBody('rejected', ' 人手不足 ')).toEqual({ decision: 'rejected', note: '人手不足' });
  });

  it('reads the status filter from the URL, 待审批 by default', () => {
    expect(leaveStatusFilterOf(null)).toBe('pending');
    expect(leaveStatusFilterOf('bogus')).toBe('pending');
    expect(leaveStatusFilterOf('')).toBe('');
    expect(leaveStatusFilterOf('approved')).toBe('approved');
  });
});
