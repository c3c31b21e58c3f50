// 1M 诉件 in bulk for the complaints benchmark: INSERT … SELECT over generate_series, spread over every squadron of the
// demo data (points around the squadron's centre, 15 % of them on a few hot spots per squadron so repeat locations
// exist), received evenly over the past year, with a status mix by age (old ones mostly closed, recent ones in every
// state), deadlines by category, handled on time ~3 in 4, satisfaction, 重办 and 退回. No timeline events: none of the
// measured queries reads them. Deterministic for a given seed and start time.
import { queryOne, queryRows, sql, type Database, type Executor } from '@cg/db';
import { ensureComplaintDefaults } from '../../apps/server/src/modules/complaints/complaints.service.ts';

/** Rows per INSERT … SELECT: progress and bounded statement time. */
const CHUNK = 100_000;

/** Road names the addresses are made of; the keyword scenario searches one of them. */
export const ROADS = [
  '人民路', '中山东一路', '南京东路', '淮海中路', '西藏南路', '复兴东路', '河南南路', '延安东路', '四川北路', '天目西路',
  '长寿路', '曹杨路', '武宁路', '真北路', '浦东南路', '张杨路', '世纪大道', '龙阳路', '沪闵路', '莘庄路',
];
const DESCRIPTIONS = [
  '流动摊贩占道经营', '沿街商铺跨门营业', '楼道及门前堆放杂物', '沿街晾晒衣物', '墙面乱张贴小广告', '占用人行道经营',
  '共享单车堆满人行道', '路边占道洗车', '正在搭建违法建筑', '既有违法建筑未拆除', '擅自改变房屋结构群租', '夜间施工噪声扰民',
  '渣土车运输撒漏', '工地扬尘严重', '违规设置户外广告', '店招松动有坠落危险', '毁坏绿地种菜', '垃圾分类投放不规范',
  '乱倒建筑垃圾', '其他城管执法事项',
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];

const textArray = (xs: string[]) => sql.raw(`(ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]::text[])`);

export async function complaintCount(db: Executor): Promise<number> {
  return (await queryOne<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM complaints`))?.n ?? 0;
}

/**
 * Writes `total` complaints in one transaction (an interrupted seed leaves none). As a superuser without the per-row
 * foreign-key triggers (every reference is read from the same database), as the equipment bench does.
 */
export async function seedComplaints(
  db: Database, options: { total: number; seed?: number; asOf?: Date; onProgress?: (message: string) => void },
): Promise<Record<string, number>> {
  const progress = options.onProgress ?? (() => {});
  const asOf = options.asOf ?? new Date();
  await ensureComplaintDefaults(db);
  const t0 = Date.now();
  await db.transaction(async (tx) => {
    const superuser = await queryOne<{ su: boolean }>(tx, sql`SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user`);
    if (superuser?.su) await queryRows(tx, sql`SET LOCAL session_replication_role = replica`);
    await queryRows(tx, sql`SELECT setseed(${options.seed ?? 0.2026}::float8)`);
    await queryRows(tx, sql`
      CREATE TEMP TABLE bench_sq ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY code)::int AS n, id, name, center_lat AS lat, center_lon AS lon
      FROM units WHERE kind IN ('街镇乡中队', '特定区域中队', '机动中队') AND center_lat IS NOT NULL AND center_lon IS NOT NULL`);
    await queryRows(tx, sql`
      CREATE TEMP TABLE bench_cat ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY code)::int AS n, id,
        CASE handle_limit_unit WHEN 'natural_hours' THEN handle_limit_amount / 24.0
          WHEN 'working_hours' THEN handle_limit_amount / 8.0 * 1.4 ELSE handle_limit_amount * 1.4 END AS due_days
      FROM complaint_categories WHERE parent_id IS NOT NULL AND active`);
    const counts = await queryOne<{ sq: number; cat: number }>(tx, sql`
      SELECT (SELECT count(*)::int FROM bench_sq) AS sq, (SELECT count(*)::int FROM bench_cat) AS cat`);
    if (!counts?.sq || !counts.cat) throw new Error('no squadrons with a centre or no complaint categories: seed the demo data first');
    progress(`  ${counts.sq} squadrons, ${counts.cat} categories`);
    for (let from = 1; from <= options.total; from += CHUNK) {
      const to = Math.min(options.total, from + CHUNK - 1);
      await insertChunk(tx, { from, to, total: options.total, asOf, squadrons: counts.sq, categories: counts.cat });
      progress(`  complaints: ${to} / ${options.total} (${Math.round((Date.now() - t0) / 1000)} s)`);
    }
    if (superuser?.su) await queryRows(tx, sql`SET LOCAL session_replication_role = DEFAULT`);
  });
  return { complaints: await complaintCount(db), complaints_ms: Date.now() - t0 };
}

interface Chunk { from: number; to: number; total: number; asOf: Date; squadrons: number; categories: number }

async function insertChunk(tx: Executor, k: Chunk): Promise<void> {
  // r.* are independent uniform draws per row (the subquery is not flattened: random() is volatile).
  await queryRows(tx, sql`
    INSERT INTO complaints (code, source, external_system, external_no, category_id, description, address, lat, lon, reporter_name,
      reporter_phone, unit_id, status, received_at, contact_due_at, due_at, contacted_at, handled_at, handled_on_time, handling_note,
      replied_at, reply_text, closed_at, satisfaction, feedback_at, reopen_count, return_count, created_by_name, created_at, updated_at)
    SELECT
      'SJ' || to_char(t.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad((t.g % 100000)::text, 5, '0'),
      t.source, CASE WHEN t.source = '12345' THEN '12345' END, CASE WHEN t.source = '12345' THEN 'GD' || lpad(t.g::text, 9, '0') END,
      t.category_id, t.description, t.address, t.lat, t.lon, t.reporter_name, t.reporter_phone, t.unit_id, t.status,
      t.received_at, t.received_at + interval '1 day', t.due_at,
      CASE WHEN t.status <> 'accepted' THEN t.received_at + interval '4 hours' END,
      t.handled_at, CASE WHEN t.handled_at IS NOT NULL THEN t.handled_at <= t.due_at END,
      CASE WHEN t.handled_at IS NOT NULL THEN '已到现场处置完毕' END,
      t.replied_at, CASE WHEN t.replied_at IS NOT NULL THEN '已处置，感谢反映' END,
      CASE WHEN t.status = 'closed' THEN least(${k.asOf}::timestamptz, t.replied_at + interval '1 day') END,
      t.satisfaction, CASE WHEN t.satisfaction IS NOT NULL THEN t.replied_at END,
      t.reopen_count, t.return_count, CASE t.source WHEN '12345' THEN '12345接口' ELSE '窗口受理' END, t.received_at, t.received_at
    FROM (
      SELECT x.*,
        CASE WHEN x.status IN ('handled', 'replied', 'closed')
          THEN least(${k.asOf}::timestamptz - interval '2 hours', x.received_at + (x.due_at - x.received_at) * (0.1 + 1.2 * x.r_handle)) END AS handled_at,
        CASE WHEN x.status IN ('replied', 'closed')
          THEN least(${k.asOf}::timestamptz - interval '1 hour', x.received_at + (x.due_at - x.received_at) * (0.1 + 1.2 * x.r_handle) + interval '6 hours') END AS replied_at,
        CASE WHEN x.status IN ('replied', 'closed') THEN
          CASE WHEN x.r_sat < 0.70 THEN 'satisfied' WHEN x.r_sat < 0.85 THEN 'basically_satisfied' WHEN x.r_sat < 0.87 THEN 'dissatisfied' END END AS satisfaction
      FROM (
        SELECT r.g, s.id AS unit_id, c.id AS category_id, r.received_at,
          r.received_at + c.due_days * interval '1 day' AS due_at,
          CASE WHEN r.r_src < 0.70 THEN '12345' WHEN r.r_src < 0.85 THEN 'clerk' ELSE 'field' END AS source,
          ${textArray(DESCRIPTIONS)}[1 + (c.n - 1) % ${DESCRIPTIONS.length}] AS description,
          s.name || '辖区' || ${textArray(ROADS)}[1 + floor(r.r_road * ${ROADS.length})::int] || (1 + floor(r.r_no * 999))::int || '号' AS address,
          ${textArray(SURNAMES)}[1 + floor(r.r_name * ${SURNAMES.length})::int] || CASE WHEN r.r_no < 0.5 THEN '先生' ELSE '女士' END AS reporter_name,
          '13' || lpad((floor(r.r_phone * 1e9))::bigint::text, 9, '0') AS reporter_phone,
          -- 15 % on one of 6 hot spots per squadron (±20 m), the rest spread ±1.2 km around the centre.
          CASE WHEN r.r_hot < 0.15
            THEN s.lat + (((s.n * 37 + floor(r.r_spot * 6)::int * 11) % 97) / 97.0 - 0.5) * 0.016 + (r.r1 - 0.5) * 0.0004
            ELSE s.lat + (r.r1 + r.r2 - 1) * 0.011 END AS lat,
          CASE WHEN r.r_hot < 0.15
            THEN s.lon + (((s.n * 53 + floor(r.r_spot * 6)::int * 29) % 89) / 89.0 - 0.5) * 0.019 + (r.r3 - 0.5) * 0.0005
            ELSE s.lon + (r.r3 + r.r4 - 1) * 0.013 END AS lon,
          CASE
            WHEN r.age_days > 30 THEN CASE WHEN r.r_status < 0.93 THEN 'closed' WHEN r.r_status < 0.97 THEN 'replied'
              WHEN r.r_status < 0.99 THEN 'handled' WHEN r.r_status < 0.996 THEN 'handling' WHEN r.r_status < 0.998 THEN 'signed' ELSE 'returned' END
            WHEN r.age_days > 7 THEN CASE WHEN r.r_status < 0.60 THEN 'closed' WHEN r.r_status < 0.75 THEN 'replied'
              WHEN r.r_status < 0.85 THEN 'handled' WHEN r.r_status < 0.93 THEN 'handling' WHEN r.r_status < 0.96 THEN 'signed'
              WHEN r.r_status < 0.98 THEN 'dispatched' WHEN r.r_status < 0.99 THEN 'accepted' ELSE 'returned' END
            ELSE CASE WHEN r.r_status < 0.10 THEN 'closed' WHEN r.r_status < 0.20 THEN 'replied' WHEN r.r_status < 0.35 THEN 'handled'
              WHEN r.r_status < 0.60 THEN 'handling' WHEN r.r_status < 0.75 THEN 'signed' WHEN r.r_status < 0.90 THEN 'dispatched'
              WHEN r.r_status < 0.98 THEN 'accepted' ELSE 'returned' END
          END AS status,
          CASE WHEN r.r_reopen < 0.03 THEN 1 ELSE 0 END AS reopen_count,
          CASE WHEN r.r_return < 0.04 THEN 1 ELSE 0 END AS return_count,
          r.r_handle, r.r_sat
        FROM (
          SELECT g,
            ${k.asOf}::timestamptz - interval '365 days' * (1 - (g - 0.5) / ${k.total}::float8) AS received_at,
            365 * (1 - (g - 0.5) / ${k.total}::float8) AS age_days,
            1 + floor(random() * ${k.squadrons})::int AS sq, 1 + floor(random() * ${k.categories})::int AS cat,
            random() AS r_src, random() AS r_road, random() AS r_no, random() AS r_name, random() AS r_phone, random() AS r_hot,
            random() AS r_spot, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r_status,
            random() AS r_reopen, random() AS r_return, random() AS r_handle, random() AS r_sat
          FROM generate_series(${k.from}::int, ${k.to}::int) g
        ) r
        JOIN bench_sq s ON s.n = r.sq
        JOIN bench_cat c ON c.n = r.cat
      ) x
    ) t`);
}
