import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors';
import { sanitizeFileName } from '../../platform/files';
import { REPORT_PHOTO_MAX, REPORT_PHOTO_MAX_BYTES } from '../../../shared/report/categories';

export interface Submission {
  fields: Record<string, string>;
  photos: { name: string; data: Buffer }[];
}

const MB = Math.round(REPORT_PHOTO_MAX_BYTES / 1024 / 1024);

/** The public form: text fields and up to REPORT_PHOTO_MAX photos (field `photos`), each within the size limit. */
export async function readSubmission(req: FastifyRequest): Promise<Submission> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '应以 multipart/form-data 方式提交举报表单');
  const fields: Record<string, string> = {};
  const photos: Submission['photos'] = [];
  try {
    for await (const part of req.parts({ limits: { fileSize: REPORT_PHOTO_MAX_BYTES, files: REPORT_PHOTO_MAX + 1, fields: 20, fieldSize: 16 * 1024 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'photos') {
          await part.toBuffer().catch(() => undefined);
          throw new AppError('VALIDATION', `${part.fieldname}：不允许的文件字段（照片字段为 photos）`, [{ path: part.fieldname, message: '不允许的文件字段' }]);
        }
        if (photos.length >= REPORT_PHOTO_MAX) throw new AppError('VALIDATION', `photos：最多上传 ${REPORT_PHOTO_MAX} 张照片`, [{ path: 'photos', message: `最多 ${REPORT_PHOTO_MAX} 张` }]);
        const data = await part.toBuffer();
        if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', `照片过大，每张最大 ${MB} MB`);
        if (data.length > 0) photos.push({ name: sanitizeFileName(part.filename, '照片'), data });
      } else {
        if (part.fieldname in fields) throw new AppError('VALIDATION', `${part.fieldname}：字段重复`, [{ path: part.fieldname, message: '字段重复' }]);
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `照片过大，每张最大 ${MB} MB`);
    if (code === 'FST_FILES_LIMIT') throw new AppError('VALIDATION', `photos：最多上传 ${REPORT_PHOTO_MAX} 张照片`, [{ path: 'photos', message: `最多 ${REPORT_PHOTO_MAX} 张` }]);
    if (code && /^FST_/.test(code)) throw e;
    throw new AppError('BAD_REQUEST', `表单数据格式不正确：${(e as Error).message}`);
  }
  return { fields, photos };
}
