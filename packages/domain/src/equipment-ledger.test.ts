import { describe, it, expect } from 'vitest';
import { EQUIPMENT_STATUSES, type EquipmentStatus } from './equipment.ts';
import {
  LEDGER_ACTION_LABELS, LEDGER_ACTIONS, REGISTERED_STATUS, isOverdue, planLedgerAction, type LedgerAction, type LedgerPlan,
} from './equipment-ledger.ts';

// A consistent item holds someone exactly when it is 在用 or 借出.
const held = (s: EquipmentStatus) => s === '在用' || s === '借出';
const plan = (action: LedgerAction, status: EquipmentStatus, hasHolder = held(status)) =>
  planLedgerAction(action, { status, hasHolder });

type Allowed = [EquipmentStatus, 'set' | 'clear' | 'keep', boolean?];
// Every action × every status: either [to, holder, needsApproval] or the refusal message.
const TABLE: Record<LedgerAction, Record<EquipmentStatus, Allowed | string>> = {
  register: {
    在库: '装备已入库登记，不能重复登记', 在用: '装备已入库登记，不能重复登记', 借出: '装备已入库登记，不能重复登记',
    维修: '装备已入库登记，不能重复登记', 报废: '装备已入库登记，不能重复登记', 遗失: '装备已入库登记，不能重复登记',
  },
  assign: {
    在库: ['在用', 'set'],
    在用: '该装备已由他人持有，不能同时配发给两人',
    借出: '该装备已由他人持有，不能同时配发给两人',
    维修: '装备在维修中，不能配发',
    报废: '装备已报废，不能再办理配发',
    遗失: '装备已登记遗失，不能办理配发；找回后请先登记“找回”',
  },
  unassign: {
    在库: '该装备未配发，无需收回',
    在用: ['在库', 'clear'],
    借出: '该装备是借出的，请使用“归还”',
    维修: '装备在维修中，没有持有人，无需收回',
    报废: '装备已报废，不能再办理收回',
    遗失: '装备已登记遗失，不能办理收回；找回后请先登记“找回”',
  },
  issue: {
    在库: ['借出', 'set'],
    在用: '装备已配发给他人使用，不能同时借出',
    借出: '装备已借出，归还前不能再借给他人',
    维修: '装备在维修中，不能借出',
    报废: '装备已报废，不能再办理借用登记',
    遗失: '装备已登记遗失，不能办理借用登记；找回后请先登记“找回”',
  },
  return: {
    在库: '该装备未借出，无需归还',
    在用: '该装备是配发装备，未借出；交回配发装备请使用“收回”',
    借出: ['在库', 'clear'],
    维修: '装备在维修中，未借出，无需归还',
    报废: '装备已报废，不能再办理归还',
    遗失: '装备已登记遗失，不能办理归还；找回后请先登记“找回”',
  },
  report_fault: {
    在库: ['在库', 'keep'],
    在用: ['在用', 'keep'],
    借出: ['借出', 'keep'],
    维修: '装备已在维修中，无需再登记故障',
    报废: '装备已报废，不能再办理故障登记',
    遗失: '装备已登记遗失，不能办理故障登记；找回后请先登记“找回”',
  },
  send_repair: {
    在库: ['维修', 'clear'],
    在用: ['维修', 'clear'],
    借出: '装备已借出，请先归还再送修',
    维修: '装备已在维修中',
    报废: '装备已报废，不能再办理送修',
    遗失: '装备已登记遗失，不能办理送修；找回后请先登记“找回”',
  },
  repaired: {
    在库: '装备不在维修中（当前状态：在库），不能办理修复入库',
    在用: '装备不在维修中（当前状态：在用），不能办理修复入库',
    借出: '装备不在维修中（当前状态：借出），不能办理修复入库',
    维修: ['在库', 'clear'],
    报废: '装备已报废，不能再办理修复入库',
    遗失: '装备已登记遗失，不能办理修复入库；找回后请先登记“找回”',
  },
  maintain: {
    在库: ['在库', 'keep'],
    在用: ['在用', 'keep'],
    借出: '装备已借出，请先归还再保养',
    维修: '装备在维修中，不能登记保养；修复后请办理“修复入库”',
    报废: '装备已报废，不能再办理保养',
    遗失: '装备已登记遗失，不能办理保养；找回后请先登记“找回”',
  },
  scrap: {
    在库: ['报废', 'clear', true],
    在用: '装备在用，请先收回再报废',
    借出: '装备已借出，请先归还再报废',
    维修: ['报废', 'clear', true],
    报废: '装备已报废，不能再办理报废',
    遗失: '装备已登记遗失，不能办理报废；找回后请先登记“找回”',
  },
  lose: {
    在库: ['遗失', 'clear', true],
    在用: ['遗失', 'clear', true],
    借出: ['遗失', 'clear', true],
    维修: '装备在维修中（由维修方保管），不能登记遗失',
    报废: '装备已报废，不能再办理遗失',
    遗失: '装备已登记遗失，不能办理遗失；找回后请先登记“找回”',
  },
  found: {
    在库: '装备未登记遗失（当前状态：在库），无需找回',
    在用: '装备未登记遗失（当前状态：在用），无需找回',
    借出: '装备未登记遗失（当前状态：借出），无需找回',
    维修: '装备未登记遗失（当前状态：维修），无需找回',
    报废: '装备已报废，不能再办理找回',
    遗失: ['在库', 'clear'],
  },
  transfer: {
    在库: ['在库', 'keep'],
    在用: '装备在用，请先收回再调拨',
    借出: '装备已借出，请先归还再调拨',
    维修: '装备在维修中，修复入库后才能调拨',
    报废: '装备已报废，不能再办理调拨',
    遗失: '装备已登记遗失，不能办理调拨；找回后请先登记“找回”',
  },
  fit: {
    在库: ['在用', 'set'],
    在用: '该装备已由他人持有，请先收回',
    借出: '该装备已由他人持有，请先收回',
    维修: '装备在维修中，不能安装',
    报废: '装备已报废，不能再办理安装到车辆',
    遗失: '装备已登记遗失，不能办理安装到车辆；找回后请先登记“找回”',
  },
  unfit: {
    在库: '该装备未安装在车辆上，无需拆除',
    在用: '该装备未安装在车辆上，无需拆除',
    借出: '该装备未安装在车辆上，无需拆除',
    维修: '该装备未安装在车辆上，无需拆除',
    报废: '装备已报废，不能再办理从车辆拆除',
    遗失: '装备已登记遗失，不能办理从车辆拆除；找回后请先登记“找回”',
  },
};

const expected = (e: Allowed | string): LedgerPlan =>
  typeof e === 'string'
    ? { ok: false, code: 'ILLEGAL_MOVE', message: e }
    : { ok: true, status: e[0], holder: e[1], needsApproval: e[2] ?? false };

const CASES = LEDGER_ACTIONS.flatMap((action) =>
  EQUIPMENT_STATUSES.map((status) => ({ action, status, want: TABLE[action][status] })),
);

describe('LEDGER_ACTIONS and labels', () => {
  it('lists the fifteen actions with their Chinese labels', () => {
    expect(LEDGER_ACTIONS.map((a) => LEDGER_ACTION_LABELS[a])).toEqual([
      '入库登记', '配发', '收回', '借用登记', '归还', '故障登记', '送修', '修复入库', '保养', '报废', '遗失', '找回', '调拨',
      '安装到车辆', '从车辆拆除',
    ]);
  });
  it('registers new items as 在库', () => expect(REGISTERED_STATUS).toBe('在库'));
});

describe('planLedgerAction — every action from every status', () => {
  it('covers all 15 × 6 combinations', () => expect(CASES).toHaveLength(90));

  it.each(CASES.filter((c) => typeof c.want !== 'string'))('$action from $status is allowed', ({ action, status, want }) => {
    expect(plan(action, status)).toEqual(expected(want));
  });

  it.each(CASES.filter((c) => typeof c.want === 'string'))('$action from $status is refused', ({ action, status, want }) => {
    expect(plan(action, status)).toEqual(expected(want));
  });
});

describe('planLedgerAction — items installed in a vehicle', () => {
  const fitted = (action: LedgerAction, status: EquipmentStatus = '在用') =>
    planLedgerAction(action, { status, hasHolder: true, fittedToVehicle: true });
  it('takes a fitted terminal out only with 从车辆拆除, which clears the vehicle', () => {
    expect(fitted('unfit')).toEqual({ ok: true, status: '在库', holder: 'clear', needsApproval: false });
    expect(fitted('unassign')).toEqual({ ok: false, code: 'ILLEGAL_MOVE', message: '该装备安装在车辆上，请使用“从车辆拆除”' });
  });
  it('never fits one terminal into two vehicles, nor lends or assigns it while fitted', () => {
    expect(fitted('fit')).toMatchObject({ ok: false, message: '该装备已安装在车辆上，请先拆除' });
    expect(fitted('issue')).toMatchObject({ ok: false });
    expect(fitted('assign')).toMatchObject({ ok: false });
  });
  it('still sends a fitted terminal to repair, clearing the vehicle', () => {
    expect(fitted('send_repair')).toEqual({ ok: true, status: '维修', holder: 'clear', needsApproval: false });
  });
});

describe('planLedgerAction — specific rules', () => {
  it('never gives an item two holders, even from an inconsistent 在库 record that still names a holder', () => {
    expect(plan('assign', '在库', true)).toEqual(expected('该装备已由他人持有，不能同时配发给两人'));
    expect(plan('issue', '在库', true)).toEqual(expected('该装备已由他人持有，不能同时借出'));
  });

  it('treats 在用/借出 without a holder by status, not by the missing holder', () => {
    expect(plan('assign', '在用', false)).toEqual(expected('装备已在用，请先收回再配发'));
    expect(plan('assign', '借出', false)).toEqual(expected('装备已借出，请先归还再配发'));
    expect(plan('issue', '借出', false)).toEqual(expected('装备已借出，归还前不能再借给他人'));
  });

  it('asks for approval only for 报废 and 遗失', () => {
    const approving = CASES.filter(({ action, status }) => {
      const p = plan(action, status);
      return p.ok && p.needsApproval;
    }).map(({ action }) => action);
    expect([...new Set(approving)]).toEqual(['scrap', 'lose']);
  });

  it('leaves nobody holding an item once it is back in stock, in repair, written off or lost', () => {
    for (const { action, status } of CASES) {
      const p = plan(action, status);
      if (p.ok && p.status !== status) expect(p.holder).toBe(held(p.status) ? 'set' : 'clear');
    }
  });

  it('allows nothing at all on a written-off item', () => {
    for (const action of LEDGER_ACTIONS) expect(plan(action, '报废').ok).toBe(false);
  });

  it('allows only 找回 on a lost item', () => {
    expect(LEDGER_ACTIONS.filter((a) => plan(a, '遗失').ok)).toEqual(['found']);
  });

  it('walks a loan, a fault and a repair through to stock again', () => {
    let status: EquipmentStatus = REGISTERED_STATUS;
    for (const action of ['issue', 'report_fault', 'return', 'send_repair', 'repaired', 'assign', 'unassign'] as const) {
      const p = plan(action, status);
      if (!p.ok) throw new Error(`${action} refused from ${status}: ${p.message}`);
      status = p.status;
    }
    expect(status).toBe('在库');
  });

  it('refuses an action name it does not know', () => {
    expect(plan('teleport' as LedgerAction, '在库')).toEqual(expected('未知的台账操作：teleport'));
  });
});

describe('isOverdue', () => {
  const now = new Date('2026-05-10T08:00:00Z');
  it('is true for a loan whose expected return time has passed', () => {
    expect(isOverdue(new Date('2026-05-10T07:59:59Z'), '借出', now)).toBe(true);
    expect(isOverdue('2026-05-09T18:00:00+08:00', '借出', now)).toBe(true);
  });
  it('is false when the return is due now or later', () => {
    expect(isOverdue(new Date('2026-05-10T08:00:00Z'), '借出', now)).toBe(false);
    expect(isOverdue('2026-05-11T00:00:00Z', '借出', now)).toBe(false);
  });
  it('is false for any status other than 借出, even with a past date', () => {
    for (const s of EQUIPMENT_STATUSES.filter((x) => x !== '借出')) {
      expect(isOverdue('2020-01-01T00:00:00Z', s, now)).toBe(false);
    }
  });
  it('is false without a usable expected return time', () => {
    expect(isOverdue(null, '借出', now)).toBe(false);
    expect(isOverdue('', '借出', now)).toBe(false);
    expect(isOverdue('not a date', '借出', now)).toBe(false);
  });
});
