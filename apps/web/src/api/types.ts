// Types of the HTTP API (docs/api.md). Enumerated values come from @cg/domain.
import type {
  CertStatus, DocumentKind, EquipmentAttributeDef, EquipmentGroup, EquipmentStatus, Gender, LedgerAction, LiveMapPosition,
  LiveSourceKind, LiveState, LiveWireBatch, OfficerQuality,
  OfficerStatus, Position, Role, UnitKind,
} from '@cg/domain';

export interface ApiErrorDetail {
  field?: string;
  message: string;
  /** Row number of an Excel import (IMPORT_INVALID). */
  row?: number;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: ApiErrorDetail[];
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ListQuery {
  page?: number;
  pageSize?: number;
  /** `field` ascending, `-field` descending. */
  sort?: string;
}

// ---------- auth ----------
export interface UnitRef {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  permissions: string[];
  unit: UnitRef;
  officerId: string | null;
  mustChangePassword: boolean;
}

export interface LoginResult {
  token: string;
  user: Me;
}

// ---------- meta ----------
export interface Option<V extends string = string> {
  value: V;
  label: string;
}

export interface MetaEnums {
  genders: readonly string[];
  officerStatuses: readonly string[];
  certStatuses: readonly string[];
  positions: readonly string[];
  unitKinds: readonly string[];
  roles: Option<Role>[];
}

export interface RoleInfo {
  role: Role;
  label: string;
  permissions: { key: string; label: string }[];
}

export interface Health {
  status: 'ok';
  database: 'pglite' | 'postgres';
  version: string;
}

// ---------- GeoJSON (the subset the platform uses) ----------
export type Position2D = [number, number] | number[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position2D[][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position2D[][][];
}
export type JurisdictionGeometry = PolygonGeometry | MultiPolygonGeometry;

export type GeometrySource = 'demo' | 'imported' | null;

export interface JurisdictionProperties {
  code: string;
  name: string;
  kind: UnitKind;
  geometrySource: GeometrySource;
  [key: string]: unknown;
}

export interface JurisdictionFeature {
  type: 'Feature';
  id?: string | number;
  geometry: JurisdictionGeometry | null;
  properties: JurisdictionProperties;
}

export interface JurisdictionCollection {
  type: 'FeatureCollection';
  features: JurisdictionFeature[];
}

// ---------- units ----------
export interface UnitTreeNode {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  officerCount?: number;
  children: UnitTreeNode[];
}

export interface Unit {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  path: string;
  depth: number;
  contactPerson: string | null;
  contactPhone: string | null;
  address: string | null;
  centerLon: number | null;
  centerLat: number | null;
  geometrySource: GeometrySource;
  officerCount?: number;
  version: number;
}

export interface UnitAncestor {
  id: string;
  name: string;
  kind: UnitKind;
}

export interface UnitDetail extends Unit {
  jurisdiction: JurisdictionGeometry | null;
  ancestors: UnitAncestor[];
}

export interface UnitListQuery extends ListQuery {
  q?: string;
  kind?: UnitKind;
  parentId?: string;
  rootId?: string;
}

export interface UnitCreateInput {
  parentId: string;
  code: string;
  name: string;
  shortName?: string;
  kind: UnitKind;
  contactPerson?: string;
  contactPhone?: string;
  address?: string;
}

export interface UnitPatchInput {
  version: number;
  name?: string;
  shortName?: string | null;
  contactPerson?: string | null;
  contactPhone?: string | null;
  address?: string | null;
}

export interface LocateResult {
  unit: Pick<Unit, 'id' | 'code' | 'name' | 'kind'> & Partial<Unit>;
  ancestors: UnitAncestor[];
}

// ---------- officers ----------
// The data-quality verdict is computed by the shared rules; the types are theirs.
export type { OfficerQuality, QualityProblem, QualityProblemKind } from '@cg/domain';

export interface Officer {
  id: string;
  unitId: string;
  unitName: string;
  name: string;
  gender: Gender;
  /** Masked (e.g. 310101********1234) unless the caller has officer.sensitive. */
  idNumber: string;
  badgeNo: string | null;
  position: Position;
  phone: string | null;
  status: OfficerStatus;
  hireDate: string | null;
  certStatus: CertStatus;
  certExpiry: string | null;
  confirmedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  quality: OfficerQuality;
}

export interface OfficerDetail extends Officer {
  unitPath: { id: string; name: string }[];
}

export type QualityFilter = 'incomplete' | 'invalid' | 'stale';

export interface OfficerFilters {
  unitId?: string;
  q?: string;
  status?: OfficerStatus;
  certStatus?: CertStatus;
  position?: Position;
  gender?: Gender;
  quality?: QualityFilter;
}

export type OfficerListQuery = OfficerFilters & ListQuery;

export interface OfficerCreateInput {
  unitId: string;
  name: string;
  gender: Gender;
  idNumber: string;
  badgeNo?: string;
  position: Position;
  phone?: string;
  status: OfficerStatus;
  hireDate?: string;
  certStatus: CertStatus;
  certExpiry?: string;
}

export type OfficerPatchInput = { version: number } & Partial<{
  name: string;
  gender: Gender;
  idNumber: string;
  badgeNo: string | null;
  position: Position;
  phone: string | null;
  status: OfficerStatus;
  hireDate: string | null;
  certStatus: CertStatus;
  certExpiry: string | null;
}>;

/** A unit as it appears inside a transfer: the contract names it but not its shape. */
export type UnitLike = string | { id?: string; name?: string; code?: string } | null;
export type PersonLike = string | { id?: string; displayName?: string; name?: string; username?: string } | null;

export interface Transfer {
  id: string;
  fromUnit: UnitLike;
  toUnit: UnitLike;
  effectiveDate: string;
  reason: string | null;
  status: 'pending' | 'applied' | 'cancelled';
  createdBy: PersonLike;
  createdAt: string;
}

export interface TransferInput {
  toUnitId: string;
  effectiveDate: string;
  reason?: string;
}

export interface FieldChange {
  field: string;
  label: string;
  before: unknown;
  after: unknown;
}

export interface HistoryEntry {
  seq: number;
  at: string;
  actorName: string;
  action: string;
  changes: FieldChange[];
}

export interface ImportResult {
  imported: number;
}

export interface QualityByUnit {
  unitId: string;
  unitName: string;
  total: number;
  complete: number;
  valid: number;
  fresh: number;
}

export interface QualityReport {
  total: number;
  complete: number;
  valid: number;
  fresh: number;
  completenessRate: number;
  validityRate: number;
  freshnessRate: number;
  quarter: string;
  byUnit: QualityByUnit[];
}

// ---------- users ----------
export type UserStatus = 'active' | 'disabled';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  unitId: string;
  unitName: string;
  officerId: string | null;
  status: UserStatus;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  version: number;
}

export interface UserListQuery extends ListQuery {
  q?: string;
  role?: Role;
  unitId?: string;
  status?: UserStatus;
}

export interface UserCreateInput {
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  officerId?: string;
  password: string;
}

export interface UserPatchInput {
  version: number;
  displayName?: string;
  role?: Role;
  unitId?: string;
  officerId?: string | null;
  status?: UserStatus;
}

// ---------- audit ----------
export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  unitId: string | null;
  unitName: string | null;
  entityType: string;
  entityId: string | null;
  action: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  hash: string;
}

export interface AuditQuery extends ListQuery {
  entityType?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  unitId?: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
}

// ---------- equipment (执法装备库) ----------
export interface EquipmentCategory {
  id: string;
  code: string;
  name: string;
  groupName: EquipmentGroup;
  perOfficer: boolean;
  attributes: EquipmentAttributeDef[];
  builtin: boolean;
  /** false: 停用 — no new items; existing ones stay. */
  active: boolean;
  sortOrder: number;
  version: number;
}

/** POST /equipment/categories; `attributes` in display order. */
export interface EquipmentCategoryInput {
  code: string;
  name: string;
  group: EquipmentGroup;
  perOfficer: boolean;
  attributes: EquipmentAttributeDef[];
}

/** PATCH /equipment/categories/:id; `attributes`, when given, is the whole new list. */
export interface EquipmentCategoryPatch {
  version: number;
  name?: string;
  group?: EquipmentGroup;
  perOfficer?: boolean;
  attributes?: EquipmentAttributeDef[];
}

export interface EquipmentCategoryItemCount {
  categoryId: string;
  itemCount: number;
}

export type EquipmentAttributeValues = Record<string, string | number | boolean | null>;

export interface EquipmentItem {
  id: string;
  unitId: string;
  unitName: string;
  /** Returned by the server (not in the docs' shape). */
  unitCode?: string;
  categoryId: string;
  categoryCode: string;
  categoryName: string;
  groupName: EquipmentGroup;
  /** Personal kit (配发 to one officer) or shared equipment (借用 only). */
  perOfficer: boolean;
  assetTag: string;
  serialNo: string | null;
  brand: string | null;
  model: string;
  status: EquipmentStatus;
  responsibleOfficerId: string | null;
  responsibleOfficerName: string | null;
  responsibleBadgeNo?: string | null;
  holderOfficerId: string | null;
  holderOfficerName: string | null;
  /** The vehicle this item is installed in (a Beidou terminal), with its plate. */
  holderVehicleId: string | null;
  holderVehiclePlate: string | null;
  expectedReturnAt: string | null;
  overdue: boolean;
  purchaseDate: string | null;
  warrantyUntil: string | null;
  attributes: EquipmentAttributeValues;
  location: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface EquipmentItemDetail extends EquipmentItem {
  category: EquipmentCategory;
}

export interface EquipmentFilters {
  unitId?: string;
  categoryId?: string;
  group?: EquipmentGroup;
  status?: EquipmentStatus;
  q?: string;
  holderOfficerId?: string;
  /** Items installed in this vehicle. */
  holderVehicleId?: string;
  responsibleOfficerId?: string;
  noResponsible?: 'true';
  overdue?: 'true';
}

export type EquipmentListQuery = EquipmentFilters & ListQuery;

export interface EquipmentCreateInput {
  unitId: string;
  categoryId: string;
  assetTag: string;
  serialNo?: string;
  brand?: string;
  model: string;
  responsibleOfficerId?: string;
  purchaseDate?: string;
  warrantyUntil?: string;
  attributes?: EquipmentAttributeValues;
  location?: string;
  notes?: string;
}

export type EquipmentPatchInput = { version: number } & Partial<{
  assetTag: string;
  serialNo: string | null;
  brand: string | null;
  model: string;
  responsibleOfficerId: string | null;
  purchaseDate: string | null;
  warrantyUntil: string | null;
  /** Only the keys that change; null clears one. */
  attributes: EquipmentAttributeValues;
  location: string | null;
  notes: string | null;
}>;

export interface LedgerEntry {
  id: string;
  action: LedgerAction;
  actionLabel: string;
  fromStatus: EquipmentStatus | null;
  toStatus: EquipmentStatus;
  officerId: string | null;
  officerName: string | null;
  expectedReturnAt: string | null;
  note: string | null;
  approvedByName: string | null;
  acknowledgedAt?: string | null;
  actorName: string | null;
  at: string;
}

/** The moves a user can make (register is the creation itself). */
export type LedgerMove = Exclude<LedgerAction, 'register'>;

export interface LedgerActionInput {
  action: LedgerMove;
  officerId?: string;
  toUnitId?: string;
  vehicleId?: string;
  expectedReturnAt?: string;
  note?: string;
}

// ---------- equipment overview and indicators ----------
export type EquipmentStatusCounts = Record<EquipmentStatus, number>;

/** An item under an attention figure: `date` is when it went to repair, or its warranty's last day. */
export interface EquipmentAttentionItem {
  id: string;
  assetTag: string;
  categoryName: string;
  model: string;
  unitName: string;
  status: EquipmentStatus;
  date: string;
  days: number;
}

export interface EquipmentOverview {
  unit: { id: string; name: string; kind: UnitKind };
  generatedAt: string;
  statuses: EquipmentStatus[];
  total: number;
  byStatus: EquipmentStatusCounts;
  categories: { id: string; code: string; name: string; groupName: string; total: number; byStatus: EquipmentStatusCounts }[];
  children: { unitId: string; unitName: string; kind: UnitKind; total: number; byStatus: EquipmentStatusCounts }[];
  own: { total: number; byStatus: EquipmentStatusCounts };
  attention: {
    overdueLoans: number;
    noResponsible: number;
    longRepair: number;
    longRepairDays: number;
    longRepairItems: EquipmentAttentionItem[];
    warrantyExpiring: number;
    warrantyDays: number;
    warrantyItems: EquipmentAttentionItem[];
  };
}

export interface IndicatorRecord {
  id: string;
  label: string;
  detail?: string;
}

export interface EquipmentIndicator {
  key: string;
  label: string;
  value: number;
  kind: 'ratio' | 'count';
  numerator?: number;
  denominator?: number;
  target?: number;
  records: IndicatorRecord[];
  gaps: IndicatorRecord[];
  truncated: boolean;
}

export interface EquipmentIndicatorReport {
  unit: { id: string; name: string; kind: UnitKind };
  asOf: string;
  activeOfficers: number;
  squadrons: number;
  items: number;
  itemsInService: number;
  indicators: EquipmentIndicator[];
  notes: string[];
}

// ---------- 制度文件 (rules documents) ----------
export interface UnitDocument {
  id: string;
  unitId: string;
  kind: DocumentKind;
  kindLabel: string;
  title: string;
  version: number;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  uploadedByName: string;
  uploadedAt: string;
}

// ---------- 季度清点 (inventory rounds) and 个人装备签收 ----------
export type InventoryLineResult = 'pending' | 'found' | 'missing' | 'unexpected' | 'wrong_holder';
export type InventoryCounts = Record<InventoryLineResult, number> & { expected: number };

export interface InventoryRound {
  id: string;
  unitId: string;
  unitName: string;
  year: number;
  quarter: number;
  status: 'counting' | 'closed';
  startedByName: string;
  startedAt: string;
  closedByName: string | null;
  closedAt: string | null;
  /** After closing: the counts and what was applied to the 执法装备库. */
  summary: (InventoryCounts & { lost: number; reassigned: number; relocated: number; transferred: number; recovered: number }) | null;
  counts: InventoryCounts;
}

export interface InventoryLine {
  id: string;
  itemId: string | null;
  assetTag: string;
  expected: boolean;
  expectedStatus: string | null;
  result: InventoryLineResult;
  resultLabel: string;
  method: 'scan' | 'tick' | null;
  foundLocation: string | null;
  countedByName: string | null;
  countedAt: string | null;
  note: string | null;
  categoryName: string | null;
  model: string | null;
  expectedHolderName: string | null;
  foundHolderName: string | null;
  unitName: string | null;
}

export interface InventoryRoundDetail extends InventoryRound {
  lines: InventoryLine[];
}

export interface InventoryCountInput {
  assetTag: string;
  method: 'scan' | 'tick';
  holderOfficerId?: string;
  location?: string;
  note?: string;
}

export interface InventoryCountResult {
  assetTag: string;
  result: InventoryLineResult;
  resultLabel: string;
  counts: InventoryCounts;
}

export interface InventoryDueUnit {
  unitId: string;
  unitName: string;
  unitCode: string;
}

export interface HeldKitItem {
  id: string;
  assetTag: string;
  categoryName: string;
  brand: string | null;
  model: string;
  status: string;
  expectedReturnAt: string | null;
  handedOverAt: string;
  handedOverBy: string;
  action: 'assign' | 'issue';
  acknowledgedAt: string | null;
}

// 勤务指挥室 (tracking): the position shape is the live stream's own (@cg/domain live-positions).
export type PositionState = LiveState;
export type PositionSourceKind = LiveSourceKind;

/** A position as the map draws it; vehicle: a 北斗 terminal in a vehicle, person: an officer (field app or 单兵 terminal). */
export type MapPosition = LiveMapPosition;

export interface LatestPosition extends MapPosition {
  unitName: string;
  receivedAt: string;
  online: boolean | null;
  lastSeenAt: string | null;
}

export interface LatestPositions {
  serverTime: string;
  offlineAfterMinutes: number;
  movingSpeedKmh: number;
  counts: Record<PositionState, number> & { total: number };
  items: LatestPosition[];
}

/** GET /api/tracking/latest?format=compact: `batch` is one batch of the live stream's wire format, decoded on its own. */
export interface CompactLatestPositions extends Omit<LatestPositions, 'items'> {
  batch: LiveWireBatch;
  unitNames: Record<string, string>;
}

export interface TrackPoint {
  ts: string;
  lat: number;
  lon: number;
  speedKmh: number | null;
  direction: number | null;
  /** GNSS satellites in view (北斗 terminal). */
  satellites: number | null;
  /** Wireless signal strength (北斗 terminal). */
  signal: number | null;
  /** Uploaded after a dead zone (盲区补报). */
  blindArea: boolean;
  /** Phone's accuracy in metres (field app). */
  accuracyM: number | null;
}

export interface Track {
  source: { sourceId: string; sourceKind: PositionSourceKind; label: string; unitId: string; unitName: string; vehicleId: string | null; officerId: string | null };
  from: string;
  to: string;
  total: number;
  returned: number;
  maxPoints: number;
  simplified: boolean;
  toleranceM: number;
  points: TrackPoint[];
}

export interface TrackingUnitStat {
  unitId: string;
  unitCode: string;
  unitName: string;
  vehicles: number;
  vehiclesWithTerminal: number;
  installed: number;
  reported: number;
  accessRate: number | null;
  onlineDays: number;
  onlineRate: number | null;
}

export interface TrackingStats {
  unit: { id: string; name: string };
  from: string;
  to: string;
  days: number;
  total: Omit<TrackingUnitStat, 'unitId' | 'unitCode' | 'unitName'>;
  units: TrackingUnitStat[];
  terminals: {
    terminalId: string; assetTag: string; terminalPhone: string | null; vehicleId: string; plate: string | null; unitId: string;
    unitName: string; reported: boolean; onlineDays: number; positions: number; lastPositionAt: string | null; days: string[];
  }[];
}

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
  accepted: number;
  duplicates: number;
  latestTs: string;
}

// 指挥调度 (mirrors apps/server/src/modules/dispatch/dispatch.service.ts)
export type DispatchTaskStatus = 'pending' | 'dispatched' | 'received' | 'arrived' | 'completed' | 'cancelled';
export type AssignmentStatus = 'dispatched' | 'received' | 'arrived' | 'completed' | 'cancelled';
export type DispatchPriority = 'urgent' | 'normal';
export type WantedType = 'any' | 'vehicle' | 'person';
export type FieldStep = 'received' | 'arrived' | 'completed';

export interface DispatchTaskSummary {
  id: string;
  code: string;
  unitId: string;
  unitName: string;
  title: string;
  description: string | null;
  priority: DispatchPriority;
  priorityLabel: string;
  wantedType: WantedType;
  wantedTypeLabel: string;
  address: string | null;
  lat: number;
  lon: number;
  status: DispatchTaskStatus;
  statusLabel: string;
  createdByName: string;
  createdAt: string;
  closedAt: string | null;
  assigned: string[];
}

export interface DispatchAssignment {
  id: string;
  taskId: string;
  sourceId: string;
  sourceKind: 'terminal' | 'officer';
  objectType: 'vehicle' | 'person';
  vehicleId: string | null;
  officerId: string;
  officerName: string;
  label: string;
  status: AssignmentStatus;
  statusLabel: string;
  distanceM: number | null;
  dispatchedAt: string;
  receivedAt: string | null;
  arrivedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  resultNote: string | null;
}

export interface DispatchTimelineEvent {
  id: number;
  kind: string;
  at: string;
  actorName: string;
  assignmentId: string | null;
  label: string | null;
  note: string | null;
  lat: number | null;
  lon: number | null;
}

export interface DispatchTaskDetail extends DispatchTaskSummary {
  assignments: DispatchAssignment[];
  timeline: DispatchTimelineEvent[];
}

export interface DispatchCandidate {
  sourceId: string;
  sourceKind: 'terminal' | 'officer';
  type: 'vehicle' | 'person';
  label: string;
  unitId: string;
  unitName: string;
  lat: number;
  lon: number;
  ts: string;
  state: PositionState;
  distanceM: number;
  etaMinutes: number;
  recipientId: string | null;
  recipientName: string | null;
  available: boolean;
  reasons: string[];
}

export interface DispatchTaskInput {
  title: string;
  description?: string | null;
  priority: DispatchPriority;
  wantedType: WantedType;
  address?: string | null;
  lat: number;
  lon: number;
}

export interface MyAssignment extends DispatchAssignment {
  task: DispatchTaskSummary;
}

export interface GeocodeHit {
  label: string;
  address: string | null;
  lat: number;
  lon: number;
  precision: string;
}
