// Counts of a generated dataset, for tests, logs and seed scripts.
import {
  CERT_STATUSES,
  OFFICER_STATUSES,
  POSITIONS,
  UNIT_KINDS,
  type CertStatus,
  type OfficerStatus,
  type Position,
  type UnitKind,
  ACTIVE_OFFICER_STATUSES,
  quarterOf,
  shanghaiStartOfDay,
} from '@cg/domain';
import { DEFAULT_AS_OF, type DemoData } from './generate.ts';

export interface DemoSummary {
  units: number;
  officers: number;
  unitsByKind: Record<UnitKind, number>;
  /** Officers counted by the kind of the unit they belong to. */
  officersByUnitKind: Record<UnitKind, number>;
  officersByStatus: Record<OfficerStatus, number>;
  officersByCertStatus: Record<CertStatus, number>;
  officersByPosition: Record<Position, number>;
  unitsWithGeometry: number;
  /** The deliberate data-quality problems, counted by the rules of @cg/domain's assessOfficerQuality. */
  quality: {
    /** 在岗 without a phone. */
    missingPhone: number;
    /** 在岗/借调 holding a certificate (not 未持证) but no badgeNo. */
    missingBadgeNo: number;
    /** certStatus 有效 with a certExpiry before asOf. */
    validButExpired: number;
    /** confirmedAt null or before the start of asOf's quarter (Shanghai time). */
    notConfirmedThisQuarter: number;
  };
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function summarize(data: DemoData, asOf: string = DEFAULT_AS_OF): DemoSummary {
  const unitsByKind = zeros(UNIT_KINDS);
  const officersByUnitKind = zeros(UNIT_KINDS);
  const officersByStatus = zeros(OFFICER_STATUSES);
  const officersByCertStatus = zeros(CERT_STATUSES);
  const officersByPosition = zeros(POSITIONS);
  const kindOf = new Map<string, UnitKind>();
  let unitsWithGeometry = 0;
  for (const u of data.units) {
    unitsByKind[u.kind]++;
    kindOf.set(u.code, u.kind);
    if (u.jurisdiction) unitsWithGeometry++;
  }
  const quarterFrom = quarterOf(shanghaiStartOfDay(asOf)).start.getTime();
  const quality = { missingPhone: 0, missingBadgeNo: 0, validButExpired: 0, notConfirmedThisQuarter: 0 };
  for (const o of data.officers) {
    const kind = kindOf.get(o.unitCode);
    if (kind) officersByUnitKind[kind]++;
    officersByStatus[o.status]++;
    officersByCertStatus[o.certStatus]++;
    officersByPosition[o.position]++;
    const active = ACTIVE_OFFICER_STATUSES.includes(o.status);
    if (!o.phone && o.status === '在岗') quality.missingPhone++;
    if (!o.badgeNo && active && o.certStatus !== '未持证') quality.missingBadgeNo++;
    if (o.certStatus === '有效' && o.certExpiry !== null && o.certExpiry < asOf) quality.validButExpired++;
    if (o.confirmedAt === null || Date.parse(o.confirmedAt) < quarterFrom) quality.notConfirmedThisQuarter++;
  }
  return {
    units: data.units.length,
    officers: data.officers.length,
    unitsByKind,
    officersByUnitKind,
    officersByStatus,
    officersByCertStatus,
    officersByPosition,
    unitsWithGeometry,
    quality,
  };
}
