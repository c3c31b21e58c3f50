// Per-record data quality of the 执法人员库. The annual evaluation scores each squadron on
// 完整性 (required fields present), 准确性 (values valid and mutually consistent) and
// 及时性 (record confirmed or updated in the current quarter); the server stores nothing of this —
// it is recomputed from the record so a rule change applies to all records at once.
import { genderFromIdNumber, idNumberProblem, type IdNumberProblem } from './id-number.ts';
import {
  ACTIVE_OFFICER_STATUSES, CERT_STATUSES, GENDERS, OFFICER_STATUSES, POSITIONS, type OfficerStatus,
} from './personnel.ts';
import { quarterOf } from './quarter.ts';
import { shanghaiDate } from './shanghai-time.ts';
import { badgeNoProblem, isoDateProblem, personNameProblem, phoneProblem } from './validators.ts';

/** Chinese labels of the officer fields, in form / Excel column order. */
export const OFFICER_FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  gender: '性别',
  idNumber: '身份证号',
  badgeNo: '执法证号',
  position: '职务',
  phone: '手机',
  status: '人员状态',
  hireDate: '入职日期',
  certStatus: '持证状态',
  certExpiry: '证件有效期',
  unitId: '所属单位',
};

/** Field named by a freshness problem: confirming the record (POST /officers/:id/confirm) clears it. */
export const FRESHNESS_FIELD = 'confirmedAt';

type Optional = string | null | undefined;

export interface OfficerQualityInput {
  name: Optional;
  gender: Optional;
  idNumber: Optional;
  badgeNo?: Optional;
  position: Optional;
  phone?: Optional;
  status: Optional;
  /** 'YYYY-MM-DD' */
  hireDate?: Optional;
  certStatus: Optional;
  /** 'YYYY-MM-DD' */
  certExpiry?: Optional;
  unitId: string | number | null | undefined;
  confirmedAt: Date | string | null | undefined;
  updatedAt: Date | string;
}

export type QualityProblemKind = 'missing' | 'invalid' | 'stale';

export interface QualityProblem {
  field: string;
  kind: QualityProblemKind;
  message: string;
}

export interface OfficerQuality {
  /** No 'missing' problem. */
  complete: boolean;
  /** No 'invalid' problem. */
  valid: boolean;
  /** No 'stale' problem. */
  fresh: boolean;
  problems: QualityProblem[];
}

const ID_MESSAGES: Record<IdNumberProblem, string> = {
  format: '身份证号格式不正确，应为18位（末位可为X）',
  birthDate: '身份证号中的出生日期无效',
  checksum: '身份证号校验位错误',
};

const ALWAYS_REQUIRED = ['name', 'gender', 'idNumber', 'position', 'status', 'unitId'] as const;
const FIELD_ORDER = [...Object.keys(OFFICER_FIELD_LABELS), FRESHNESS_FIELD];

function present(v: unknown): string | null {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s === '' ? null : s;
}

function instant(v: Date | string | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const t = (v instanceof Date ? v : new Date(v)).getTime();
  return Number.isNaN(t) ? null : t;
}

/** True when `date` (YYYY-MM-DD) is at least `years` full years after `birth` (YYYY-MM-DD). */
function atLeastYearsAfter(birth: string, date: string, years: number): boolean {
  const anniversary = `${String(Number(birth.slice(0, 4)) + years).padStart(4, '0')}${birth.slice(4)}`;
  // A 29 Feb birthday reaches the age on 1 Mar in common years: '-02-28' < '-02-29' < '-03-01'.
  return date >= anniversary;
}

/** Data-quality verdict for one officer record as of `asOf`. */
export function assessOfficerQuality(o: OfficerQualityInput, asOf: Date): OfficerQuality {
  const problems: QualityProblem[] = [];
  const today = shanghaiDate(asOf);
  const missing = (field: string) =>
    problems.push({ field, kind: 'missing', message: `缺少${OFFICER_FIELD_LABELS[field]}` });
  const invalid = (field: string, message: string) => problems.push({ field, kind: 'invalid', message });

  const v = {
    name: present(o.name),
    gender: present(o.gender),
    idNumber: present(o.idNumber),
    badgeNo: present(o.badgeNo),
    position: present(o.position),
    phone: present(o.phone),
    status: present(o.status),
    hireDate: present(o.hireDate),
    certStatus: present(o.certStatus),
    certExpiry: present(o.certExpiry),
    unitId: present(o.unitId),
  };

  // 完整性 — what is required depends on whether the officer is on duty and holds a certificate.
  for (const f of ALWAYS_REQUIRED) if (v[f] === null) missing(f);
  const active = v.status !== null && ACTIVE_OFFICER_STATUSES.includes(v.status as OfficerStatus);
  if (active) {
    if (v.certStatus === null) missing('certStatus');
    if (v.certStatus !== '未持证' && v.badgeNo === null) missing('badgeNo');
    if (v.certStatus === '有效' && v.certExpiry === null) missing('certExpiry');
  }
  if (v.status === '在岗' && v.phone === null) missing('phone');

  // 准确性 — each present value on its own, then the cross-field rules.
  if (v.name !== null) {
    const p = personNameProblem(v.name);
    if (p) invalid('name', p);
  }
  const genderOk = v.gender !== null && (GENDERS as readonly string[]).includes(v.gender);
  if (v.gender !== null && !genderOk) invalid('gender', '性别应为“男”或“女”');

  // Birth date and gender are only derived from an ID that passes every check.
  let birthDate: string | null = null;
  if (v.idNumber !== null) {
    const p = idNumberProblem(v.idNumber);
    if (p) {
      invalid('idNumber', ID_MESSAGES[p]);
    } else {
      const id = v.idNumber.toUpperCase();
      birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
      if (birthDate > today) invalid('idNumber', '身份证号中的出生日期晚于当前日期');
      const idGender = genderFromIdNumber(id);
      if (genderOk && idGender !== v.gender) invalid('gender', `性别与身份证号不符（身份证号显示为${idGender}）`);
    }
  }

  if (v.badgeNo !== null) {
    const p = badgeNoProblem(v.badgeNo);
    if (p) invalid('badgeNo', p);
  }
  if (v.position !== null && !(POSITIONS as readonly string[]).includes(v.position)) {
    invalid('position', `职务“${v.position}”不在职务列表中`);
  }
  if (v.phone !== null) {
    const p = phoneProblem(v.phone);
    if (p) invalid('phone', p.replace(/^电话号码/, '手机号码'));
  }
  if (v.status !== null && !(OFFICER_STATUSES as readonly string[]).includes(v.status)) {
    invalid('status', `人员状态“${v.status}”不在状态列表中`);
  }

  if (v.hireDate !== null) {
    const p = isoDateProblem(v.hireDate, '入职日期');
    if (p) {
      invalid('hireDate', p);
    } else if (v.hireDate > today) {
      invalid('hireDate', '入职日期晚于当前日期');
    } else if (birthDate !== null && !atLeastYearsAfter(birthDate, v.hireDate, 18)) {
      invalid('hireDate', `入职时未满18周岁（出生日期${birthDate}）`);
    }
  }

  if (v.certStatus !== null && !(CERT_STATUSES as readonly string[]).includes(v.certStatus)) {
    invalid('certStatus', `持证状态“${v.certStatus}”不在状态列表中`);
  }
  if (v.certExpiry !== null) {
    const p = isoDateProblem(v.certExpiry, '证件有效期');
    if (p) {
      invalid('certExpiry', p);
    } else if (v.certStatus === '有效' && v.certExpiry < today) {
      // The certificate is valid through its expiry date, so only a date before today counts as expired.
      invalid('certStatus', `证件已过期但状态为有效（有效期至${v.certExpiry}）`);
    }
  }

  // 及时性 — the later of confirmation and last update must fall in the current quarter (Shanghai time).
  const quarter = quarterOf(asOf);
  const confirmed = instant(o.confirmedAt);
  const updated = instant(o.updatedAt);
  const touched = confirmed === null ? updated : updated === null ? confirmed : Math.max(confirmed, updated);
  if (touched === null) {
    problems.push({ field: FRESHNESS_FIELD, kind: 'stale', message: `${quarter.label}尚未确认人员信息` });
  } else if (touched < quarter.start.getTime()) {
    problems.push({
      field: FRESHNESS_FIELD,
      kind: 'stale',
      message: `人员信息最后确认或更新于${shanghaiDate(touched)}，${quarter.label}尚未确认`,
    });
  }

  // Stable order by field so the UI lists problems the way the form lays the fields out.
  problems.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
  return {
    complete: !problems.some((p) => p.kind === 'missing'),
    valid: !problems.some((p) => p.kind === 'invalid'),
    fresh: !problems.some((p) => p.kind === 'stale'),
    problems,
  };
}
