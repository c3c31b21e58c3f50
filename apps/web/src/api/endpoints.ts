// One typed function per route of docs/api.md.
import { todayShanghai, type DocumentKind } from '@cg/domain';
import { buildUrl, http } from './client';
import type {
  EquipmentIndicatorReport, EquipmentOverview, UnitDocument,
  AuditEntry, AuditQuery, AuditVerifyResult, EquipmentCategory, EquipmentCreateInput, EquipmentItem,
  EquipmentItemDetail, EquipmentListQuery, EquipmentPatchInput, HistoryEntry, ImportResult, JurisdictionCollection,
  LedgerActionInput, LedgerEntry, LocateResult, LoginResult, Me, MetaEnums, Officer, OfficerCreateInput,
  OfficerDetail, OfficerFilters, OfficerListQuery, OfficerPatchInput, Paged, QualityReport, RoleInfo, Transfer,
  TransferInput, Unit, UnitCreateInput, UnitDetail, UnitListQuery, UnitPatchInput, UnitTreeNode, User,
  UserCreateInput, UserListQuery, UserPatchInput,
} from './types';
import type {
  HeldKitItem, InventoryCountInput, InventoryCountResult, InventoryDueUnit, InventoryRound, InventoryRoundDetail,
} from './types';
import type { EquipmentFilters } from './types';
import type { EquipmentCategoryInput, EquipmentCategoryItemCount, EquipmentCategoryPatch } from './types';
import type {
  DispatchCandidate, DispatchTaskDetail, DispatchTaskInput, DispatchTaskStatus, DispatchTaskSummary, FieldStep, GeocodeHit,
  MyAssignment, WantedType,
} from './types';
import type {
  CompactLatestPositions, LatestPositions, OfficerPositionInput, OfficerPositionResult, PositionSourceKind, Track, TrackingStats,
} from './types';

const enc = encodeURIComponent;

export const authApi = {
  login: (username: string, password: string) => http.post<LoginResult>('/auth/login', { username, password }),
  logout: () => http.post<void>('/auth/logout'),
  me: (signal?: AbortSignal) => http.get<Me>('/auth/me', undefined, signal),
  changePassword: (oldPassword: string, newPassword: string) =>
    http.post<void>('/auth/password', { oldPassword, newPassword }),
};

export const metaApi = {
  enums: (signal?: AbortSignal) => http.get<MetaEnums>('/meta/enums', undefined, signal),
  roles: (signal?: AbortSignal) => http.get<RoleInfo[]>('/meta/roles', undefined, signal),
};

export const unitsApi = {
  tree: (signal?: AbortSignal) => http.get<UnitTreeNode | UnitTreeNode[]>('/units/tree', undefined, signal),
  list: (query: UnitListQuery, signal?: AbortSignal) => http.get<Paged<Unit>>('/units', query, signal),
  get: (id: string, signal?: AbortSignal) => http.get<UnitDetail>(`/units/${enc(id)}`, undefined, signal),
  create: (input: UnitCreateInput) => http.post<Unit>('/units', input),
  update: (id: string, input: UnitPatchInput) => http.patch<Unit>(`/units/${enc(id)}`, input),
  geojson: (rootId: string | undefined, signal?: AbortSignal) =>
    http.get<JurisdictionCollection>('/units/geojson', { rootId }, signal),
  importGeojson: (collection: unknown) => http.post<{ updated: number }>('/units/geojson', collection),
  locate: (lon: number, lat: number) => http.get<LocateResult>('/units/locate', { lon, lat }),
};

export const officersApi = {
  list: (query: OfficerListQuery, signal?: AbortSignal) => http.get<Paged<Officer>>('/officers', query, signal),
  get: (id: string, signal?: AbortSignal) => http.get<OfficerDetail>(`/officers/${enc(id)}`, undefined, signal),
  create: (input: OfficerCreateInput) => http.post<Officer>('/officers', input),
  update: (id: string, input: OfficerPatchInput) => http.patch<Officer>(`/officers/${enc(id)}`, input),
  confirm: (id: string) => http.post<Officer>(`/officers/${enc(id)}/confirm`),
  transfers: (id: string, signal?: AbortSignal) => http.get<Transfer[]>(`/officers/${enc(id)}/transfers`, undefined, signal),
  transfer: (id: string, input: TransferInput) => http.post<Transfer>(`/officers/${enc(id)}/transfers`, input),
  cancelTransfer: (id: string, transferId: string) =>
    http.post<void>(`/officers/${enc(id)}/transfers/${enc(transferId)}/cancel`),
  history: (id: string, signal?: AbortSignal) => http.get<HistoryEntry[]>(`/officers/${enc(id)}/history`, undefined, signal),
  exportXlsx: (filters: OfficerFilters & { sort?: string }) =>
    http.download('/officers/export', filters, `执法人员库-${todayShanghai()}.xlsx`),
  template: () => http.download('/officers/import-template', undefined, '执法人员导入模板.xlsx'),
  importXlsx: (file: File, unitId?: string) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return http.upload<ImportResult>('/officers/import', form, { unitId });
  },
  quality: (unitId: string | undefined, signal?: AbortSignal) =>
    http.get<QualityReport>('/officers/quality', { unitId }, signal),
};

export const usersApi = {
  list: (query: UserListQuery, signal?: AbortSignal) => http.get<Paged<User>>('/users', query, signal),
  create: (input: UserCreateInput) => http.post<User>('/users', input),
  update: (id: string, input: UserPatchInput) => http.patch<User>(`/users/${enc(id)}`, input),
  resetPassword: (id: string, password: string) => http.post<void>(`/users/${enc(id)}/reset-password`, { password }),
  unlock: (id: string) => http.post<void>(`/users/${enc(id)}/unlock`),
};

export const auditApi = {
  list: (query: AuditQuery, signal?: AbortSignal) => http.get<Paged<AuditEntry>>('/audit', query, signal),
  verify: () => http.post<AuditVerifyResult>('/audit/verify'),
};

export const equipmentApi = {
  categories: (signal?: AbortSignal) => http.get<EquipmentCategory[]>('/equipment/categories', undefined, signal),
  list: (query: EquipmentListQuery, signal?: AbortSignal) => http.get<Paged<EquipmentItem>>('/equipment/items', query, signal),
  get: (id: string, signal?: AbortSignal) => http.get<EquipmentItemDetail>(`/equipment/items/${enc(id)}`, undefined, signal),
  create: (input: EquipmentCreateInput) => http.post<EquipmentItem>('/equipment/items', input),
  update: (id: string, input: EquipmentPatchInput) => http.patch<EquipmentItem>(`/equipment/items/${enc(id)}`, input),
  ledger: (id: string, signal?: AbortSignal) => http.get<LedgerEntry[]>(`/equipment/items/${enc(id)}/ledger`, undefined, signal),
  move: (id: string, input: LedgerActionInput) => http.post<EquipmentItem>(`/equipment/items/${enc(id)}/ledger`, input),
  byTag: (assetTag: string, signal?: AbortSignal) =>
    http.get<EquipmentItemDetail>(`/equipment/items/by-tag/${enc(assetTag)}`, undefined, signal),
  /** QR label sheet (PDF): the given items, or everything the filters select (at most 3000). */
  labelsPdf: (selection: { ids: string[] } | (EquipmentFilters & { sort?: string }), options: { skip?: number; layout?: string } = {}) =>
    http.download(
      '/equipment/labels.pdf',
      { ...('ids' in selection ? { ids: selection.ids.join(',') } : selection), ...options },
      `执法装备标签-${todayShanghai()}.pdf`,
    ),
  exportXlsx: (filters: EquipmentFilters & { sort?: string }) =>
    http.download('/equipment/items/export', filters, `执法装备库-${todayShanghai()}.xlsx`),
  template: () => http.download('/equipment/import-template', undefined, '执法装备导入模板.xlsx'),
  importXlsx: (file: File, unitId?: string) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return http.upload<ImportResult>('/equipment/items/import', form, { unitId });
  },
  overview: (unitId: string | undefined, signal?: AbortSignal) =>
    http.get<EquipmentOverview>('/equipment/overview', { unitId }, signal),
  indicators: (query: { unitId?: string; asOf?: string }, signal?: AbortSignal) =>
    http.get<EquipmentIndicatorReport>('/equipment/indicators', query, signal),
};

/** 装备类别维护 (equipment.category), and item counts per category for everyone who reads equipment. */
export const equipmentCategoriesApi = {
  itemCounts: (signal?: AbortSignal) =>
    http.get<EquipmentCategoryItemCount[]>('/equipment/categories/item-counts', undefined, signal),
  create: (input: EquipmentCategoryInput) => http.post<EquipmentCategory>('/equipment/categories', input),
  update: (id: string, input: EquipmentCategoryPatch) => http.patch<EquipmentCategory>(`/equipment/categories/${enc(id)}`, input),
  deactivate: (id: string) => http.post<EquipmentCategory>(`/equipment/categories/${enc(id)}/deactivate`),
  activate: (id: string) => http.post<EquipmentCategory>(`/equipment/categories/${enc(id)}/activate`),
};

export const documentsApi = {
  list: (unitId: string, kind?: DocumentKind, signal?: AbortSignal) =>
    http.get<UnitDocument[]>(`/units/${enc(unitId)}/documents`, { kind }, signal),
  upload: (unitId: string, kind: DocumentKind, title: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return http.upload<UnitDocument>(`/units/${enc(unitId)}/documents`, form, { kind, title });
  },
  download: (doc: Pick<UnitDocument, 'id' | 'fileName'>) => http.download(`/documents/${enc(doc.id)}/download`, undefined, doc.fileName),
};

export const inventoryApi = {
  rounds: (query: { unitId?: string; year?: number; quarter?: number; status?: 'counting' | 'closed' }, signal?: AbortSignal) =>
    http.get<InventoryRound[]>('/inventory/rounds', query, signal),
  due: (query: { year?: number; quarter?: number }, signal?: AbortSignal) => http.get<InventoryDueUnit[]>('/inventory/due', query, signal),
  start: (input: { unitId: string; year?: number; quarter?: number }) => http.post<InventoryRoundDetail>('/inventory/rounds', input),
  get: (id: string, signal?: AbortSignal) => http.get<InventoryRoundDetail>(`/inventory/rounds/${enc(id)}`, undefined, signal),
  count: (id: string, input: InventoryCountInput) => http.post<InventoryCountResult>(`/inventory/rounds/${enc(id)}/count`, input),
  uncount: (id: string, assetTag: string) =>
    http.delete<InventoryCountResult>(`/inventory/rounds/${enc(id)}/count/${enc(assetTag)}`),
  close: (id: string, note?: string) => http.post<InventoryRoundDetail>(`/inventory/rounds/${enc(id)}/close`, { note }),
};

export const kitApi = {
  mine: (signal?: AbortSignal) => http.get<HeldKitItem[]>('/equipment/my-kit', undefined, signal),
  acknowledge: (itemId: string) => http.post<HeldKitItem>(`/equipment/items/${enc(itemId)}/acknowledge`),
};

export const trackingApi = {
  latest: (query: { unitId?: string; kind?: PositionSourceKind }, signal?: AbortSignal) =>
    http.get<LatestPositions>('/tracking/latest', query, signal),
  /** The same list in the live stream's compact form (what the command map loads: ~40 % of the bytes at 20k units). */
  latestCompact: (query: { unitId?: string; kind?: PositionSourceKind }, signal?: AbortSignal) =>
    http.get<CompactLatestPositions>('/tracking/latest', { ...query, format: 'compact' }, signal),
  track: (query: { sourceId: string; from?: string; to?: string }, signal?: AbortSignal) => http.get<Track>('/tracking/track', query, signal),
  stats: (query: { unitId?: string; from?: string; to?: string }, signal?: AbortSignal) =>
    http.get<TrackingStats>('/tracking/stats', query, signal),
  /** URL of the Server-Sent Events stream (EventSource sends the session cookie). */
  streamUrl: (query: { unitId?: string; kind?: PositionSourceKind }) => buildUrl('/tracking/stream', query),
  reportOfficerPosition: (input: OfficerPositionInput | OfficerPositionInput[]) =>
    http.post<OfficerPositionResult>('/tracking/officer-position', input),
};

export const dispatchApi = {
  list: (query: { unitId?: string; status?: DispatchTaskStatus | 'open'; q?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    http.get<Paged<DispatchTaskSummary>>('/dispatch/tasks', query, signal),
  get: (id: string, signal?: AbortSignal) => http.get<DispatchTaskDetail>(`/dispatch/tasks/${id}`, undefined, signal),
  create: (input: DispatchTaskInput) => http.post<DispatchTaskDetail>('/dispatch/tasks', input),
  recommend: (query: { lat: number; lon: number; type: WantedType; unitId?: string; limit?: number }, signal?: AbortSignal) =>
    http.get<{ items: DispatchCandidate[]; unavailable: DispatchCandidate[] }>('/dispatch/recommend', query, signal),
  dispatch: (id: string, sourceIds: string[], note?: string) =>
    http.post<DispatchTaskDetail>(`/dispatch/tasks/${id}/assignments`, { sourceIds, note }),
  withdraw: (id: string, assignmentId: string, reason: string) =>
    http.post<DispatchTaskDetail>(`/dispatch/tasks/${id}/assignments/${assignmentId}/withdraw`, { reason }),
  cancel: (id: string, reason: string) => http.post<DispatchTaskDetail>(`/dispatch/tasks/${id}/cancel`, { reason }),
  geocode: (q: string, signal?: AbortSignal) => http.get<{ items: GeocodeHit[] }>('/dispatch/geocode', { q }, signal),
  my: (signal?: AbortSignal) => http.get<{ items: MyAssignment[] }>('/dispatch/my', undefined, signal),
  step: (assignmentId: string, input: { step: FieldStep; lat?: number; lon?: number; note?: string }) =>
    http.post<MyAssignment>(`/dispatch/my/${assignmentId}/step`, input),
};
