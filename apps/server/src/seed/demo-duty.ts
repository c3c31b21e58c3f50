// Demo 勤务 for the demo district's squadrons (黄浦): a week of plans around today (three days back, three ahead; the
// last still a draft, one published late), 早班 and 晚班 with officers and a car, check-ins and check-outs for the
// shifts already under way (most inside the area, a few flagged outside), duty log entries, and for the demo officer
// (njdl_dy) a short walked track on his past shifts — so 勤务管理, 一人一档 and the indicators have something to show on
// a fresh `npm start`. Written as the records the duty module would have written; no audit entries, like the rest of
// the demo history. Tests do not use this.
import { randomUUID } from 'node:crypto';
import { DEMO_DISTRICT_CODE, DEMO_SQUADRON_CODE } from '@cg/demo-data';
import {
  ACTIVE_OFFICER_STATUSES, checkArea, plusDays, publishDeadlineOf, shanghaiDate, shanghaiStartOfDay, SQUADRON_KINDS,
  type DutyArea, type JurisdictionGeometry, type LinearRing,
} from '@cg/domain';
import { queryOne, queryRows, sql, type Database, type Executor } from '@cg/db';
import { seededRandom } from '../modules/jt808/jt808-simulator.ts';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const M_PER_DEG = (Math.PI * 6_371_008.8) / 180;
const DAYS_BACK = 3;
const DAYS_AHEAD = 3;
const SHIFTS = [{ name: '早班', from: 8, to: 16 }, { name: '晚班', from: 16, to: 24 }] as const;
const LOG_TEXTS = [
  '巡查步行街东段，劝离流动摊贩2处，现场秩序良好',
  '检查沿街商铺店招店牌，发现1处松动，已告知商户当日加固',
  '共享单车堆放影响通行，已通知运营企业清运',
  '跨门营业1处，当场责令改正，商户已整改',
  '夜间巡查施工工地，未发现违规夜间施工',
  '协助处置市民反映的垃圾乱堆放问题，已通知环卫清运',
];

interface Squadron { id: string; code: string; name: string; lat: number; lon: number; jurisdiction: JurisdictionGeometry | null }

async function insertRows(db: Executor, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.execute(sql`INSERT INTO ${sql.identifier(table)} (${sql.raw(columns.join(', '))}) VALUES ${sql.join(
      chunk.map((r) => sql`(${sql.join(r.map((v) => sql`${v}`), sql`, `)})`), sql`, `)}`);
  }
}

/** A point `north`/`east` metres from the centre. */
const offset = (s: { lat: number; lon: number }, north: number, east: number) => ({
  lat: s.lat + north / M_PER_DEG, lon: s.lon + east / (M_PER_DEG * Math.cos((s.lat * Math.PI) / 180)),
});

function squareAround(s: { lat: number; lon: number }, halfM: number): LinearRing {
  const corners = [[-1, -1], [-1, 1], [1, 1], [1, -1], [-1, -1]];
  return corners.map(([n, e]) => {
    const p = offset(s, n * halfM, e * halfM);
    return [p.lon, p.lat] as [number, number];
  });
}

export async function seedDemoDuty(db: Database, asOf = new Date()): Promise<{ plans: number; shifts: number; checkins: number; logs: number }> {
  const district = await queryOne<{ path: string }>(db, sql`SELECT path FROM units WHERE code = ${DEMO_DISTRICT_CODE}`);
  if (!district) return { plans: 0, shifts: 0, checkins: 0, logs: 0 };
  const squadrons = await queryRows<Squadron>(db, sql`
    SELECT id, code, name, center_lat AS lat, center_lon AS lon, jurisdiction FROM units
    WHERE path LIKE ${district.path + '%'} AND kind IN (${sql.join(SQUADRON_KINDS.map((k) => sql`${k}`), sql`, `)}) AND center_lat IS NOT NULL
    ORDER BY code`);
  const demoOfficer = await queryOne<{ officerId: string; userId: string }>(db, sql`
    SELECT officer_id AS "officerId", id AS "userId" FROM users WHERE username = 'njdl_dy' AND officer_id IS NOT NULL`);
  const planner = await queryOne<{ id: string; name: string }>(db, sql`
    SELECT id, display_name || '(' || username || ')' AS name FROM users WHERE username = 'njdl_nq'`);
  const random = seededRandom(2026_100);
  const today = shanghaiDate(asOf);
  const now = asOf.getTime();
  const plans: unknown[][] = [];
  const shifts: unknown[][] = [];
  const members: unknown[][] = [];
  const vehiclesOnShifts: unknown[][] = [];
  const checkins: unknown[][] = [];
  const logs: unknown[][] = [];
  const positions: unknown[][] = [];

  for (const [si, sq] of squadrons.entries()) {
    const officers = await queryRows<{ id: string; position: string; userId: string | null }>(db, sql`
      SELECT o.id, o.position, (SELECT u.id FROM users u WHERE u.officer_id = o.id LIMIT 1) AS "userId"
      FROM officers o WHERE o.unit_id = ${sq.id} AND o.status IN (${sql.join(ACTIVE_OFFICER_STATUSES.map((s) => sql`${s}`), sql`, `)})
      ORDER BY o.position IN ('中队长', '副中队长', '组长') DESC, o.name, o.id`);
    const dy = sq.code === DEMO_SQUADRON_CODE ? demoOfficer : undefined;
    const crew = officers.filter((o) => o.id !== dy?.officerId);
    if (crew.length < 7) continue;
    const ranked = crew.filter((o) => ['中队长', '副中队长', '组长'].includes(o.position));
    // Two leaders at least, so nobody leads both shifts of a day.
    const leaders = ranked.length >= 2 ? ranked : crew.slice(0, 2);
    const pool = crew.filter((o) => !leaders.includes(o));
    const cars = await queryRows<{ id: string }>(db, sql`
      SELECT e.id FROM equipment_items e JOIN equipment_categories c ON c.id = e.category_id AND c.code = 'vehicle'
      WHERE e.unit_id = ${sq.id} AND e.status IN ('在库', '在用') ORDER BY e.asset_tag LIMIT 2`);
    const patrolArea = dy ? squareAround(sq, 450) : null;
    const patrolRoute = dy ? [offset(sq, -300, -300), offset(sq, 300, -300), offset(sq, 300, 300)].map((p) => [p.lon, p.lat]) : null;

    for (let d = -DAYS_BACK; d <= DAYS_AHEAD; d++) {
      const date = plusDays(today, d);
      const planId = randomUUID();
      const deadline = publishDeadlineOf(date).getTime();
      // The furthest day is still being drawn up; one squadron published one day late; the rest hours before the cut-off.
      const draft = d === DAYS_AHEAD;
      const late = si === 1 && d === -1;
      const publishedAt = draft ? null : new Date(late ? deadline + 95 * MINUTE_MS : Math.min(deadline - (1 + Math.floor(random() * 6)) * HOUR_MS, now - 10 * MINUTE_MS));
      const createdAt = new Date(Math.min(publishedAt?.getTime() ?? now, now) - 2 * HOUR_MS);
      plans.push([planId, sq.id, date, draft ? 'draft' : 'published', publishedAt, publishedAt ? planner?.id ?? null : null,
        publishedAt ? planner?.name ?? '中队内勤' : null, planner?.id ?? null, planner?.name ?? '中队内勤', createdAt, createdAt]);
      const dayStart = shanghaiStartOfDay(date).getTime();
      for (const [k, def] of SHIFTS.entries()) {
        const shiftId = randomUUID();
        const startsAt = dayStart + def.from * HOUR_MS;
        const endsAt = dayStart + def.to * HOUR_MS;
        const area = k === 0 ? patrolArea : null;
        shifts.push([shiftId, planId, def.name, new Date(startsAt), new Date(endsAt), area ? JSON.stringify(area) : null,
          area ? '步行街片区' : null, k === 0 && patrolRoute ? JSON.stringify(patrolRoute) : null, createdAt, createdAt]);
        // Rotate who works which shift day by day; nobody is on both shifts of a day.
        const leader = leaders[(d + DAYS_BACK + k) % leaders.length];
        const rest = pool;
        const base = ((d + DAYS_BACK) * 4 + k * 2) % rest.length;
        const crewOf = [leader, rest[base % rest.length], rest[(base + 1) % rest.length]];
        const onShift: { id: string; userId: string | null }[] = [...crewOf];
        // The demo officer works 早班, with a rest day two days ago.
        if (dy && k === 0 && d !== -2) onShift.push({ id: dy.officerId, userId: dy.userId });
        onShift.forEach((o, i) => members.push([shiftId, o.id, i === 0 ? 'leader' : 'member']));
        if (cars[k]) vehiclesOnShifts.push([shiftId, cars[k].id]);
        if (draft || startsAt > now) continue;

        const judged: DutyArea | null = area ?? sq.jurisdiction;
        // Some shifts were worked without anyone using the app (the indicator should not read 100 %).
        const noApp = random() < 0.12;
        for (const o of onShift) {
          const isDemo = o.id === dy?.officerId;
          if (!isDemo && (noApp || random() > 0.85)) continue;
          const inAt = startsAt - Math.floor(random() * 20) * MINUTE_MS;
          // Now and then a check-in from well away (still at home, or at another post): flagged.
          const far = random() < 0.08;
          const p = offset(sq, (random() - 0.5) * (far ? 5000 : 300), (random() - 0.5) * (far ? 5000 : 300));
          const v = checkArea(p, judged);
          const source = area ? 'shift' : sq.jurisdiction ? 'jurisdiction' : 'none';
          checkins.push([randomUUID(), shiftId, o.id, 'in', new Date(inAt), new Date(inAt), p.lat, p.lon, 8 + Math.round(random() * 20),
            v.insideArea, v.distanceToAreaM, source, o.userId]);
          if (endsAt <= now && random() < 0.92) {
            const outAt = endsAt + Math.floor(random() * 10) * MINUTE_MS;
            const q = offset(sq, (random() - 0.5) * 300, (random() - 0.5) * 300);
            const w = checkArea(q, judged);
            checkins.push([randomUUID(), shiftId, o.id, 'out', new Date(outAt), new Date(outAt), q.lat, q.lon, 10, w.insideArea, w.distanceToAreaM, source, o.userId]);
          }
          if ((isDemo || (o.id === leader.id && random() < 0.5)) && startsAt + 2 * HOUR_MS <= now) {
            const logAt = startsAt + (1 + Math.floor(random() * 5)) * HOUR_MS;
            if (logAt <= now) {
              const lp = offset(sq, (random() - 0.5) * 400, (random() - 0.5) * 400);
              logs.push([randomUUID(), o.id, sq.id, shiftId, new Date(logAt), LOG_TEXTS[Math.floor(random() * LOG_TEXTS.length)], lp.lat, lp.lon, o.userId, new Date(logAt)]);
            }
          }
          if (isDemo) {
            // A walk round the patrol area every 2 minutes while on shift (up to now).
            for (let t = startsAt; t <= Math.min(endsAt, now); t += 2 * MINUTE_MS) {
              const phase = ((t - startsAt) / (80 * MINUTE_MS)) * 2 * Math.PI;
              const wp = offset(sq, Math.sin(phase) * 300 + (random() - 0.5) * 10, Math.cos(phase) * 300 + (random() - 0.5) * 10);
              positions.push(['officer', o.id, new Date(t), new Date(t), wp.lat, wp.lon]);
            }
          }
        }
      }
    }
  }

  await db.transaction(async (tx) => {
    await insertRows(tx, 'duty_plans', ['id', 'unit_id', 'plan_date', 'status', 'published_at', 'published_by_id', 'published_by_name',
      'created_by_id', 'created_by_name', 'created_at', 'updated_at'], plans);
    await insertRows(tx, 'duty_shifts', ['id', 'plan_id', 'name', 'starts_at', 'ends_at', 'area', 'area_name', 'patrol_route', 'created_at', 'updated_at'], shifts);
    await insertRows(tx, 'duty_shift_members', ['shift_id', 'officer_id', 'role'], members);
    await insertRows(tx, 'duty_shift_vehicles', ['shift_id', 'vehicle_id'], vehiclesOnShifts);
    await insertRows(tx, 'duty_checkins', ['id', 'shift_id', 'officer_id', 'kind', 'at', 'received_at', 'lat', 'lon', 'accuracy_m', 'inside_area',
      'distance_to_area_m', 'area_source', 'user_id'], checkins);
    await insertRows(tx, 'duty_log_entries', ['id', 'officer_id', 'unit_id', 'shift_id', 'at', 'text', 'lat', 'lon', 'created_by_id', 'created_at'], logs);
    await insertRows(tx, 'positions', ['source_kind', 'source_id', 'ts', 'received_at', 'lat', 'lon'], positions);
    if (demoOfficer && positions.length) {
      // 接入 days of the demo officer, as the tracking module keeps them.
      await tx.execute(sql`
        INSERT INTO position_days (source_id, day, source_kind, unit_id, positions, first_ts, last_ts)
        SELECT p.source_id, ((p.ts + interval '8 hours') AT TIME ZONE 'UTC')::date, 'officer', o.unit_id, count(*)::int, min(p.ts), max(p.ts)
        FROM positions p JOIN officers o ON o.id = p.source_id
        WHERE p.source_id = ${demoOfficer.officerId} GROUP BY 1, 2, 4
        ON CONFLICT (source_id, day) DO NOTHING`);
    }
  });
  return { plans: plans.length, shifts: shifts.length, checkins: checkins.length, logs: logs.length };
}
