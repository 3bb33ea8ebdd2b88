import { createHash, randomBytes } from 'node:crypto';
import { sideBySide, type Tx, type DbOrTx } from '../../db';
import { requirePermission, type Actor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { sm3 } from '../../platform/crypto';
import type { AppDeps } from '../../platform/deps';
import { AppError, notFound, parseOrThrow } from '../../platform/errors';
import { sniffKind } from '../../platform/files';
import { listRegions, listSectors, listUnits } from '../org';
import { ReportSubmitFields, type PublicReportStatus, type ReportDetail, type ReportListItem, type ReportQuery, type ReportSubmitted } from '../../../shared/contracts/report';
import { categoryOf, REPORT_PHOTO_MAX_BYTES, REPORT_STATUS_LABELS, type ReportStatus } from '../../../shared/report/categories';
import { distanceMetres, nearestStreet, normalizeAddress, streetOfAddress } from '../../../shared/report/place';
import { REWARD_RULE, rewardIneligibility } from '../../../shared/report/reward';
import { addWorkingDays, overridesOf } from '../../../shared/report/workdays';
import { chinaDate, chinaYear } from '../../../shared/time';
import * as repo from './report.repo';
import { stripMetadata } from '../../platform/image-metadata';
import type { Submission } from './report.upload';

/**
 * 12350 举报: submission (public form and Open311), tracking, the officers' ledger and detail.
 * Handling steps and rewards are in report.handling.ts; Open311 in report.open311.ts.
 */

/** Rate limits of public submissions (per IP, per device), in a sliding hour. */
export const RATE_LIMITS = { perIpPerHour: 10, perDevicePerHour: 5 } as const;
/** Duplicate window: same category and place within 7 days (surfaced to the officer, not refused). */
export const DUPLICATE_DAYS = 7;
export const DUPLICATE_METRES = 200;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // 32 symbols, no I L O U

/** An unguessable tracking code: 80 random bits as XXXX-XXXX-XXXX-XXXX. */
export function newTrackingCode(): string {
  const bytes = randomBytes(16);
  let s = '';
  for (let i = 0; i < 16; i++) s += ALPHABET[bytes[i] & 31];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}`;
}
export const trackingHash = (code: string) => sm3(`report-tracking:${code.toUpperCase()}`);

export interface NewReport {
  category: string;
  description: string;
  address?: string;
  lat?: number;
  lng?: number;
  enterpriseName?: string;
  name?: string;
  phone?: string;
  email?: string;
  deviceId?: string;
  channel: 'web' | 'open311';
  partnerKeyId?: string | null;
  mediaUrl?: string;
}

/** Holidays as a working-day table. */
export async function workdayOverrides(db: DbOrTx) {
  return overridesOf(await repo.listHolidays(db));
}

/** category → sector → supervising department; place → street (org's tables through its index). */
export async function routeReport(db: DbOrTx, category: string, place: { address?: string | null; lat?: number | null; lng?: number | null }) {
  const cat = categoryOf(category);
  if (!cat) throw new AppError('VALIDATION', 'category：举报类别无效', [{ path: 'category', message: '举报类别无效' }]);
  const [sectors, regions, units] = await sideBySide(
    db,
    () => listSectors(db),
    () => listRegions(db),
    () => listUnits(db),
  );
  const sector = cat.sector ? sectors.find((s) => s.code === cat.sector) : undefined;
  const office = units.find((u) => u.kind === 'office');
  const department = sector ? { id: sector.departmentUnitId, name: sector.departmentName } : { id: office?.id ?? null, name: office?.shortName ?? '区安委办' };
  let street = place.address ? streetOfAddress(place.address, regions) : undefined;
  if (!street && place.lat != null && place.lng != null) street = nearestStreet(place.lat, place.lng);
  const district = regions.find((r) => r.kind === 'district');
  const region = regions.find((r) => r.code === street) ?? district;
  return {
    sector: sector?.code ?? null,
    departmentUnitId: department.id,
    departmentName: department.name,
    regionCode: region?.code ?? '420112',
    streetName: street ? (region?.name ?? '') : `${district?.name ?? '东西湖区'}（待分办）`,
  };
}

/** Salted hashes of IP and device (the salt never leaves the database). */
async function clientHashes(db: DbOrTx, ip: string | null, deviceId: string | undefined) {
  const s = await repo.salt(db);
  return { ipHash: ip ? sm3(`${s}:ip:${ip}`) : null, deviceHash: deviceId ? sm3(`${s}:device:${deviceId}`) : null };
}

async function checkRateLimits(deps: AppDeps, hashes: { ipHash: string | null; deviceHash: string | null }) {
  const since = new Date(deps.clock.now().getTime() - 3600_000);
  if (hashes.ipHash && (await repo.countSince(deps.db, 'ip', hashes.ipHash, since)) >= RATE_LIMITS.perIpPerHour) {
    throw new AppError('RATE_LIMITED', `提交过于频繁：同一网络每小时最多提交 ${RATE_LIMITS.perIpPerHour} 件举报，请稍后再试；紧急情况请拨打 12350`);
  }
  if (hashes.deviceHash && (await repo.countSince(deps.db, 'device', hashes.deviceHash, since)) >= RATE_LIMITS.perDevicePerHour) {
    throw new AppError('RATE_LIMITED', `提交过于频繁：同一设备每小时最多提交 ${RATE_LIMITS.perDevicePerHour} 件举报，请稍后再试；紧急情况请拨打 12350`);
  }
}

/** Photos checked by content, stripped of metadata. */
function preparePhotos(photos: Submission['photos']) {
  return photos.map((p, i) => {
    if (p.data.length > REPORT_PHOTO_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `第 ${i + 1} 张照片过大，每张最大 ${REPORT_PHOTO_MAX_BYTES / 1024 / 1024} MB`);
    const kind = sniffKind(p.data, p.name);
    if (kind !== 'jpg' && kind !== 'png' && kind !== 'webp') throw new AppError('UNSUPPORTED_MEDIA_TYPE', `第 ${i + 1} 张照片“${p.name}”类型不允许，仅支持 JPG、PNG、WebP 图片`);
    const data = stripMetadata(kind, p.data);
    return { data, mime: kind === 'jpg' ? 'image/jpeg' : kind === 'png' ? 'image/png' : 'image/webp' };
  });
}

/** Same category, within 200 m or the same address, within 7 days before. */
export function isSamePlace(a: { lat: number | null; lng: number | null; address: string }, b: { lat: number | null; lng: number | null; address: string }): { same: boolean; distance: number | null } {
  const distance = a.lat != null && a.lng != null && b.lat != null && b.lng != null ? distanceMetres({ lat: a.lat, lng: a.lng }, { lat: b.lat, lng: b.lng }) : null;
  if (distance !== null && distance <= DUPLICATE_METRES) return { same: true, distance };
  const na = normalizeAddress(a.address);
  return { same: na.length >= 4 && na === normalizeAddress(b.address), distance };
}

/** Create a report in the caller's transaction (public form and Open311 share it). */
export async function createReportInTx(deps: AppDeps, tx: Tx, ctx: RequestContext, input: NewReport, photos: Submission['photos'], hashes: { ipHash: string | null; deviceHash: string | null }) {
  const now = deps.clock.now();
  const route = await routeReport(tx, input.category, input);
  const overrides = await workdayOverrides(tx);
  const today = chinaDate(now);
  const sla = await repo.loadSla(tx);
  const ackDueOn = addWorkingDays(today, sla.acknowledgeWorkingDays, overrides);
  const replyDueOn = addWorkingDays(today, sla.replyWorkingDays, overrides);
  const prepared = preparePhotos(photos);
  const code = newTrackingCode();
  const no = await repo.nextCaseNumber(tx);
  const caseNo = `JB-${chinaYear(now)}-${String(no).padStart(6, '0')}`;
  const address = input.address ?? '';
  const candidates = await repo.sameCategoryRecent(tx, input.category, now, DUPLICATE_DAYS);
  const dupIds = candidates.filter((c) => isSamePlace({ lat: input.lat ?? null, lng: input.lng ?? null, address }, c).same).map((c) => c.id);
  const named = !!(input.name || input.phone || input.email);
  const row = await repo.insertReport(tx, {
    caseNo,
    trackingHash: trackingHash(code),
    channel: input.channel,
    partnerKeyId: input.partnerKeyId ?? null,
    mediaUrl: input.mediaUrl ?? null,
    category: input.category,
    ...route,
    description: input.description,
    address,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
    enterpriseName: input.enterpriseName ?? '',
    anonymous: !named,
    reporterNameEnc: deps.cipher.encrypt(input.name),
    reporterPhoneEnc: deps.cipher.encrypt(input.phone),
    reporterEmailEnc: deps.cipher.encrypt(input.email),
    ...hashes,
    status: 'submitted',
    submittedAt: now,
    ackDueOn,
    replyDueOn,
    possibleDuplicateIds: dupIds,
    updatedAt: now,
  });
  await repo.insertPhotos(
    tx,
    prepared.map((p) => ({ reportId: row.id, mime: p.mime, size: p.data.length, sha256: createHash('sha256').update(p.data).digest('hex'), data: p.data, createdAt: now })),
  );
  await repo.insertEvent(tx, { reportId: row.id, at: now, kind: 'submitted', isPublic: false, text: `收到举报，分办至${route.departmentName}（属地：${route.streetName}）`, actorName: '系统', unitName: '' });
  // The public reporter's audit row carries no IP and no identity: the case number and routing only.
  await recordAudit(tx, { ...ctx, ip: null }, { action: 'report.submit', entity: 'report', entityId: row.id, regionCode: route.regionCode, actorLabel: input.channel === 'open311' ? 'open311' : 'public', after: { caseNo, category: input.category, departmentName: route.departmentName, photos: prepared.length, possibleDuplicates: dupIds.length } });
  return { row, code, photos: prepared.length, sla };
}

/** The public form: validate, rate-limit, store. */
export async function submitReport(deps: AppDeps, ctx: RequestContext, sub: Submission): Promise<ReportSubmitted> {
  const f = parseOrThrow(ReportSubmitFields, sub.fields);
  const hashes = await clientHashes(deps.db, ctx.ip, f.deviceId);
  await checkRateLimits(deps, hashes);
  const r = await deps.db.transaction((tx) => createReportInTx(deps, tx, ctx, { ...f, channel: 'web' }, sub.photos, hashes));
  return { trackingCode: r.code, caseNo: r.row.caseNo, submittedAt: r.row.submittedAt.toISOString(), acknowledgeBy: r.row.ackDueOn, replyBy: r.row.replyDueOn, photos: r.photos };
}

export { clientHashes, checkRateLimits };

/** The reporter's view by tracking code: status and public replies, nothing else. */
export async function trackReport(deps: AppDeps, code: string): Promise<PublicReportStatus> {
  const r = await repo.findByTrackingHash(deps.db, trackingHash(code));
  if (!r) throw new AppError('NOT_FOUND', '查询码不存在，请核对后重新输入');
  const replies = await repo.eventsOf(deps.db, r.id, true);
  return {
    caseNo: r.caseNo,
    categoryName: categoryOf(r.category)?.name ?? r.category,
    status: r.status as ReportStatus,
    statusLabel: REPORT_STATUS_LABELS[r.status as ReportStatus],
    submittedAt: r.submittedAt.toISOString(),
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    verifiedAt: r.verifiedAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    handlingUnit: r.departmentName,
    replies: replies.map((e) => ({ at: e.at.toISOString(), unit: e.unitName || r.departmentName, text: e.text })),
  };
}

// ---------- officers ----------

type ListRow = Awaited<ReturnType<typeof repo.listReports>>['items'][number];

export function presentListItem(r: ListRow): ReportListItem {
  return {
    id: r.id,
    caseNo: r.caseNo,
    category: r.category,
    categoryName: categoryOf(r.category)?.name ?? r.category,
    sector: r.sector,
    departmentName: r.departmentName,
    regionCode: r.regionCode,
    streetName: r.streetName,
    summary: r.description.length > 80 ? `${r.description.slice(0, 80)}…` : r.description,
    address: r.address,
    enterpriseName: r.enterpriseName,
    channel: r.channel as ReportListItem['channel'],
    status: r.status as ReportStatus,
    submittedAt: r.submittedAt.toISOString(),
    acknowledgeBy: r.ackDueOn,
    replyBy: r.replyDueOn,
    ackOverdue: !!r.ackOverdue,
    replyOverdue: !!r.replyOverdue,
    verifyResult: r.verifyResult,
    photoCount: Number(r.photoCount),
    possibleDuplicates: r.possibleDuplicateIds.length,
    named: !r.anonymous,
  };
}

export async function listReports(deps: AppDeps, ctx: RequestContext, q: ReportQuery) {
  const actor = requirePermission(ctx, 'report.read');
  const { items, total } = await repo.listReports(deps.db, actor.scope, q, chinaDate(deps.clock.now()));
  return { items: items.map(presentListItem), total, page: q.page, pageSize: q.pageSize };
}

export async function loadScoped(deps: AppDeps, db: DbOrTx, actor: Actor, id: string) {
  const r = await repo.findScoped(db, actor.scope, id);
  if (!r) throw notFound('举报');
  return r;
}

export async function getReport(deps: AppDeps, ctx: RequestContext, id: string, db: DbOrTx = deps.db): Promise<ReportDetail> {
  const actor = requirePermission(ctx, 'report.read');
  const r = await loadScoped(deps, db, actor, id);
  const today = chinaDate(deps.clock.now());
  const [photos, events, reward, dupBriefs, dupOf] = await Promise.all([
    repo.photosOf(db, r.id),
    repo.eventsOf(db, r.id),
    repo.rewardOf(db, r.id),
    // Later reports of the same place point back at this one too: both directions are shown.
    repo.sameCategoryRecent(db, r.category, new Date(r.submittedAt.getTime() + DUPLICATE_DAYS * 86_400_000), DUPLICATE_DAYS * 2, r.id),
    r.duplicateOfId ? repo.findScoped(db, actor.scope, r.duplicateOfId) : Promise.resolve(undefined),
  ]);
  const visible = new Set((await repo.briefByIds(db, actor.scope, dupBriefs.map((d) => d.id))).map((d) => d.id));
  const duplicates = dupBriefs
    .filter((d) => visible.has(d.id))
    .map((d) => ({ d, m: isSamePlace(r, d) }))
    .filter((x) => x.m.same)
    .map(({ d, m }) => ({ id: d.id, caseNo: d.caseNo, submittedAt: d.submittedAt.toISOString(), status: d.status as ReportStatus, distanceMetres: m.distance === null ? null : Math.round(m.distance) }));
  const ackOverdue = (r.acknowledgedAt ? chinaDate(r.acknowledgedAt) : today) > r.ackDueOn;
  const replyOverdue = (r.closedAt ? chinaDate(r.closedAt) : today) > r.replyDueOn;
  const base = presentListItem({ ...r, ackOverdue, replyOverdue, photoCount: photos.length } as ListRow);
  return {
    ...base,
    possibleDuplicates: duplicates.length,
    description: r.description,
    mediaUrl: r.mediaUrl,
    lat: r.lat,
    lng: r.lng,
    departmentUnitId: r.departmentUnitId,
    enterpriseId: r.enterpriseId,
    photos,
    events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, isPublic: e.isPublic, text: e.text, actorName: e.actorName, unitName: e.unitName })),
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    handlerName: r.handlerName,
    isHandler: !!r.handlerUserId && r.handlerUserId === actor.userId,
    verifiedAt: r.verifiedAt?.toISOString() ?? null,
    finding: r.finding,
    verifyNote: r.verifyNote,
    duplicateOf: dupOf ? { id: dupOf.id, caseNo: dupOf.caseNo } : null,
    closedAt: r.closedAt?.toISOString() ?? null,
    hazard: r.hazardId && r.hazardCode ? { id: r.hazardId, code: r.hazardCode } : null,
    enforcementCase: r.caseId && r.caseCode ? { id: r.caseId, code: r.caseCode } : null,
    duplicates,
    reward: reward
      ? {
          id: reward.id,
          basis: reward.basis,
          fineAmount: reward.fineAmount,
          penaltyDocNo: reward.penaltyDocNo,
          amount: reward.amount,
          status: reward.status as 'proposed',
          exclusionChecked: reward.exclusionChecked,
          proposedByName: reward.proposedByName,
          proposedAt: reward.proposedAt.toISOString(),
          proposalNote: reward.proposalNote,
          decidedByName: reward.decidedByName,
          decidedAt: reward.decidedAt?.toISOString() ?? null,
          decisionNote: reward.decisionNote,
          paidOn: reward.paidOn,
          voucherNo: reward.voucherNo,
          payMethod: reward.payMethod,
          paidByName: reward.paidByName,
        }
      : null,
    rewardIneligible: rewardIneligibility(r) ?? null,
    suggestedReward: { ...REWARD_RULE },
    version: r.version,
  };
}

export async function photoFile(deps: AppDeps, ctx: RequestContext, id: string, photoId: string) {
  const actor = requirePermission(ctx, 'report.read');
  await loadScoped(deps, deps.db, actor, id);
  const p = await repo.photoData(deps.db, id, photoId);
  if (!p) throw notFound('照片');
  return { body: p.data, fileName: `举报照片-${photoId.slice(0, 8)}.${p.mime === 'image/jpeg' ? 'jpg' : p.mime === 'image/png' ? 'png' : 'webp'}`, mediaType: p.mime, inline: true, cacheControl: 'private, max-age=3600' };
}
