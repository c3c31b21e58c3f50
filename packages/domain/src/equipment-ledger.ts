// 装备台账: every change of an item's status or holder is one ledger action. The standard asks for a
// 使用、管理台账 with 及时登记、规范操作；及时归还、妥善保管, so the state machine below refuses moves that would
// leave the ledger contradicting itself (two holders, returning what was never lent, repairing lent kit).
import type { EquipmentStatus } from './equipment.ts';

export const LEDGER_ACTIONS = [
  'register', 'assign', 'unassign', 'issue', 'return', 'report_fault', 'send_repair', 'repaired', 'maintain',
  'scrap', 'lose', 'found', 'transfer', 'fit', 'unfit',
] as const;
export type LedgerAction = (typeof LEDGER_ACTIONS)[number];

export const LEDGER_ACTION_LABELS: Record<LedgerAction, string> = {
  register: '入库登记',
  assign: '配发',
  unassign: '收回',
  issue: '借用登记',
  return: '归还',
  report_fault: '故障登记',
  send_repair: '送修',
  repaired: '修复入库',
  maintain: '保养',
  scrap: '报废',
  lose: '遗失',
  found: '找回',
  transfer: '调拨',
  fit: '安装到车辆',
  unfit: '从车辆拆除',
};

/** Categories that are installed in a vehicle (a JT/T 808 terminal reports the vehicle's position). */
export const VEHICLE_FITTED_CODES: readonly string[] = ['beidou_terminal'];
/** Not personal kit, yet may be handed to one officer: a 单兵 Beidou terminal reports that officer's position. */
export const OFFICER_ASSIGNABLE_CODES: readonly string[] = ['beidou_terminal'];

/** Status of a newly registered item (the 'register' ledger entry has no from-status). */
export const REGISTERED_STATUS: EquipmentStatus = '在库';

export interface LedgerContext {
  status: EquipmentStatus;
  /** Someone (an officer, or a vehicle the item is fitted to) currently holds the item. */
  hasHolder: boolean;
  /** The holder is a vehicle the item is installed in (only 'unfit' takes it out). */
  fittedToVehicle?: boolean;
}

export type LedgerPlan =
  | {
      ok: true;
      status: EquipmentStatus;
      /** 'set': the officer named in the request becomes holder; 'clear': nobody holds it; 'keep': unchanged. */
      holder: 'set' | 'clear' | 'keep';
      /** Loss and write-off need the squadron leader's approval (equipment.approve). */
      needsApproval: boolean;
    }
  | { ok: false; code: 'ILLEGAL_MOVE'; message: string };

type Ok = Extract<LedgerPlan, { ok: true }>;

function ok(status: EquipmentStatus, holder: Ok['holder'], needsApproval = false): LedgerPlan {
  return { ok: true, status, holder, needsApproval };
}

function refuse(message: string): LedgerPlan {
  return { ok: false, code: 'ILLEGAL_MOVE', message };
}

/**
 * What `action` does to an item in `ctx`, or why it is not allowed. The result holder tells the caller what to
 * do with holder_officer_id (and expected_return_at, which goes with a loan: set by issue, cleared with the holder).
 * Not checked here because the context does not carry them: that assign/issue name an officer, that issue has
 * an expected return time, that assign is used for perOfficer categories, and who approves.
 */
export function planLedgerAction(action: LedgerAction, ctx: LedgerContext): LedgerPlan {
  const { status, hasHolder } = ctx;
  const fitted = ctx.fittedToVehicle === true;
  const label = LEDGER_ACTION_LABELS[action] ?? action;
  if (action === 'register') return refuse('装备已入库登记，不能重复登记');
  if (status === '报废') return refuse(`装备已报废，不能再办理${label}`);
  if (status === '遗失' && action !== 'found') return refuse(`装备已登记遗失，不能办理${label}；找回后请先登记“找回”`);

  switch (action) {
    case 'assign':
      if (hasHolder) return refuse('该装备已由他人持有，不能同时配发给两人');
      if (status === '在库') return ok('在用', 'set');
      if (status === '维修') return refuse('装备在维修中，不能配发');
      if (status === '在用') return refuse('装备已在用，请先收回再配发');
      return refuse('装备已借出，请先归还再配发');

    case 'unassign':
      if (fitted) return refuse('该装备安装在车辆上，请使用“从车辆拆除”');
      if (status === '在用') return ok('在库', 'clear');
      if (status === '在库') return refuse('该装备未配发，无需收回');
      if (status === '借出') return refuse('该装备是借出的，请使用“归还”');
      return refuse('装备在维修中，没有持有人，无需收回');

    case 'issue':
      if (status === '维修') return refuse('装备在维修中，不能借出');
      if (status === '借出') return refuse('装备已借出，归还前不能再借给他人');
      if (status === '在用') return refuse('装备已配发给他人使用，不能同时借出');
      if (hasHolder) return refuse('该装备已由他人持有，不能同时借出');
      return ok('借出', 'set');

    case 'return':
      if (status === '借出') return ok('在库', 'clear');
      if (status === '在库') return refuse('该装备未借出，无需归还');
      if (status === '在用') return refuse('该装备是配发装备，未借出；交回配发装备请使用“收回”');
      return refuse('装备在维修中，未借出，无需归还');

    case 'report_fault':
      // Recorded against the item where it is; sending it to repair is a separate, deliberate step.
      if (status === '维修') return refuse('装备已在维修中，无需再登记故障');
      return ok(status, 'keep');

    case 'send_repair':
      if (status === '在库' || status === '在用') return ok('维修', 'clear');
      if (status === '借出') return refuse('装备已借出，请先归还再送修');
      return refuse('装备已在维修中');

    case 'repaired':
      if (status === '维修') return ok('在库', 'clear');
      return refuse(`装备不在维修中（当前状态：${status}），不能办理修复入库`);

    case 'maintain':
      if (status === '在库' || status === '在用') return ok(status, 'keep');
      if (status === '借出') return refuse('装备已借出，请先归还再保养');
      return refuse('装备在维修中，不能登记保养；修复后请办理“修复入库”');

    case 'scrap':
      if (status === '在库' || status === '维修') return ok('报废', 'clear', true);
      if (status === '在用') return refuse('装备在用，请先收回再报废');
      return refuse('装备已借出，请先归还再报废');

    case 'lose':
      if (status === '在库' || status === '在用' || status === '借出') return ok('遗失', 'clear', true);
      return refuse('装备在维修中（由维修方保管），不能登记遗失');

    case 'found':
      if (status === '遗失') return ok('在库', 'clear');
      return refuse(`装备未登记遗失（当前状态：${status}），无需找回`);

    case 'transfer':
      // Only idle kit moves between units, so no holder or open loan crosses the unit boundary.
      if (status === '在库') return ok('在库', 'keep');
      if (status === '在用') return refuse('装备在用，请先收回再调拨');
      if (status === '借出') return refuse('装备已借出，请先归还再调拨');
      return refuse('装备在维修中，修复入库后才能调拨');

    case 'fit':
      if (hasHolder) return refuse(fitted ? '该装备已安装在车辆上，请先拆除' : '该装备已由他人持有，请先收回');
      if (status === '在库') return ok('在用', 'set');
      if (status === '维修') return refuse('装备在维修中，不能安装');
      return refuse('装备已借出，请先归还再安装');

    case 'unfit':
      if (fitted && status === '在用') return ok('在库', 'clear');
      return refuse('该装备未安装在车辆上，无需拆除');

    default:
      return refuse(`未知的台账操作：${String(action)}`);
  }
}

/** A loan is overdue when the item is still 借出 and its expected return time has passed. */
export function isOverdue(expectedReturnAt: Date | string | null, status: EquipmentStatus, now: Date): boolean {
  if (status !== '借出' || expectedReturnAt === null || expectedReturnAt === undefined || expectedReturnAt === '') {
    return false;
  }
  const due = (expectedReturnAt instanceof Date ? expectedReturnAt : new Date(expectedReturnAt)).getTime();
  return !Number.isNaN(due) && due < now.getTime();
}
