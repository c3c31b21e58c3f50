// The single uploaded file of a multipart request (field `file`); size is capped by the multipart limits, or for a
// photo by its own.
import type { FastifyRequest } from 'fastify';
import { imageMimeOf } from '@cg/domain';
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

/** What the platform keeps photos as (诉件, 勤务日志, 现场检查): 5 MB at most. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/**
 * The one photo of a multipart request (field `file`): reading stops past `maxBytes` (413), and it must be a JPEG, PNG
 * or WebP by its bytes (415), whatever its name or declared type says. Every error names the field `file`.
 */
export async function uploadedPhoto(
  request: FastifyRequest, maxBytes = MAX_PHOTO_BYTES,
): Promise<{ content: Buffer; fileName: string; mimeType: string }> {
  if (!request.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传照片（字段名 file）');
  const file = await request.file({ limits: { fileSize: maxBytes }, throwFileSizeLimit: false });
  if (!file || file.fieldname !== 'file') throw new AppError(400, 'VALIDATION_FAILED', '请上传照片（字段名 file）', [{ field: 'file', message: '缺少照片' }]);
  const content = await file.toBuffer();
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  if (file.file.truncated) throw new AppError(413, 'PAYLOAD_TOO_LARGE', `照片不能超过${mb} MB`, [{ field: 'file', message: `照片超过${mb} MB` }]);
  const mimeType = imageMimeOf(content);
  if (!mimeType) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '照片只能是 JPEG、PNG 或 WebP 格式', [{ field: 'file', message: '文件不是 JPEG、PNG 或 WebP 图片' }]);
  }
  return { content, fileName: (file.filename || 'photo').slice(0, 200), mimeType };
}
