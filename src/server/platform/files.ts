import { createHash } from 'node:crypto';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { and, eq, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { requireActor, scopeCondition, type RequestContext } from './access';
import { recordAudit } from './audit';
import type { AppDeps } from './deps';
import { AppError, notFound } from './errors';
import { stripImageMetadata } from './image-metadata';
import { files } from './platform.schema';

/**
 * Uploaded files. The type is decided by the file's magic bytes (never by the name or the
 * browser's Content-Type); names are sanitised (no path parts, no control characters).
 */
export type FileKind = 'jpg' | 'png' | 'webp' | 'gif' | 'pdf' | 'xlsx' | 'docx' | 'txt' | 'zip';

export const MIME: Record<FileKind, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain; charset=utf-8',
  zip: 'application/zip',
};

export const IMAGE_KINDS: FileKind[] = ['jpg', 'png', 'webp', 'gif'];
export const DOCUMENT_KINDS: FileKind[] = ['pdf', 'xlsx', 'docx', 'txt', ...IMAGE_KINDS];

const KIND_LABEL: Record<FileKind, string> = { jpg: 'JPG 图片', png: 'PNG 图片', webp: 'WebP 图片', gif: 'GIF 图片', pdf: 'PDF', xlsx: 'Excel (.xlsx)', docx: 'Word (.docx)', txt: '文本 (.txt)', zip: 'ZIP' };

/** Sniff the real type from the first bytes. */
export function sniffKind(buf: Buffer, name: string): FileKind | undefined {
  const b = buf;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1'))) return 'gif';
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    // OOXML packages are zips; tell them apart by their main part name.
    const head = b.subarray(0, Math.min(b.length, 64 * 1024)).toString('latin1');
    if (head.includes('xl/')) return 'xlsx';
    if (head.includes('word/')) return 'docx';
    const ext = path.extname(name).toLowerCase();
    if (ext === '.xlsx') return 'xlsx';
    if (ext === '.docx') return 'docx';
    return 'zip';
  }
  const ext = path.extname(name).toLowerCase();
  if (ext === '.txt' || ext === '.csv') {
    // Text: no NUL bytes in the first 8 KiB.
    if (!b.subarray(0, 8192).includes(0)) return 'txt';
  }
  return undefined;
}

/** Keep a file name displayable and harmless: base name only, no control or reserved characters. */
export function sanitizeFileName(name: string | undefined, fallback = '附件'): string {
  let n = (name ?? '').replace(/\\/g, '/');
  n = n.split('/').pop() ?? '';
  n = n.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^\.+/, '').trim();
  if (n.length > 120) {
    const ext = path.extname(n).slice(0, 10);
    n = n.slice(0, 120 - ext.length) + ext;
  }
  return n || fallback;
}

export interface Upload {
  buffer: Buffer;
  fileName: string;
  fields: Record<string, string>;
}

/**
 * Read one file (and the text fields before it) from a multipart request, with a size limit.
 * An oversize file is a 413, a missing one a 400.
 */
export async function readUpload(req: FastifyRequest, opts: { maxBytes: number; field?: string }): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '应以 multipart/form-data 方式上传文件');
  const fields: Record<string, string> = {};
  let upload: Upload | undefined;
  try {
    upload = await readParts(req, opts, fields);
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `文件过大，最大 ${Math.round(opts.maxBytes / 1024 / 1024)} MB`);
    if (code && /^FST_/.test(code)) throw e; // mapped by the error handler (limits, content type)
    // busboy: truncated or malformed multipart bodies
    throw new AppError('BAD_REQUEST', `上传的表单数据格式不正确：${(e as Error).message}`);
  }
  if (!upload) throw new AppError('VALIDATION', `file：请选择要上传的文件`, [{ path: opts.field ?? 'file', message: '缺少文件' }]);
  if (upload.buffer.length === 0) throw new AppError('VALIDATION', '上传的文件为空');
  return upload;
}

async function readParts(req: FastifyRequest, opts: { maxBytes: number; field?: string }, fields: Record<string, string>): Promise<Upload | undefined> {
  let upload: Upload | undefined;
  for await (const part of req.parts({ limits: { fileSize: opts.maxBytes, files: 1, fields: 50, fieldSize: 64 * 1024 } })) {
    if (part.type === 'file') {
      if (opts.field && part.fieldname !== opts.field) {
        await part.toBuffer().catch(() => undefined);
        continue;
      }
      let buffer: Buffer;
      try {
        buffer = await part.toBuffer();
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `文件过大，最大 ${Math.round(opts.maxBytes / 1024 / 1024)} MB`);
        throw e;
      }
      if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', `文件过大，最大 ${Math.round(opts.maxBytes / 1024 / 1024)} MB`);
      upload = { buffer, fileName: sanitizeFileName(part.filename), fields };
    } else {
      fields[part.fieldname] = String(part.value ?? '');
    }
  }
  return upload;
}

export interface StoreFileInput {
  name: string;
  data: Buffer;
  purpose: string;
  allowed: FileKind[];
  maxBytes: number;
  regionCode?: string | null;
  enterpriseId?: string | null;
  /**
   * Store a photo without its Exif/GPS, XMP and comments (platform/image-metadata.ts): photos that
   * travel beyond the people who took them. Other kinds of file are stored as they are.
   */
  stripMetadata?: boolean;
}

/** Store an attachment inside the caller's transaction (audited). Returns its id. */
export async function storeFile(tx: DbOrTx, ctx: RequestContext, input: StoreFileInput): Promise<{ id: string; name: string; mime: string; size: number }> {
  const actor = requireActor(ctx);
  if (input.data.length > input.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `文件“${input.name}”过大，最大 ${Math.round(input.maxBytes / 1024 / 1024)} MB`);
  const kind = sniffKind(input.data, input.name);
  if (!kind || !input.allowed.includes(kind)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `文件“${input.name}”的类型不允许，仅支持：${input.allowed.map((k) => KIND_LABEL[k]).join('、')}`);
  }
  const name = sanitizeFileName(input.name);
  const data = input.stripMetadata ? stripImageMetadata(kind, input.data) : input.data;
  const [row] = await tx
    .insert(files)
    .values({
      name,
      mime: MIME[kind],
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      data,
      regionCode: input.regionCode ?? null,
      enterpriseId: input.enterpriseId ?? null,
      purpose: input.purpose,
      createdBy: actor.userId,
    })
    .returning({ id: files.id, name: files.name, mime: files.mime, size: files.size });
  await recordAudit(tx, ctx, { action: 'file.upload', entity: 'file', entityId: row.id, regionCode: input.regionCode ?? null, after: { name, mime: row.mime, size: row.size, purpose: input.purpose } });
  return row;
}

type FileAccessResolver = (deps: AppDeps, ctx: RequestContext, file: { id: string; purpose: string; regionCode: string | null; enterpriseId: string | null }) => Promise<boolean>;
const RESOLVERS = new Map<string, FileAccessResolver>();

/** A module decides who may read files of its purpose (e.g. 'hazard.photo' → whoever sees the hazard). */
export function registerFileAccess(purpose: string, resolver: FileAccessResolver): void {
  RESOLVERS.set(purpose, resolver);
}

/** A file the actor may read: its own upload, in scope by region/enterprise, or allowed by the module's resolver. */
export async function readFileForActor(deps: AppDeps, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const [f] = await deps.db
    .select({ id: files.id, name: files.name, mime: files.mime, size: files.size, purpose: files.purpose, regionCode: files.regionCode, enterpriseId: files.enterpriseId, createdBy: files.createdBy })
    .from(files)
    .where(eq(files.id, id));
  if (!f) throw notFound('文件');
  let ok = f.createdBy === actor.userId;
  if (!ok) {
    const [hit] = await deps.db
      .select({ id: files.id })
      .from(files)
      .where(and(eq(files.id, id), or(scopeCondition(actor.scope, { regionCode: files.regionCode, enterpriseId: files.enterpriseId }), sql`false`)));
    ok = !!hit && actor.scope.kind !== 'sectors';
  }
  if (!ok) {
    const resolver = RESOLVERS.get(f.purpose);
    ok = resolver ? await resolver(deps, ctx, f) : false;
  }
  if (!ok) throw notFound('文件');
  const [data] = await deps.db.select({ data: files.data }).from(files).where(eq(files.id, id));
  return { ...f, data: data.data };
}
