// The single uploaded file of a multipart request (field `file`); size is capped by the multipart limits.
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

export async function uploadedFile(request: FastifyRequest, what = '文件'): Promise<{ content: Buffer; fileName: string }> {
  if (!request.isMultipart()) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', `请以 multipart/form-data 上传${what}（字段名 file）`);
  }
  const file = await request.file();
  if (!file || file.fieldname !== 'file') {
    throw new AppError(400, 'VALIDATION_FAILED', `请上传${what}（字段名 file）`, [{ field: 'file', message: '缺少文件' }]);
  }
  const content = await file.toBuffer();
  if (file.file.truncated) throw new AppError(413, 'PAYLOAD_TOO_LARGE', '文件过大（不超过 10 MB）');
  return { content, fileName: file.filename.slice(0, 200) };
}
