// 评分标准 versions: the default of the standard's annexes is version 1; evaluators copy a version to a draft, edit it,
// and publish it (validated: weights must sum). Published versions never change, so a round pinned to one keeps its rules.
import { DEFAULT_RUBRIC, DEFAULT_RUBRIC_NAME, rubricProblems, type RubricContent } from '@cg/domain';
import { queryOne, queryRows, sql, type Database, type Executor } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, conflict, notFound, versionConflict } from '../../core/errors.ts';
import { appendAudit } from '../audit/audit.service.ts';

export interface RubricSummary {
  id: string; name: string; version: number; basedOnId: string | null; status: 'draft' | 'published'; note: string | null;
  createdByName: string; createdAt: string; updatedAt: string; publishedAt: string | null; publishedByName: string | null;
  rowVersion: number; roundsUsing: number;
}
export interface RubricDetail extends RubricSummary { content: RubricContent }

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const columns = sql`r.id, r.name, r.version, r.based_on_id AS "basedOnId", r.status, r.note, r.created_by_name AS "createdByName",
  r.created_at AS "createdAt", r.updated_at AS "updatedAt", r.published_at AS "publishedAt", r.published_by_name AS "publishedByName",
  r.row_version AS "rowVersion", (SELECT count(*)::int FROM evaluation_rounds x WHERE x.rubric_id = r.id) AS "roundsUsing"`;

type Row = Omit<RubricSummary, 'createdAt' | 'updatedAt' | 'publishedAt'> & { createdAt: Date | string; updatedAt: Date | string; publishedAt: Date | string | null };
const toSummary = (r: Row): RubricSummary => ({ ...r, createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)!, publishedAt: iso(r.publishedAt) });

/** Writes the default rubric as published version 1 when there is none (first start, tests). */
export async function ensureDefaultRubric(db: Executor): Promise<boolean> {
  const any = await queryOne(db, sql`SELECT 1 FROM evaluation_rubrics LIMIT 1`);
  if (any) return false;
  await db.execute(sql`
    INSERT INTO evaluation_rubrics (name, version, status, content, note, created_by_name, published_at, published_by_name)
    VALUES (${DEFAULT_RUBRIC_NAME}, 1, 'published', ${JSON.stringify(DEFAULT_RUBRIC)}::jsonb, '随平台发布的默认评分标准', '系统', now(), '系统')
    ON CONFLICT (version) DO NOTHING`);
  return true;
}

export async function listRubrics(db: Executor): Promise<{ items: RubricSummary[] }> {
  const rows = await queryRows<Row>(db, sql`SELECT ${columns} FROM evaluation_rubrics r ORDER BY r.version DESC`);
  return { items: rows.map(toSummary) };
}

export async function rubricDetail(db: Executor, id: string): Promise<RubricDetail> {
  const row = await queryOne<Row & { content: RubricContent }>(db, sql`SELECT ${columns}, r.content FROM evaluation_rubrics r WHERE r.id = ${id}`);
  if (!row) throw notFound('评分标准');
  return { ...toSummary(row), content: row.content };
}

/** The newest published version: what self-assessment and new rounds use by default. */
export async function latestPublishedRubric(db: Executor): Promise<RubricDetail> {
  const row = await queryOne<{ id: string }>(db, sql`SELECT id FROM evaluation_rubrics WHERE status = 'published' ORDER BY version DESC LIMIT 1`);
  if (!row) throw new AppError(409, 'NO_RUBRIC', '尚无已发布的评分标准');
  return rubricDetail(db, row.id);
}

/** 422 with every problem when a rubric cannot be stored: weights that do not sum, unknown indicators … */
export function refuseProblems(content: RubricContent): void {
  const problems = rubricProblems(content);
  if (problems.length) {
    throw new AppError(422, 'RUBRIC_INVALID', `评分标准有${problems.length}处问题：${problems[0]!.message}`,
      problems.map((p) => ({ field: `content.${p.path}`, message: p.message })));
  }
}

export async function copyRubric(db: Database, user: AuthUser, actor: Actor, id: string, name?: string): Promise<RubricDetail> {
  const newId = await db.transaction(async (tx) => {
    const source = await rubricDetail(tx, id);
    await tx.execute(sql`LOCK TABLE evaluation_rubrics IN SHARE ROW EXCLUSIVE MODE`); // one version number per copy
    const next = (await queryOne<{ v: number }>(tx, sql`SELECT coalesce(max(version), 0) + 1 AS v FROM evaluation_rubrics`))!.v;
    const row = await queryOne<{ id: string }>(tx, sql`
      INSERT INTO evaluation_rubrics (name, version, based_on_id, status, content, created_by_id, created_by_name)
      VALUES (${name ?? source.name}, ${next}, ${source.id}, 'draft', ${JSON.stringify(source.content)}::jsonb, ${actor.id}, ${actor.name})
      RETURNING id`);
    await appendAudit(tx, actor, {
      unitId: user.unitId, entityType: 'evaluation_rubric', entityId: row!.id, action: 'copy', after: { basedOn: source.version, version: next },
    });
    return row!.id;
  });
  return rubricDetail(db, newId);
}

export async function updateRubric(
  db: Database, user: AuthUser, actor: Actor, id: string, input: { rowVersion: number; name?: string; note?: string | null; content?: RubricContent },
): Promise<RubricDetail> {
  await db.transaction(async (tx) => {
    const current = await rubricDetail(tx, id);
    if (current.status !== 'draft') throw conflict('已发布的评分标准不能修改，请复制为新版本后编辑', [{ field: 'status', message: '已发布' }]);
    if (input.content) refuseProblems(input.content);
    const updated = await queryOne<{ id: string }>(tx, sql`
      UPDATE evaluation_rubrics SET name = ${input.name ?? current.name}, note = ${input.note === undefined ? current.note : input.note},
        content = ${JSON.stringify(input.content ?? current.content)}::jsonb, updated_at = now(), row_version = row_version + 1
      WHERE id = ${id} AND row_version = ${input.rowVersion} RETURNING id`);
    if (!updated) throw versionConflict();
    await appendAudit(tx, actor, {
      unitId: user.unitId, entityType: 'evaluation_rubric', entityId: id, action: 'update',
      before: { name: current.name, note: current.note, content: input.content ? current.content : undefined },
      after: { name: input.name, note: input.note, content: input.content },
    });
  });
  return rubricDetail(db, id);
}

export async function publishRubric(db: Database, user: AuthUser, actor: Actor, id: string, rowVersion: number): Promise<RubricDetail> {
  await db.transaction(async (tx) => {
    const current = await rubricDetail(tx, id);
    if (current.status !== 'draft') throw conflict('该版本已发布');
    refuseProblems(current.content);
    const updated = await queryOne<{ id: string }>(tx, sql`
      UPDATE evaluation_rubrics SET status = 'published', published_at = now(), published_by_name = ${actor.name}, updated_at = now(),
        row_version = row_version + 1
      WHERE id = ${id} AND row_version = ${rowVersion} RETURNING id`);
    if (!updated) throw versionConflict();
    await appendAudit(tx, actor, { unitId: user.unitId, entityType: 'evaluation_rubric', entityId: id, action: 'publish', after: { version: current.version } });
  });
  return rubricDetail(db, id);
}

export async function deleteRubricDraft(db: Database, user: AuthUser, actor: Actor, id: string): Promise<{ deleted: true }> {
  await db.transaction(async (tx) => {
    const current = await rubricDetail(tx, id);
    if (current.status !== 'draft') throw conflict('已发布的评分标准不能删除');
    await tx.execute(sql`DELETE FROM evaluation_rubrics WHERE id = ${id}`);
    await appendAudit(tx, actor, { unitId: user.unitId, entityType: 'evaluation_rubric', entityId: id, action: 'delete', before: { version: current.version, name: current.name } });
  });
  return { deleted: true };
}

/** Problems of a draft as the editor shows them (no error: the page lists them while editing). */
export function checkRubric(content: RubricContent) {
  return { problems: rubricProblems(content) };
}
