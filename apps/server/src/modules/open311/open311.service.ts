// Open311 GeoReport v2 over the 诉件 module: services are the active 小类 (service_code = category code, group = 大类),
// a POSTed request is an outside-system intake (source 'other', system 'open311') through the complaints service, so
// routing, deadlines, duplicates and the audit are the same as for 12345. An API key (only its SHA-256 is stored) acts
// as its service user, in that user's scope. Public reads carry no personal data: no reporter name or phone, and
// phone and ID numbers typed into free text are masked.
import { createHash, randomUUID } from 'node:crypto';
import { ROLE_PERMISSIONS, TIME_LIMIT_UNIT_LABELS, type Role, type TimeLimitUnit } from '@cg/domain';
import { queryOne, queryRows, sql, type Database, type Executor } from '@cg/db';
import type { AuthUser } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { categoryTree, intakeExternal, maskPhone, type CategoryView } from '../complaints/complaints.service.ts';
import type { Actor } from '../../core/context.ts';

export const OPEN311_SYSTEM = 'open311';
/** Per spec: GET requests answers at most 1000, and the last 90 days when no dates are given. */
export const MAX_REQUESTS = 1000;
export const DEFAULT_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** An error in the spec's shape: HTTP status plus `[{code, description}]`; the description names the field. */
export class Open311Error extends Error {
  constructor(readonly statusCode: number, readonly descriptions: string[]) {
    super(descriptions.join('；'));
  }
}

/** ISO 8601 in Shanghai time with its offset, as the spec's w3c datetimes: 2026-10-02T09:00:00+08:00. */
export function shanghaiIso(value: Date | string): string {
  const at = value instanceof Date ? value : new Date(value);
  return `${new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** Masks what looks like a phone or ID number in free text before it is shown to anyone. */
export function redactPersonal(text: string | null): string | null {
  if (!text) return text;
  return text
    .replace(/(?<!\d)\d{17}[\dXx](?!\d)/g, (m) => `${m.slice(0, 3)}${'*'.repeat(11)}${m.slice(-4)}`)
    .replace(/(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g, (m) => maskPhone(m) ?? m)
    .replace(/(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g, (m) => maskPhone(m) ?? m);
}

// ---- API keys ------------------------------------------------------------------------------------------------

export interface KeyAuth { keyId: string; user: AuthUser }

/** The active key's service user (active too), as an AuthUser with its role's permissions and unit scope. */
export async function authenticateKey(db: Executor, key: string | undefined): Promise<KeyAuth> {
  if (key === undefined || key.trim() === '') throw new Open311Error(400, ['api_key（接口密钥）：请提供接口密钥']);
  const row = await queryOne<{ keyId: string; id: string; username: string; displayName: string; role: Role; unitId: string; unitPath: string; officerId: string | null }>(db, sql`
    SELECT k.id AS "keyId", us.id, us.username, us.display_name AS "displayName", us.role, us.unit_id AS "unitId", un.path AS "unitPath",
      us.officer_id AS "officerId"
    FROM open311_api_keys k JOIN users us ON us.id = k.user_id JOIN units un ON un.id = us.unit_id
    WHERE k.key_sha256 = ${hashApiKey(key.trim())} AND k.active AND us.status = 'active'`);
  if (!row) throw new Open311Error(403, ['api_key（接口密钥）：密钥无效或已停用']);
  const { keyId, ...user } = row;
  return { keyId, user: { ...user, permissions: ROLE_PERMISSIONS[user.role] ?? [], sessionId: `open311:${keyId}` } };
}

export async function touchKey(db: Executor, keyId: string, now: Date): Promise<void> {
  await db.execute(sql`UPDATE open311_api_keys SET last_used_at = ${now} WHERE id = ${keyId}`);
}

// ---- services ------------------------------------------------------------------------------------------------

export interface Open311Service {
  service_code: string; service_name: string; description: string; metadata: boolean; type: 'realtime'; keywords: string; group: string;
}

const limitsText = (c: Pick<CategoryView, 'contactLimit' | 'handleLimit'>) => `首次联系时限${c.contactLimit.label}，处置时限${c.handleLimit.label}`;

/** The categories a request may be filed under: active 小类, and a 大类 that has none. */
export async function listServices(db: Executor): Promise<Open311Service[]> {
  const tree = await categoryTree(db);
  return tree.flatMap((group) => (group.children?.length ? group.children : [group]).map((c) => ({
    service_code: c.code, service_name: c.name, description: `${c.fullName}。${limitsText(c)}`, metadata: false,
    type: 'realtime' as const, keywords: [group.name, c.name].filter((v, i, a) => a.indexOf(v) === i).join(','), group: group.name,
  })));
}

/** The service definition: no custom attributes yet, so an empty list in the spec's structure. */
export async function serviceDefinition(db: Executor, code: string): Promise<{ service_code: string; attributes: never[] }> {
  const service = (await listServices(db)).find((s) => s.service_code === code);
  if (!service) throw new Open311Error(404, [`service_code（服务类型）：“${code}”不存在或已停用`]);
  return { service_code: service.service_code, attributes: [] };
}

// ---- POST requests -------------------------------------------------------------------------------------------

export interface Open311RequestInput {
  service_code: string;
  lat: number;
  long: number;
  address_string?: string;
  description: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  /** Extension: the client's own number of the report; a resend with the same number and body files nothing new. */
  external_id?: string;
}

/** Complaint fields → the Open311 field a client sent, so an error names what the client knows. */
const FIELD_NAMES: Record<string, string> = {
  lat: 'lat（纬度）', lon: 'long（经度）', categoryCode: 'service_code（服务类型）', categoryId: 'service_code（服务类型）',
  description: 'description（问题描述）', address: 'address_string（地址）', reporterName: 'first_name／last_name（姓名）',
  reporterPhone: 'phone（电话）', externalNo: 'external_id（客户端编号）', receivedAt: 'requested_datetime（受理时间）',
};

/** The complaints service's AppError as Open311 errors; anything else is rethrown. */
export function toOpen311Error(error: unknown): Open311Error {
  if (error instanceof Open311Error) return error;
  if (error instanceof AppError) {
    const named = error.details.filter((d) => d.field).map((d) => `${FIELD_NAMES[d.field!] ?? d.field}：${d.message}`);
    return new Open311Error(error.statusCode, named.length ? named : [error.message]);
  }
  throw error;
}

const personName = (first?: string, last?: string): string | null => {
  const f = first?.trim() ?? '';
  const l = last?.trim() ?? '';
  if (!f && !l) return null;
  // 中文姓名 family name first; Latin names as given.
  return /^[\x20-\x7e]*$/.test(f + l) ? [f, l].filter(Boolean).join(' ') : `${l}${f}`;
};

export async function submitRequest(
  db: Database, auth: KeyAuth, actor: Actor, input: Open311RequestInput, now: Date,
): Promise<{ status: 200 | 201; body: [{ service_request_id: string; service_notice: string; account_id: null }] }> {
  if (!auth.user.permissions.includes('complaint.intake')) {
    throw new Open311Error(403, ['api_key（接口密钥）：该密钥的账号没有推送诉件的权限']);
  }
  const result = await intakeExternal(db, auth.user, actor, {
    source: 'other', externalSystem: OPEN311_SYSTEM, externalNo: input.external_id ?? `o311-${randomUUID()}`,
    categoryCode: input.service_code, description: input.description, address: input.address_string ?? null,
    lat: input.lat, lon: input.long, reporterName: personName(input.first_name, input.last_name), reporterPhone: input.phone ?? null,
  }, now).catch((e: unknown) => { throw toOpen311Error(e); });
  await touchKey(db, auth.keyId, now);
  const c = result.body;
  const notice = `${result.status === 200 ? '该编号已受理过，' : '已受理，'}由${c.unitName}承办；`
    + `首次联系截止${shanghaiIso(c.contactDueAt).slice(0, 16).replace('T', ' ')}，处置截止${shanghaiIso(c.dueAt).slice(0, 16).replace('T', ' ')}`;
  return { status: result.status, body: [{ service_request_id: c.code, service_notice: notice, account_id: null }] };
}

// ---- GET requests --------------------------------------------------------------------------------------------

export type Open311Status = 'open' | 'closed';

export interface Open311Request {
  service_request_id: string; status: Open311Status; status_notes: string | null; service_name: string; service_code: string;
  description: string | null; agency_responsible: string; service_notice: string; requested_datetime: string;
  updated_datetime: string; expected_datetime: string; address: string | null; address_id: null; zipcode: null;
  lat: number; long: number; media_url: null;
}

interface RequestRow {
  code: string; status: string; replyText: string | null; mergedIntoCode: string | null; serviceCode: string; serviceName: string;
  description: string; unitName: string; contactUnit: TimeLimitUnit; contactAmount: number; handleUnit: TimeLimitUnit; handleAmount: number;
  receivedAt: Date | string; updatedAt: Date | string; dueAt: Date | string; address: string | null; lat: number; lon: number;
}

// Only public columns: never reporter_name / reporter_phone / external numbers.
const requestSelect = sql`
  SELECT c.code, c.status, c.reply_text AS "replyText", m.code AS "mergedIntoCode", k.code AS "serviceCode", k.name AS "serviceName",
    c.description, u.name AS "unitName", k.contact_limit_unit AS "contactUnit", k.contact_limit_amount AS "contactAmount",
    k.handle_limit_unit AS "handleUnit", k.handle_limit_amount AS "handleAmount",
    c.received_at AS "receivedAt", c.updated_at AS "updatedAt", c.due_at AS "dueAt", c.address, c.lat, c.lon
  FROM complaints c
  JOIN units u ON u.id = c.unit_id
  JOIN complaint_categories k ON k.id = c.category_id
  LEFT JOIN complaints m ON m.id = c.merged_into_id`;

/** Only 已办结 is closed; 已处置 and 已回复 still wait for the closing review. */
const open311Status = (status: string): Open311Status => (status === 'closed' ? 'closed' : 'open');

function requestView(r: RequestRow): Open311Request {
  const notes = [r.mergedIntoCode ? `已并入诉件${r.mergedIntoCode}` : null, redactPersonal(r.replyText)].filter(Boolean).join('；');
  return {
    service_request_id: r.code, status: open311Status(r.status), status_notes: notes || null, service_name: r.serviceName,
    service_code: r.serviceCode, description: redactPersonal(r.description), agency_responsible: r.unitName,
    service_notice: `首次联系时限${Number(r.contactAmount)}${TIME_LIMIT_UNIT_LABELS[r.contactUnit]}，处置时限${Number(r.handleAmount)}${TIME_LIMIT_UNIT_LABELS[r.handleUnit]}`,
    requested_datetime: shanghaiIso(r.receivedAt), updated_datetime: shanghaiIso(r.updatedAt), expected_datetime: shanghaiIso(r.dueAt),
    address: r.address, address_id: null, zipcode: null, lat: Number(r.lat), long: Number(r.lon), media_url: null,
  };
}

export interface RequestFilter {
  serviceRequestIds?: string[];
  serviceCodes?: string[];
  startDate?: Date;
  endDate?: Date;
  statuses?: Open311Status[];
}

/**
 * Requests by id (then every other filter is ignored, per spec) or by service, dates and status; without dates the
 * last 90 days. Newest first, at most 1000. Every complaint of the platform is city business, so all are listed.
 */
export async function listRequests(db: Executor, f: RequestFilter, now: Date): Promise<Open311Request[]> {
  let conditions;
  if (f.serviceRequestIds?.length) {
    conditions = [sql`c.code IN (${sql.join(f.serviceRequestIds.map((id) => sql`${id}`), sql`, `)})`];
  } else {
    const end = f.endDate ?? (f.startDate ? null : now);
    const start = f.startDate ?? (f.endDate ?? now).getTime() - DEFAULT_WINDOW_DAYS * DAY_MS;
    const statuses = new Set(f.statuses ?? []);
    conditions = [
      sql`c.received_at >= ${new Date(start)}`,
      end ? sql`c.received_at <= ${end}` : null,
      f.serviceCodes?.length ? sql`k.code IN (${sql.join(f.serviceCodes.map((s) => sql`${s}`), sql`, `)})` : null,
      statuses.size === 1 ? (statuses.has('closed') ? sql`c.status = 'closed'` : sql`c.status <> 'closed'`) : null,
    ].filter((c) => c !== null);
  }
  const rows = await queryRows<RequestRow>(db, sql`${requestSelect} WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY c.received_at DESC, c.id LIMIT ${MAX_REQUESTS}`);
  return rows.map(requestView);
}

export async function getRequest(db: Executor, code: string): Promise<[Open311Request]> {
  const row = await queryOne<RequestRow>(db, sql`${requestSelect} WHERE c.code = ${code}`);
  if (!row) throw new Open311Error(404, [`service_request_id（诉件编号）：“${code}”不存在`]);
  return [requestView(row)];
}
