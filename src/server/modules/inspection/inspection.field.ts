import { recordAudit } from '../../platform/audit';
import type { Actor, RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import { storeFile, type Upload } from '../../platform/files';
import type { Tx } from '../../db';
import { getVersion } from '../checklist';
import { createHazardInTx, uploadHazardFile } from '../hazard';
import type { InspectionCreateInput, InspectionSubmitInput, InspectionView } from '../../../shared/contracts/inspection';
import type { TemplateVersionView } from '../../../shared/contracts/checklist';
import { MIN_INSPECTORS_PER_TARGET } from '../../../shared/inspection/rules';
import { addDays, chinaYear } from '../../../shared/time';
import { actorOf, enterpriseInScope, iso, unitDirectory } from './inspection.common';
import { listInspectors } from './inspection.directory';
import { issueDocumentInTx } from './inspection.documents';
import * as repo from './inspection.repo';

/**
 * 执法检查 on site: arranged from a draw, a plan or ad hoc (四不两直 optional), started on arrival,
 * answered item by item on a phone and submitted once (the browser keeps answers until sent; the
 * client key makes a resent submission count once). A failed item becomes a hazard in the hazard
 * ledger (createHazardInTx, same transaction); the enterprise's person signs on the screen.
 */

export const SIGNATURE_PURPOSE = 'inspection.signature';

function isTeam(actor: Actor, row: repo.InspectionRow) {
  return row.team.includes(actor.userId);
}

export async function createInspection(deps: AppDeps, ctx: RequestContext, input: InspectionCreateInput): Promise<InspectionView> {
  return getInspection(deps, ctx, (await recordNewInspection(deps, ctx, input)).id);
}

/**
 * The writes of the field steps with all their rules, without the view each route answers with
 * (the demo seed runs ~40 inspections and reads none of those views). They return the inspection.
 */
export async function recordNewInspection(deps: AppDeps, ctx: RequestContext, input: InspectionCreateInput): Promise<{ id: string; code: string; enterpriseId: string }> {
  const actor = actorOf(ctx);
  let enterpriseId = input.enterpriseId;
  let team = [...new Set([...(actor.roles.includes('inspector') ? [actor.userId] : []), ...(input.team ?? [])])];
  let origin: 'draw' | 'plan' | 'adhoc' = input.fromPlan ? 'plan' : 'adhoc';
  let unitId = actor.unitId;
  if (input.drawTargetId) {
    const t = await repo.findDrawTarget(deps.db, input.drawTargetId);
    // The draw's team (or its department) starts the inspection of a drawn target.
    if (!t || !(t.t.inspectorIds.includes(actor.userId) || t.d.unitId === actor.unitId || actor.scope.kind === 'all')) throw notFound('抽取结果');
    if (t.t.inspectionId) throw conflict('该抽取对象已安排检查');
    if (input.enterpriseId && input.enterpriseId !== t.t.enterpriseId) throw invalidField('enterpriseId', '企业与抽取结果不一致');
    enterpriseId = t.t.enterpriseId;
    team = t.t.inspectorIds;
    origin = 'draw';
    unitId = t.d.unitId;
  }
  const ent = await enterpriseInScope(deps, deps.db, actor, enterpriseId!);
  if (!ent) throw notFound('企业');
  if (!unitId) throw forbidden('只有部门执法人员可以安排检查');
  // ≥2 inspectors with a valid certificate and no conflict with the enterprise (回避).
  const people = await listInspectors(deps, ctx, { unitId });
  for (const [i, id] of team.entries()) {
    const p = people.find((x) => x.userId === id);
    if (!p) throw invalidField(`team.${i}`, '不是本部门执法检查人员');
    if (!p.certValid) throw invalidField(`team.${i}`, `${p.name} 的执法证${p.certExpiry ? `已于 ${p.certExpiry} 过期` : '未录入'}，不能参加执法检查`);
    if (p.conflicts.some((c) => c.enterpriseId === enterpriseId)) throw invalidField(`team.${i}`, `${p.name} 与该企业存在利害关系，应当回避`);
  }
  if (team.length < MIN_INSPECTORS_PER_TARGET) throw invalidField('team', `执法检查人员不得少于 ${MIN_INSPECTORS_PER_TARGET} 人`);
  let version: TemplateVersionView;
  try {
    version = await getVersion(deps, ctx, input.checklistVersionId);
  } catch {
    throw invalidField('checklistVersionId', '检查清单版本不存在');
  }
  if (version.status !== 'published') throw invalidField('checklistVersionId', '只能使用已发布的检查清单版本');
  const now = deps.clock.now();
  const names = await repo.userNames(deps.db, team);
  const created = await deps.db.transaction(async (tx) => {
    const prefix = `JC-${chinaYear(now)}-`;
    await repo.lockCodes(tx, 'inspection_code');
    const code = `${prefix}${String(await repo.nextNumber(tx, 'inspections', prefix)).padStart(5, '0')}`;
    const row = await repo.insertInspection(tx, {
      code,
      origin,
      drawTargetId: input.drawTargetId ?? null,
      enterpriseId: ent.e.id,
      regionCode: ent.e.regionCode,
      sector: ent.e.sector,
      unitId: unitId!,
      unannounced: input.unannounced,
      status: 'planned',
      checklistVersionId: version.id,
      checklistName: `${version.name}（第${version.version}版）`,
      team,
      teamNames: team.map((t) => names.get(t) ?? ''),
      plannedOn: input.plannedOn ?? deps.clock.today(),
      createdBy: actor.userId,
      createdAt: now,
    });
    if (input.drawTargetId) await repo.setDrawTargetInspection(tx, input.drawTargetId, row.id);
    // 四不两直: the audit row of an unannounced inspection carries no region until it starts, so the
    // street's audit view does not reveal the target either.
    await recordAudit(tx, ctx, {
      action: 'inspection.create',
      entity: 'inspection',
      entityId: row.id,
      regionCode: input.unannounced ? null : ent.e.regionCode,
      after: { code, origin, unannounced: input.unannounced, team: row.teamNames },
    });
    return row;
  });
  return { id: created.id, code: created.code, enterpriseId: created.enterpriseId };
}

export async function startInspection(deps: AppDeps, ctx: RequestContext, id: string): Promise<InspectionView> {
  await recordStart(deps, ctx, id);
  return getInspection(deps, ctx, id);
}

export async function recordStart(deps: AppDeps, ctx: RequestContext, id: string): Promise<void> {
  const actor = actorOf(ctx);
  await deps.db.transaction(async (tx) => {
    const row = await repo.lockInspection(tx, actor, id);
    if (!row) throw notFound('检查');
    if (!isTeam(actor, row)) throw forbidden('只有检查组成员可以开始检查');
    if (row.status !== 'planned') throw conflict('检查已开始');
    await repo.updateInspection(tx, id, { status: 'in_progress', startedAt: deps.clock.now() });
    await recordAudit(tx, ctx, { action: 'inspection.start', entity: 'inspection', entityId: id, regionCode: row.regionCode, after: { unannounced: row.unannounced } });
  });
}

export async function uploadPhoto(deps: AppDeps, ctx: RequestContext, id: string, upload: Upload) {
  const actor = actorOf(ctx);
  const row = await repo.findInspection(deps.db, actor, id);
  if (!row) throw notFound('检查');
  if (!isTeam(actor, row)) throw forbidden('只有检查组成员可以上传现场照片');
  if (row.status === 'completed') throw conflict('检查已提交');
  // Stored as hazard photos: a failed item's photos move into the hazard it becomes.
  return uploadHazardFile(deps, ctx, upload, 'photo');
}

function decodeSignature(dataUrl: string): Buffer {
  const buf = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (buf.length < 60 || buf.readUInt32BE(0) !== 0x89504e47) throw invalidField('signature', '签名应为 PNG 图片');
  return buf;
}

export async function submitInspection(deps: AppDeps, ctx: RequestContext, id: string, input: InspectionSubmitInput): Promise<InspectionView> {
  await recordSubmission(deps, ctx, id, input);
  return getInspection(deps, ctx, id);
}

/** Returns the number of failed items (0 for a resent submission, which changes nothing). */
export async function recordSubmission(deps: AppDeps, ctx: RequestContext, id: string, input: InspectionSubmitInput): Promise<{ failed: number }> {
  const actor = actorOf(ctx);
  // Sent once: a resent submission (same client key) answers the stored result.
  const prior = await repo.findInspectionByClientKey(deps.db, input.clientKey);
  if (prior) {
    if (prior.id !== id) throw conflict('提交编号已被其他检查使用');
    return { failed: 0 };
  }
  const row0 = await repo.findInspection(deps.db, actor, id);
  if (!row0) throw notFound('检查');
  const version = await getVersion(deps, ctx, row0.checklistVersionId);
  const byId = new Map(version.items.map((i) => [i.id, i]));
  const seen = new Set<string>();
  for (const [i, a] of input.answers.entries()) {
    if (!byId.has(a.itemId)) throw invalidField(`answers.${i}.itemId`, '不是本检查清单的检查项');
    if (seen.has(a.itemId)) throw invalidField(`answers.${i}.itemId`, '检查项重复');
    seen.add(a.itemId);
  }
  const signature = decodeSignature(input.signature);
  const today = deps.clock.today();
  const failed = await deps.db.transaction(async (tx) => {
    const row = await repo.lockInspection(tx, actor, id);
    if (!row) throw notFound('检查');
    if (!isTeam(actor, row)) throw forbidden('只有检查组成员可以提交检查结果');
    if (row.status === 'completed') throw conflict('检查已提交，不能重复提交');
    if (row.status === 'planned') throw conflict('请先在现场点击“开始检查”');
    const sig = await storeFile(tx, ctx, { name: '企业签字.png', data: signature, purpose: SIGNATURE_PURPOSE, allowed: ['png'], maxBytes: 600_000, regionCode: row.regionCode, enterpriseId: row.enterpriseId });
    const items = [];
    let failed = 0;
    for (const a of input.answers) {
      const it = byId.get(a.itemId)!;
      let hazard: { id: string; code: string } | null = null;
      let grade: string | null = null;
      if (a.result === 'fail') {
        failed++;
        grade = a.grade ?? '一般';
        const ref = grade === '重大' ? (a.standardRef ?? (it.major ? { standard: it.major.standard, item: it.major.item } : undefined)) : undefined;
        hazard = await createHazardInTx(deps, tx as Tx, ctx, {
          enterpriseId: row.enterpriseId,
          source: 'inspection',
          place: `${it.category}·${it.project}`.slice(0, 200),
          category: it.category.slice(0, 50),
          grade: grade as '一般' | '重大',
          description: [it.point, `检查发现：${a.note ?? ''}`, `（执法检查 ${row.code} 第${it.seq}项；依据：${it.basis}${a.deadline ? `；责令于 ${a.deadline} 前整改` : ''}）`].join('\n').slice(0, 2000),
          standardRef: ref,
          origin: { kind: 'inspection', id: row.id, label: `执法检查 ${row.code} 第${it.seq}项：${it.project}`.slice(0, 300) },
          photoFileIds: a.photoFileIds?.length ? a.photoFileIds : undefined,
        });
      }
      items.push({
        inspectionId: row.id,
        itemId: it.id,
        seq: it.seq,
        category: it.category,
        point: it.point,
        result: a.result,
        note: a.note ?? '',
        photoFileIds: a.result === 'fail' ? [] : (a.photoFileIds ?? []),
        hazardId: hazard?.id ?? null,
        hazardCode: hazard?.code ?? null,
        hazardGrade: grade,
      });
    }
    await repo.insertItems(tx, items);
    const now = deps.clock.now();
    await repo.updateInspection(tx, row.id, {
      status: 'completed',
      completedAt: now,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      locationNote: input.locationNote ?? null,
      signerName: input.signerName,
      signatureFileId: sig.id,
      summary: input.summary ?? null,
      clientKey: input.clientKey,
    });
    // 现场检查记录, and a 责令限期整改指令书 when something failed.
    await issueDocumentInTx(deps, tx, ctx, { kind: 'check_record', inspection: row, data: {} });
    if (failed > 0) {
      const deadline = input.answers.map((a) => a.deadline).filter((d): d is string => !!d).sort()[0] ?? addDays(today, 30);
      await issueDocumentInTx(deps, tx, ctx, { kind: 'rectify_order', inspection: row, data: { deadline } });
    }
    await recordAudit(tx, ctx, { action: 'inspection.submit', entity: 'inspection', entityId: row.id, regionCode: row.regionCode, after: { answers: input.answers.length, failed, signer: input.signerName } });
    return failed;
  });
  return { failed };
}

export async function getInspection(deps: AppDeps, ctx: RequestContext, id: string): Promise<InspectionView> {
  const actor = actorOf(ctx);
  const row = await repo.findInspection(deps.db, actor, id);
  if (!row) throw notFound('检查');
  const [base] = await presentList(deps, [row]);
  const [version, answers, docs] = await Promise.all([getVersion(deps, ctx, row.checklistVersionId).catch(() => null), repo.itemsOf(deps.db, id), repo.documentsOf(deps.db, { inspectionId: id })]);
  const byItem = new Map(answers.map((a) => [a.itemId, a]));
  const items = (version?.items ?? []).map((it) => {
    const a = byItem.get(it.id);
    return {
      itemId: it.id,
      seq: it.seq,
      category: it.category,
      project: it.project,
      point: it.point,
      basis: it.basis,
      method: it.method,
      majorRef: it.major ? { standard: it.major.standard, item: it.major.item } : null,
      result: (a?.result as 'pass' | 'fail' | 'na' | undefined) ?? null,
      note: a?.note ?? '',
      photoFileIds: a?.photoFileIds ?? [],
      hazardId: a?.hazardId ?? null,
      hazardCode: a?.hazardCode ?? null,
      hazardGrade: a?.hazardGrade ?? null,
    };
  });
  return { ...base, items, documents: docs.map((d) => ({ id: d.id, kind: d.kind as never, number: d.number })) };
}

async function presentList(deps: AppDeps, list: repo.InspectionRow[]) {
  const dir = await unitDirectory(deps);
  const failed = await repo.failedCounts(deps.db, list.map((r) => r.id));
  const out = [];
  for (const r of list) {
    const ent = await enterpriseInScope(deps, deps.db, { scope: { kind: 'all' } } as Actor, r.enterpriseId);
    out.push({
      id: r.id,
      code: r.code,
      origin: r.origin as 'draw' | 'plan' | 'adhoc',
      drawTargetId: r.drawTargetId,
      enterpriseId: r.enterpriseId,
      enterpriseName: ent?.e.name ?? '',
      regionName: dir.regionName.get(r.regionCode) ?? r.regionCode,
      unitName: dir.unitById.get(r.unitId)?.shortName ?? '',
      unannounced: r.unannounced,
      status: r.status as 'planned' | 'in_progress' | 'completed',
      checklistVersionId: r.checklistVersionId,
      checklistName: r.checklistName,
      team: r.team.map((id, i) => ({ id, name: r.teamNames[i] ?? '' })),
      plannedOn: r.plannedOn,
      startedAt: iso(r.startedAt),
      completedAt: iso(r.completedAt),
      lat: r.lat,
      lng: r.lng,
      locationNote: r.locationNote,
      signerName: r.signerName,
      signatureFileId: r.signatureFileId,
      summary: r.summary,
      failed: failed.get(r.id) ?? 0,
    });
  }
  return out;
}

export async function listInspections(deps: AppDeps, ctx: RequestContext, q: { status?: 'planned' | 'in_progress' | 'completed'; mine?: 'true' | 'false'; page: number; pageSize: number }) {
  const { list, total } = await repo.listInspections(deps.db, actorOf(ctx), { status: q.status, mine: q.mine === 'true', page: q.page, pageSize: q.pageSize });
  return { items: await presentList(deps, list), total, page: q.page, pageSize: q.pageSize };
}

/** Who may read a signature image: whoever sees its inspection. */
export async function signatureVisible(deps: AppDeps, actor: Actor, fileId: string): Promise<boolean> {
  const r = await repo.inspectionOfSignature(deps.db, actor, fileId);
  return !!r;
}

