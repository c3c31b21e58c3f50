import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DOCUMENT_KINDS, type DocumentKind } from '@cg/domain';
import type { Database } from '@cg/db';
import { userOf } from '../../core/auth-hook.ts';
import { actorOf } from '../../core/context.ts';
import { attachment } from '../../core/excel.ts';
import { uploadedFile } from '../../core/upload.ts';
import { uuidParam } from '../../core/schemas.ts';
import { documentContent, listDocuments, uploadDocument } from './documents.service.ts';

const tags = ['制度文件'];
const kinds = Object.keys(DOCUMENT_KINDS) as [DocumentKind, ...DocumentKind[]];
const kind = z.enum(kinds, { error: `文件类别只能是：${kinds.join('、')}` });

export function documentRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/units/:id/documents', {
      config: { permission: 'unit.read' },
      schema: { tags, summary: '单位的制度文件（各版本）', params: uuidParam, querystring: z.strictObject({ kind: kind.optional() }) },
    }, async (request) => listDocuments(db, userOf(request), request.params.id, request.query.kind));

    app.post('/api/units/:id/documents', {
      config: { permission: 'document.write' },
      schema: {
        tags, summary: '上传制度文件（PDF/Word，新版本）', params: uuidParam, consumes: ['multipart/form-data'],
        querystring: z.strictObject({ kind, title: z.string().trim().min(2, '标题至少2个字').max(100, '标题不能超过100个字') }),
      },
    }, async (request, reply) => {
      const user = userOf(request);
      const { content, fileName } = await uploadedFile(request, 'PDF 或 Word 文件');
      const meta = await uploadDocument(db, user, actorOf(user, request.ip, request.id), request.params.id, {
        kind: request.query.kind, title: request.query.title, fileName, content,
      });
      return reply.status(201).send(meta);
    });

    app.get('/api/documents/:id/download', {
      config: { permission: 'unit.read' },
      schema: { tags, summary: '下载制度文件', params: uuidParam },
    }, async (request, reply) => {
      const { meta, content } = await documentContent(db, userOf(request), request.params.id);
      reply.header('content-type', meta.mimeType).header('content-disposition', attachment('document', meta.fileName))
        .header('x-content-sha256', meta.sha256);
      return reply.send(content);
    });
  };
}
