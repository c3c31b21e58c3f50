// Platform core schema. One migration set (./migrations) serves PGlite and PostgreSQL 15+.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn, bigint, customType, boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';

/** PostgreSQL bytea as a Node Buffer (drizzle has no built-in bytea column). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** 组织机构: 市局 → 区局/直属单位 → (大队) → 中队. `path` is the chain of ids ("/a/b/c/") used for subtree scoping. */
export const units = pgTable('units', {
  id: uuid('id').primaryKey().defaultRandom(),
  parentId: uuid('parent_id').references((): AnyPgColumn => units.id),
  code: text('code').notNull(),
  name: text('name').notNull(),
  shortName: text('short_name'),
  kind: text('kind').notNull(),
  path: text('path').notNull(),
  depth: integer('depth').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  contactPerson: text('contact_person'),
  contactPhone: text('contact_phone'),
  address: text('address'),
  jurisdiction: jsonb('jurisdiction'),
  geometrySource: text('geometry_source'),
  minLon: doublePrecision('min_lon'),
  minLat: doublePrecision('min_lat'),
  maxLon: doublePrecision('max_lon'),
  maxLat: doublePrecision('max_lat'),
  centerLon: doublePrecision('center_lon'),
  centerLat: doublePrecision('center_lat'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [
  uniqueIndex('units_code_uq').on(t.code),
  index('units_parent_idx').on(t.parentId),
  index('units_path_idx').on(sql`${t.path} text_pattern_ops`),
  index('units_bbox_idx').on(t.minLon, t.maxLon, t.minLat, t.maxLat),
  index('units_name_idx').on(t.name),
]);

/** 执法人员库. */
export const officers = pgTable('officers', {
  id: uuid('id').primaryKey().defaultRandom(),
  unitId: uuid('unit_id').notNull().references(() => units.id),
  name: text('name').notNull(),
  gender: text('gender').notNull(),
  idNumber: text('id_number').notNull(),
  badgeNo: text('badge_no'),
  position: text('position').notNull(),
  phone: text('phone'),
  status: text('status').notNull(),
  hireDate: date('hire_date', { mode: 'string' }),
  certStatus: text('cert_status').notNull(),
  certExpiry: date('cert_expiry', { mode: 'string' }),
  confirmedAt: ts('confirmed_at'),
  /** Data-quality verdicts computed by @cg/domain at each write; time-dependent checks are added in SQL when listing. */
  qualityIncomplete: boolean('quality_incomplete').notNull().default(false),
  qualityInvalid: boolean('quality_invalid').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [
  uniqueIndex('officers_id_number_uq').on(t.idNumber),
  uniqueIndex('officers_badge_no_uq').on(t.badgeNo),
  index('officers_unit_idx').on(t.unitId),
  index('officers_name_idx').on(t.name),
  index('officers_updated_idx').on(t.updatedAt),
  index('officers_status_cert_idx').on(t.status, t.certStatus),
  index('officers_hire_date_idx').on(sql`${t.hireDate} DESC NULLS LAST`, t.id),
]);

/** 人员调动: applied at once when effective today or earlier, otherwise by the scheduler when due. */
export const officerTransfers = pgTable('officer_transfers', {
  id: uuid('id').primaryKey().defaultRandom(),
  officerId: uuid('officer_id').notNull().references(() => officers.id),
  fromUnitId: uuid('from_unit_id').notNull().references(() => units.id),
  toUnitId: uuid('to_unit_id').notNull().references(() => units.id),
  effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
  reason: text('reason'),
  status: text('status').notNull(),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name'),
  createdAt: ts('created_at').notNull().defaultNow(),
  appliedAt: ts('applied_at'),
}, (t) => [
  index('officer_transfers_officer_idx').on(t.officerId),
  index('officer_transfers_due_idx').on(t.status, t.effectiveDate),
]);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  unitId: uuid('unit_id').notNull().references(() => units.id),
  officerId: uuid('officer_id').references(() => officers.id),
  status: text('status').notNull().default('active'),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: ts('locked_until'),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  passwordChangedAt: ts('password_changed_at'),
  lastLoginAt: ts('last_login_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [
  uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
  index('users_unit_idx').on(t.unitId),
]);

/** Server-side sessions; only the SHA-256 of the token is stored. */
export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  tokenHash: text('token_hash').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  ip: text('ip'),
  userAgent: text('user_agent'),
}, (t) => [
  uniqueIndex('sessions_token_uq').on(t.tokenHash),
  index('sessions_user_idx').on(t.userId),
]);

/**
 * Append-only audit log. Each entry's hash covers its content and the previous entry's hash,
 * so an edited or deleted row breaks the chain. Triggers refuse UPDATE and DELETE.
 */
export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull(),
  actorId: uuid('actor_id'),
  actorName: text('actor_name').notNull(),
  unitId: uuid('unit_id'),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  action: text('action').notNull(),
  before: jsonb('before'),
  after: jsonb('after'),
  ip: text('ip'),
  requestId: text('request_id'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (t) => [
  index('audit_entity_idx').on(t.entityType, t.entityId),
  index('audit_unit_idx').on(t.unitId),
  index('audit_at_idx').on(t.at),
]);

/** Key/value facts about the installation (e.g. when demo data was seeded). */
export const systemSettings = pgTable('system_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** 执法装备库: categories are data (built-in ones from @cg/domain, more added by the city bureau). */
export const equipmentCategories = pgTable('equipment_categories', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  groupName: text('group_name').notNull(),
  perOfficer: boolean('per_officer').notNull().default(false),
  attributes: jsonb('attributes').notNull(),
  builtin: boolean('builtin').notNull().default(false),
  /** A deactivated (停用) category takes no new items; its existing items stay as they are. */
  active: boolean('active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [
  uniqueIndex('equipment_categories_code_uq').on(t.code),
  // The Excel import finds a category by its name.
  uniqueIndex('equipment_categories_name_uq').on(t.name),
]);

/** One piece of equipment. `holder*` is who or what has it now; `responsibleOfficerId` is the 责任人. */
export const equipmentItems = pgTable('equipment_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  unitId: uuid('unit_id').notNull().references(() => units.id),
  categoryId: uuid('category_id').notNull().references(() => equipmentCategories.id),
  assetTag: text('asset_tag').notNull(),
  serialNo: text('serial_no'),
  brand: text('brand'),
  model: text('model').notNull(),
  status: text('status').notNull(),
  responsibleOfficerId: uuid('responsible_officer_id').references(() => officers.id),
  holderOfficerId: uuid('holder_officer_id').references(() => officers.id),
  holderVehicleId: uuid('holder_vehicle_id').references((): AnyPgColumn => equipmentItems.id),
  expectedReturnAt: ts('expected_return_at'),
  purchaseDate: date('purchase_date', { mode: 'string' }),
  warrantyUntil: date('warranty_until', { mode: 'string' }),
  attributes: jsonb('attributes').notNull().default({}),
  /** What the category's attribute rules say is wrong with `attributes` ([] = complete); null = not checked yet. */
  attributeProblems: text('attribute_problems').array(),
  location: text('location'),
  notes: text('notes'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [
  uniqueIndex('equipment_items_asset_tag_uq').on(t.assetTag),
  uniqueIndex('equipment_items_model_serial_uq').on(t.model, t.serialNo),
  // (unit, category): a squadron's vehicles, terminals or any one kind without reading all its items.
  index('equipment_items_unit_category_idx').on(t.unitId, t.categoryId),
  index('equipment_items_category_status_idx').on(t.categoryId, t.status),
  index('equipment_items_holder_officer_idx').on(t.holderOfficerId),
  index('equipment_items_responsible_idx').on(t.responsibleOfficerId),
]);

/** 台账: every movement of an item (issue/return, assignment, repair, scrapping...). Append-only like the audit log. */
export const equipmentLedger = pgTable('equipment_ledger', {
  id: uuid('id').primaryKey().defaultRandom(),
  itemId: uuid('item_id').notNull().references(() => equipmentItems.id),
  unitId: uuid('unit_id').notNull().references(() => units.id),
  action: text('action').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  officerId: uuid('officer_id').references(() => officers.id),
  expectedReturnAt: ts('expected_return_at'),
  note: text('note'),
  approvedById: uuid('approved_by_id'),
  approvedByName: text('approved_by_name'),
  acknowledgedAt: ts('acknowledged_at'),
  actorId: uuid('actor_id'),
  actorName: text('actor_name').notNull(),
  at: ts('at').notNull().defaultNow(),
}, (t) => [
  index('equipment_ledger_item_idx').on(t.itemId, t.at),
  index('equipment_ledger_officer_idx').on(t.officerId),
  index('equipment_ledger_unit_at_idx').on(t.unitId, t.at),
]);

/** 每季度全面清点: one round per unit and quarter; expected items are the book at the start. */
export const inventoryRounds = pgTable('inventory_rounds', {
  id: uuid('id').primaryKey().defaultRandom(),
  unitId: uuid('unit_id').notNull().references(() => units.id),
  year: integer('year').notNull(),
  quarter: integer('quarter').notNull(),
  status: text('status').notNull(),
  startedById: uuid('started_by_id'),
  startedByName: text('started_by_name').notNull(),
  startedAt: ts('started_at').notNull().defaultNow(),
  closedById: uuid('closed_by_id'),
  closedByName: text('closed_by_name'),
  closedAt: ts('closed_at'),
  summary: jsonb('summary'),
}, (t) => [uniqueIndex('inventory_rounds_unit_quarter_uq').on(t.unitId, t.year, t.quarter)]);

/** One line of a round: an expected item (from the book) or one found that was not expected. */
export const inventoryRoundItems = pgTable('inventory_round_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  roundId: uuid('round_id').notNull().references(() => inventoryRounds.id),
  itemId: uuid('item_id').references(() => equipmentItems.id),
  assetTag: text('asset_tag').notNull(),
  expected: boolean('expected').notNull(),
  expectedStatus: text('expected_status'),
  expectedHolderOfficerId: uuid('expected_holder_officer_id'),
  result: text('result').notNull(),
  foundHolderOfficerId: uuid('found_holder_officer_id'),
  foundLocation: text('found_location'),
  method: text('method'),
  countedById: uuid('counted_by_id'),
  countedByName: text('counted_by_name'),
  countedAt: ts('counted_at'),
  note: text('note'),
}, (t) => [
  uniqueIndex('inventory_round_items_tag_uq').on(t.roundId, t.assetTag),
  index('inventory_round_items_round_idx').on(t.roundId, t.result),
]);

/**
 * 制度文件 (e.g. 装备使用、维护、管理制度, 机房管理制度): versioned documents per unit, kept in the database so the
 * embedded installation needs no file store (S3-compatible storage can take over the bytes later).
 */
export const unitDocuments = pgTable('unit_documents', {
  id: uuid('id').primaryKey().defaultRandom(),
  unitId: uuid('unit_id').notNull().references(() => units.id),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  version: integer('version').notNull(),
  fileName: text('file_name').notNull(),
  mimeType: text('mime_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  content: bytea('content').notNull(),
  uploadedById: uuid('uploaded_by_id'),
  uploadedByName: text('uploaded_by_name').notNull(),
  uploadedAt: ts('uploaded_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('unit_documents_version_uq').on(t.unitId, t.kind, t.version)]);
