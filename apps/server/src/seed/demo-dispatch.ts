// Demo 指挥调度 history for 南京东路街道中队: a handful of tasks of the last days, sent to the demo officer (who has the
// field app) and to the squadron's vehicles, completed or cancelled, each with its timeline — so the 指挥调度 page and
// the field app have something to show on a fresh `npm start`. Written as the records the dispatch module would have
// written (same tables, same event kinds); no audit entries, like the rest of the demo history.
import { queryOne, queryRows, sql, type Database } from '@cg/db';
import { DEMO_SQUADRON_CODE } from '@cg/demo-data';
import { shanghaiDate } from '@cg/domain';

interface DemoTask {
  daysAgo: number;
  hour: number;
  title: string;
  description: string;
  priority: 'urgent' | 'normal';
  /** Offsets (m) from the squadron centre. */
  north: number;
  east: number;
  outcome: 'completed' | 'cancelled';
  note: string;
  /** Minutes from dispatch to each step. */
  minutes: [received: number, arrived: number, completed: number];
}

const TASKS: DemoTask[] = [
  { daysAgo: 6, hour: 10, title: '流动摊贩占道经营', description: '步行街东口，约4个流动摊位', priority: 'urgent', north: 120, east: 300, outcome: 'completed', note: '摊贩已劝离，现场恢复', minutes: [1, 9, 32] },
  { daysAgo: 5, hour: 15, title: '店招店牌破损', description: '沿街商铺店招松动，有坠落风险', priority: 'urgent', north: -200, east: 150, outcome: 'completed', note: '已责令商户当日加固，拍照留存', minutes: [2, 12, 45] },
  { daysAgo: 4, hour: 21, title: '夜间施工噪声', description: '居民反映工地22时后仍在施工', priority: 'normal', north: 300, east: -250, outcome: 'completed', note: '施工方无夜间施工许可，已责令停工并立案', minutes: [3, 15, 58] },
  { daysAgo: 3, hour: 9, title: '共享单车乱停放', description: '地铁出口堆放约60辆，影响通行', priority: 'normal', north: -80, east: -120, outcome: 'completed', note: '已通知运营企业清运', minutes: [2, 10, 40] },
  { daysAgo: 2, hour: 14, title: '违规设置户外广告', description: '人行道擅自摆放落地广告牌', priority: 'normal', north: 60, east: 420, outcome: 'cancelled', note: '商户已自行撤除', minutes: [4, 0, 0] },
  { daysAgo: 1, hour: 11, title: '跨门营业', description: '水果店占用人行道经营', priority: 'normal', north: -260, east: -60, outcome: 'completed', note: '当场责令改正，商户已整改', minutes: [1, 7, 25] },
];

const M_PER_DEG = 111_320;

export async function seedDemoDispatch(db: Database, asOf = new Date()): Promise<number> {
  const squadron = await queryOne<{ id: string; name: string; lat: number; lon: number }>(db, sql`
    SELECT id, name, center_lat AS lat, center_lon AS lon FROM units WHERE code = ${DEMO_SQUADRON_CODE} AND center_lat IS NOT NULL`);
  if (!squadron) return 0;
  const officer = await queryOne<{ id: string; name: string }>(db, sql`
    SELECT o.id, o.name FROM users u JOIN officers o ON o.id = u.officer_id WHERE u.username = 'njdl_dy'`);
  const commander = await queryOne<{ id: string; name: string }>(db, sql`
    SELECT id, display_name || '(' || username || ')' AS name FROM users WHERE username = 'hp_zhihui'`);
  if (!officer || !commander) return 0;
  const vehicles = await queryRows<{ terminalId: string; vehicleId: string; plate: string; responsibleId: string | null }>(db, sql`
    SELECT i.id AS "terminalId", v.id AS "vehicleId", COALESCE(v.attributes->>'plate', v.asset_tag) AS plate,
      v.responsible_officer_id AS "responsibleId"
    FROM equipment_items i JOIN equipment_categories c ON c.id = i.category_id AND c.code = 'beidou_terminal'
    JOIN equipment_items v ON v.id = i.holder_vehicle_id
    WHERE i.unit_id = ${squadron.id} AND v.responsible_officer_id IS NOT NULL ORDER BY i.asset_tag LIMIT 3`);

  await db.transaction(async (tx) => {
    const seqByDay = new Map<string, number>();
    for (const [k, t] of TASKS.entries()) {
      const created = new Date(asOf.getTime() - t.daysAgo * 86_400_000);
      created.setUTCHours(t.hour - 8, 5 + k * 7, 0, 0);
      const day = shanghaiDate(created).replaceAll('-', '');
      const seq = (seqByDay.get(day) ?? 0) + 1;
      seqByDay.set(day, seq);
      const lat = squadron.lat + t.north / M_PER_DEG;
      const lon = squadron.lon + t.east / (M_PER_DEG * Math.cos((squadron.lat * Math.PI) / 180));
      const at = (min: number) => new Date(created.getTime() + (2 + min) * 60_000);
      const closedAt = t.outcome === 'completed' ? at(t.minutes[2]) : at(t.minutes[0] + 5);
      const task = await queryOne<{ id: string }>(tx, sql`
        INSERT INTO dispatch_tasks (code, unit_id, title, description, priority, wanted_type, address, lat, lon, status,
          created_by_id, created_by_name, created_at, closed_at)
        VALUES (${`DD${day}${String(seq).padStart(4, '0')}`}, ${squadron.id}, ${t.title}, ${t.description}, ${t.priority}, 'any',
          ${null}, ${lat}, ${lon}, ${t.outcome}, ${commander.id}, ${commander.name}, ${created}, ${closedAt})
        RETURNING id`);
      const event = (kind: string, when: Date, note: string, assignmentId: string | null, actor: { id: string | null; name: string } = commander) =>
        tx.execute(sql`INSERT INTO dispatch_events (task_id, assignment_id, kind, at, actor_id, actor_name, note)
          VALUES (${task!.id}, ${assignmentId}, ${kind}, ${when}, ${actor.id}, ${actor.name}, ${note})`);
      await event('created', created, `${t.title}（${t.priority === 'urgent' ? '紧急' : '一般'}，${squadron.name}）`, null);
      // Every other task also sends a car (its 责任人 receives it).
      const car = k % 2 === 0 ? vehicles[k % Math.max(1, vehicles.length)] : undefined;
      const sent = [
        { sourceId: officer.id, kind: 'officer', type: 'person', vehicleId: null as string | null, officerId: officer.id, label: officer.name, distance: 180 + k * 40 },
        ...(car ? [{ sourceId: car.terminalId, kind: 'terminal', type: 'vehicle', vehicleId: car.vehicleId, officerId: car.responsibleId!, label: car.plate, distance: 900 + k * 100 }] : []),
      ];
      for (const [j, s] of sent.entries()) {
        const winner = j === 0 && t.outcome === 'completed';
        const status = winner ? 'completed' : 'cancelled';
        const [rMin, aMin, cMin] = t.minutes;
        const a = await queryOne<{ id: string }>(tx, sql`
          INSERT INTO dispatch_assignments (task_id, source_id, source_kind, object_type, vehicle_id, officer_id, label, status, distance_m,
            dispatched_at, received_at, arrived_at, completed_at, cancelled_at, result_note)
          VALUES (${task!.id}, ${s.sourceId}, ${s.kind}, ${s.type}, ${s.vehicleId}, ${s.officerId}, ${s.label}, ${status}, ${s.distance},
            ${at(0)}, ${at(rMin)}, ${winner ? at(aMin) : null}, ${winner ? at(cMin) : null}, ${winner ? null : closedAt},
            ${winner ? t.note : t.outcome === 'cancelled' ? `任务撤销：${t.note}` : `任务已由${officer.name}完成`})
          RETURNING id`);
        await event('dispatched', at(0), `派遣 ${s.label}，距离约${s.distance}米`, a!.id);
        // Steps are reported from the phone of the unit's receiver; the timeline names the unit.
        const field = { id: null, name: s.label };
        await event('received', at(rMin), `${s.label} 接收任务`, a!.id, field);
        if (winner) {
          await event('arrived', at(aMin), `${s.label} 到达现场`, a!.id, field);
          await event('completed', at(cMin), `${s.label} 处置完成：${t.note}`, a!.id, field);
        } else if (t.outcome === 'completed') {
          await event('withdrawn', closedAt, `任务已由${officer.name}完成，${s.label}收队`, a!.id, field);
        }
      }
      if (t.outcome === 'cancelled') await event('cancelled', closedAt, `撤销任务：${t.note}`, null);
    }
  });
  return TASKS.length;
}
