// 制度文件: versioned rules documents per unit (a new upload is a new version; old versions stay for the record).
import { createHash } from 'node:crypto';
import { DOCUMENT_KINDS, DOCUMENT_MIME, detectDocumentType, type DocumentKind } from '@cg/domain';
import { queryOne, queryRows, sql, unitDocuments, type Database, type Executor } from '@cg/db';
import type { Actor, AuthUser } from '../../core/context.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { getUnitInScope } from '../units/units.service.ts';

export interface DocumentMeta {
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

const metaColumns = sql`d.id, d.unit_id AS "unitId", d.kind, d.title, d.version, d.file_name AS "fileName", d.mime_type AS "mimeType",
  d.size_bytes AS "sizeBytes", d.sha256, d.uploaded_by_name AS "uploadedByName", d.uploaded_at AS "uploadedAt"`;

const toMeta = (r: DocumentMeta): DocumentMeta => ({ ...r, kindLabel: DOCUMENT_KINDS[r.kind] ?? r.kind, uploadedAt: new Date(r.uploadedAt).toISOString() });

export async function listDocuments(db: Executor, user: AuthUser, unitId: string, kind?: DocumentKind): Promise<DocumentMeta[]> {
  await getUnitInScope(db, user, unitId);
  const rows = await queryRows<DocumentMeta>(db, sql`SELECT ${metaColumns} FROM unit_documents d
    WHERE d.unit_id = ${unitId} ${kind ? sql`AND d.kind = ${kind}` : sql``} ORDER BY d.kind, d.version DESC`);
  return rows.map(toMeta);
}

export async function uploadDocument(
  db: Database, user: AuthUser, actor: Actor, unitId: string, input: { kind: DocumentKind; title: string; fileName: string; content: Buffer },
): Promise<DocumentMeta> {
  const type = detectDocumentType(input.content, input.fileName);
  if (!type) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '只接受 PDF 或 Word（.doc、.docx）文件', [{ field: 'file', message: '文件内容不是 PDF 或 Word 文档' }]);
  }
  const id = await db.transaction(async (tx) => {
    const unit = await getUnitInScope(tx, user, unitId);
    // Versions per unit and kind; the unique index settles two uploads at once.
    const last = await queryOne<{ v: number | null }>(tx, sql`
      SELECT max(version) AS v FROM unit_documents WHERE unit_id = ${unit.id} AND kind = ${input.kind}`);
    const sha256 = createHash('sha256').update(input.content).digest('hex');
    const [row] = await tx.insert(unitDocuments).values({
      unitId: unit.id, kind: input.kind, title: input.title, version: (last?.v ?? 0) + 1, fileName: input.fileName,
      mimeType: DOCUMENT_MIME[type], sizeBytes: input.content.length, sha256, content: input.content,
      uploadedById: actor.id, uploadedByName: actor.name,
    }).returning({ id: unitDocuments.id, version: unitDocuments.version });
    await appendAudit(tx, actor, {
      unitId: unit.id, entityType: 'document', entityId: row.id, action: 'upload',
      after: { kind: input.kind, title: input.title, version: row.version, fileName: input.fileName, sha256, sizeBytes: input.content.length },
    });
    return row.id;
  });
  return (await documentMeta(db, user, id));
}

export async function documentMeta(db: Executor, user: AuthUser, id: string): Promise<DocumentMeta> {
  const row = await queryOne<DocumentMeta & { path: string }>(db, sql`SELECT ${metaColumns}, u.path FROM unit_documents d
    JOIN units u ON u.id = d.unit_id WHERE d.id = ${id}`);
  if (!row || !row.path.startsWith(user.unitPath)) throw notFound('文件');
  const { path: _p, ...meta } = row;
  return toMeta(meta);
}

export async function documentContent(db: Executor, user: AuthUser, id: string): Promise<{ meta: DocumentMeta; content: Buffer }> {
  const meta = await documentMeta(db, user, id);
  const row = await queryOne<{ content: Buffer | Uint8Array }>(db, sql`SELECT content FROM unit_documents WHERE id = ${id}`);
  return { meta, content: Buffer.from(row!.content) };
}
