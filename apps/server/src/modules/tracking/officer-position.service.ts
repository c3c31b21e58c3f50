// Officers' positions from the field app (phone browser) while on duty: the same tables as the 北斗 terminals, so the
// command map, tracks and statistics treat a person like a vehicle. Positions are telemetry, not record changes: they
// are not written to the audit log (each row already names its source and arrival time, and auditing every report
// would serialise all reporting phones on the audit chain's lock).
import { ACTIVE_OFFICER_STATUSES, shanghaiDate } from '@cg/domain';
import { queryOne, queryRows, sql, type Database } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import type { LivePosition, PositionBus } from './position-bus.ts';

export const MAX_OFFICER_BATCH = 100;
/** A phone clock may run a little ahead. */
export const MAX_FUTURE_MS = 2 * 60_000;
/** Positions queued offline for longer than this are refused (beyond any useful track or statistic). */
export const MAX_AGE_MS = 7 * 24 * 60 * 60_000;

export interface OfficerPositionInput {
  lat: number;
  lon: number;
  accuracyM?: number;
  speedKmh?: number;
  heading?: number;
  ts: string;
}

export interface OfficerPositionResult {
  officerId: string;
  /** New rows written. */
  accepted: number;
  /** Positions already stored for the same time (a repeated upload), skipped. */
  duplicates: number;
  /** Time of the officer's latest position after this report. */
  latestTs: string;
}

interface OfficerRow {
  id: string;
  name: string;
  status: string;
  unit_id: string;
  unit_path: string;
}

export async function reportOfficerPositions(
  db: Database, bus: PositionBus, user: AuthUser, input: OfficerPositionInput[],
): Promise<OfficerPositionResult> {
  if (!user.officerId) throw new AppError(409, 'NO_OFFICER', '当前账号未关联执法人员，无法上报位置');
  // One position per timestamp: the last one in the upload wins (a phone may queue the same fix twice).
  const byTs = new Map<number, OfficerPositionInput & { at: Date }>();
  for (const p of input) {
    const at = new Date(p.ts);
    byTs.set(at.getTime(), { ...p, at });
  }
  const points = [...byTs.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  const officerId = user.officerId;

  const { officer, inserted, latest } = await db.transaction(async (tx) => {
    const officer = await queryOne<OfficerRow>(tx, sql`
      SELECT o.id, o.name, o.status, o.unit_id, u.path AS unit_path FROM officers o JOIN units u ON u.id = o.unit_id
      WHERE o.id = ${officerId}`);
    if (!officer) throw new AppError(409, 'NO_OFFICER', '当前账号关联的执法人员不存在，无法上报位置');
    if (!(ACTIVE_OFFICER_STATUSES as readonly string[]).includes(officer.status)) {
      throw new AppError(409, 'OFFICER_NOT_ON_DUTY', `人员状态为“${officer.status}”，不能上报执勤位置`);
    }
    // Serialises two uploads of the same phone so the duplicate check below cannot race.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'position:' + officerId}))`);
    const values = sql.join(points.map((p) => {
      const extra = p.accuracyM === undefined ? null : JSON.stringify({ accuracyM: p.accuracyM });
      const direction = p.heading === undefined ? null : Math.round(p.heading) % 360;
      return sql`(${p.at.toISOString()}::timestamptz, ${p.lat}::float8, ${p.lon}::float8, ${p.speedKmh ?? null}::real,
        ${direction}::smallint, ${extra}::jsonb)`;
    }), sql`, `);
    const inserted = await queryRows<{ ts: Date | string; lat: number; lon: number; speed_kmh: number | null; direction: number | null }>(tx, sql`
      INSERT INTO positions (source_kind, source_id, ts, lat, lon, speed_kmh, direction, extra)
      SELECT 'officer', ${officerId}::uuid, v.ts, v.lat, v.lon, v.speed, v.direction, v.extra
      FROM (VALUES ${values}) AS v(ts, lat, lon, speed, direction, extra)
      WHERE NOT EXISTS (SELECT 1 FROM positions p WHERE p.source_id = ${officerId}::uuid AND p.ts = v.ts)
      RETURNING ts, lat, lon, speed_kmh, direction`);

    let latest: { ts: Date | string; lat: number; lon: number; speed_kmh: number | null; direction: number | null } | undefined;
    if (inserted.length > 0) {
      const newest = inserted.reduce((a, b) => (new Date(b.ts).getTime() > new Date(a.ts).getTime() ? b : a));
      // Only a newer position moves the officer on the map; an old queued fix only fills the track.
      latest = await queryOne(tx, sql`
        INSERT INTO latest_positions (source_id, source_kind, unit_id, vehicle_id, officer_id, label, ts, received_at, lat, lon, speed_kmh, direction)
        VALUES (${officerId}, 'officer', ${officer.unit_id}, NULL, ${officerId}, ${officer.name}, ${newest.ts}::timestamptz, now(),
          ${newest.lat}, ${newest.lon}, ${newest.speed_kmh}, ${newest.direction})
        ON CONFLICT (source_id) DO UPDATE SET unit_id = EXCLUDED.unit_id, label = EXCLUDED.label, ts = EXCLUDED.ts,
          received_at = EXCLUDED.received_at, lat = EXCLUDED.lat, lon = EXCLUDED.lon, speed_kmh = EXCLUDED.speed_kmh,
          direction = EXCLUDED.direction
        WHERE latest_positions.ts < EXCLUDED.ts
        RETURNING ts, lat, lon, speed_kmh, direction`);

      const days = new Map<string, { n: number; first: number; last: number }>();
      for (const r of inserted) {
        const t = new Date(r.ts).getTime();
        const day = shanghaiDate(t);
        const d = days.get(day);
        if (!d) days.set(day, { n: 1, first: t, last: t });
        else {
          d.n += 1;
          d.first = Math.min(d.first, t);
          d.last = Math.max(d.last, t);
        }
      }
      for (const [day, d] of days) {
        await tx.execute(sql`
          INSERT INTO position_days (source_id, day, source_kind, unit_id, positions, first_ts, last_ts)
          VALUES (${officerId}, ${day}::date, 'officer', ${officer.unit_id}, ${d.n},
            ${new Date(d.first).toISOString()}::timestamptz, ${new Date(d.last).toISOString()}::timestamptz)
          ON CONFLICT (source_id, day) DO UPDATE SET positions = position_days.positions + EXCLUDED.positions,
            first_ts = LEAST(position_days.first_ts, EXCLUDED.first_ts), last_ts = GREATEST(position_days.last_ts, EXCLUDED.last_ts),
            unit_id = EXCLUDED.unit_id`);
      }
    }
    return { officer, inserted, latest };
  });

  if (latest) {
    const live: LivePosition = {
      sourceId: officer.id, sourceKind: 'officer', unitId: officer.unit_id, unitPath: officer.unit_path, vehicleId: null,
      officerId: officer.id, label: officer.name, ts: new Date(latest.ts).toISOString(), lat: latest.lat, lon: latest.lon,
      speedKmh: latest.speed_kmh, direction: latest.direction, alarm: 0, status: 0,
    };
    bus.publish([live]);
  }
  const stored = await queryOne<{ ts: Date | string }>(db, sql`SELECT ts FROM latest_positions WHERE source_id = ${officerId}`);
  return {
    officerId, accepted: inserted.length, duplicates: points.length - inserted.length + (input.length - points.length),
    latestTs: stored ? new Date(stored.ts).toISOString() : points[points.length - 1].at.toISOString(),
  };
}
