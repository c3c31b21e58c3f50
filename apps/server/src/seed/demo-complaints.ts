// Demo 诉件 for 黄浦: about forty complaints of the last weeks, filed and moved through their lifecycle by the real
// complaint services with the business clock set back — so deadlines, events, duplicates and audit rows are exactly what
// the platform writes. Some are closed (satisfied or reopened), some open, a few overdue or with an extension pending.
import { ROLE_PERMISSIONS, type ComplaintAction, type Role } from '@cg/domain';
import { queryOne, queryRows, sql, type Database } from '@cg/db';
import { DEMO_SQUADRON_CODE } from '@cg/demo-data';
import { actorOf, type AuthUser } from '../core/context.ts';
import { recordFeedback, takeAction } from '../modules/complaints/complaint-actions.service.ts';
import { intakeExternal, createComplaint } from '../modules/complaints/complaints.service.ts';

const HOUR = 3_600_000;
const M_PER_DEG = 111_320;

const PROBLEMS: [category: string, description: string, address: string][] = [
  ['SR01', '步行街出口有流动摊贩卖水果，影响通行', '南京东路步行街东口'],
  ['SR03', '商铺在人行道上堆放纸箱杂物', '九江路近河南中路'],
  ['SR02', '饭店跨门经营，桌椅摆到人行道上', '云南中路美食街'],
  ['SR01', '早高峰地铁口有早点摊占道', '人民广场地铁站12号口'],
  ['SR03', '共享单车堆放在盲道上', '福州路书城门口'],
  ['SR02', '水果店占用人行道摆摊', '浙江中路'],
  ['SR01', '夜市摊贩占道，油烟扰民', '汉口路'],
  ['SR03', '装修垃圾堆在弄堂口两天没清运', '宁波路弄堂口'],
];

async function userByName(db: Database, username: string): Promise<AuthUser | null> {
  const row = await queryOne<{ id: string; displayName: string; role: Role; unitId: string; unitPath: string; officerId: string | null }>(db, sql`
    SELECT u.id, u.display_name AS "displayName", u.role, u.unit_id AS "unitId", un.path AS "unitPath", u.officer_id AS "officerId"
    FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = ${username}`);
  if (!row) return null;
  return { ...row, username, permissions: ROLE_PERMISSIONS[row.role], sessionId: 'demo-seed' };
}

type Plan = { steps: [user: 'desk' | 'officer' | 'leader', action: ComplaintAction, extra?: object][]; feedback?: 'satisfied' | 'dissatisfied' };

const PLANS: Plan[] = [
  // Closed and satisfied.
  { steps: [['desk', 'dispatch'], ['officer', 'contact', { note: '已电话联系诉求人' }], ['officer', 'sign'], ['officer', 'start'],
    ['officer', 'handle', { note: '现场责令改正，已恢复' }], ['desk', 'reply', { replyText: '您反映的问题已处理完毕，感谢监督。' }]], feedback: 'satisfied' },
  // Replied, citizen dissatisfied → reopened.
  { steps: [['desk', 'dispatch'], ['officer', 'sign'], ['officer', 'handle', { note: '已劝离' }], ['desk', 'reply', { replyText: '已劝离摊贩。' }]], feedback: 'dissatisfied' },
  // Being handled.
  { steps: [['desk', 'dispatch'], ['officer', 'contact', { note: '已联系' }], ['officer', 'sign'], ['officer', 'start']] },
  // Waiting to be signed.
  { steps: [['desk', 'dispatch']] },
  // Extension pending.
  { steps: [['desk', 'dispatch'], ['officer', 'sign'], ['officer', 'request_extension', { reason: '需协调房管部门共同处置', extensionDays: 3 }]] },
  // Returned to the desk.
  { steps: [['desk', 'dispatch'], ['officer', 'return', { reason: '位置不在本中队辖区，请核实' }]] },
  // Just received.
  { steps: [] },
];

export async function seedDemoComplaints(db: Database, asOf = new Date()): Promise<number> {
  const squadron = await queryOne<{ id: string; lat: number; lon: number }>(db, sql`
    SELECT id, center_lat AS lat, center_lon AS lon FROM units WHERE code = ${DEMO_SQUADRON_CODE} AND center_lat IS NOT NULL`);
  const intake = await userByName(db, 'admin');
  const desk = await userByName(db, 'njdl_nq');
  const officer = await userByName(db, 'njdl_dy');
  const leader = await userByName(db, 'njdl_zdz');
  if (!squadron || !intake || !desk || !officer || !leader) return 0;
  const users = { desk, officer, leader };
  const existing = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM complaints`);
  if (existing[0].n > 0) return 0;

  let made = 0;
  for (let i = 0; i < 40; i++) {
    const [categoryCode, description, address] = PROBLEMS[i % PROBLEMS.length];
    // Spread over the last 28 days, in office hours; later ones are more often still open.
    const daysAgo = 28 - Math.floor((i * 28) / 40);
    let clock = new Date(asOf.getTime() - daysAgo * 24 * HOUR + ((i * 37) % 8) * HOUR);
    const plan = daysAgo <= 2 ? PLANS[3 + (i % 4)] : daysAgo <= 6 ? PLANS[i % PLANS.length] : PLANS[i % 5 === 1 ? 1 : 0];
    // A ring of points around the squadron centre, ~80–400 m out; every eighth one repeats an earlier spot (a duplicate).
    const r = 80 + ((i * 131) % 320);
    const angle = ((i % 8 === 7 ? i - 7 : i) * 47 * Math.PI) / 180;
    const lat = squadron.lat + (r * Math.sin(angle)) / M_PER_DEG;
    const lon = squadron.lon + (r * Math.cos(angle)) / (M_PER_DEG * Math.cos((squadron.lat * Math.PI) / 180));
    const body = { categoryCode, description, address, lat, lon, reporterName: i % 3 ? `${'王李张刘陈'[i % 5]}先生` : null, reporterPhone: `1380000${String(1000 + i)}` };
    let filed: { id: string; unitId: string };
    try {
      filed = i % 4 === 0
        ? await createComplaint(db, desk, actorOf(desk), { ...body, receivedAt: clock.toISOString() }, clock)
        : (await intakeExternal(db, intake, actorOf(intake), { ...body, source: '12345', externalNo: `GD${clock.toISOString().slice(0, 10).replaceAll('-', '')}${String(i).padStart(4, '0')}` }, clock)).body;
    } catch {
      continue; // a point outside the demo squadron's reach: skip it
    }
    made += 1;
    // Routed to a neighbouring squadron by its jurisdiction: it stays there as received.
    if (filed.unitId !== squadron.id) continue;
    const id = filed.id;
    for (const [who, action, extra] of plan.steps) {
      clock = new Date(clock.getTime() + (1 + (i % 3)) * HOUR);
      const user = users[who];
      await takeAction(db, user, actorOf(user), id, { action, ...(extra ?? {}) }, clock);
    }
    if (plan.feedback) {
      clock = new Date(clock.getTime() + 20 * HOUR);
      await recordFeedback(db, desk, actorOf(desk), id, plan.feedback === 'satisfied'
        ? { satisfaction: 'satisfied' } : { satisfaction: 'dissatisfied', note: '第二天又出现了，要求重新处理' }, clock);
      if (plan.feedback === 'satisfied') await takeAction(db, leader, actorOf(leader), id, { action: 'close' }, new Date(clock.getTime() + HOUR));
    }
  }
  return made;
}
