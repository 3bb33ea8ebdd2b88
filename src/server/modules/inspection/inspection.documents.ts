import type { Tx } from '../../db';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { notFound } from '../../platform/errors';
import { findEnterprise, findUnit } from '../org';
import { DOCUMENT_LABELS, DOCUMENT_NUMBER_PATTERNS, formatDocumentNumber, type DocumentKind } from '../../../shared/inspection/rules';
import { chinaYear, formatDateChinese, formatDateTime } from '../../../shared/time';
import { actorOf, ALL_SCOPE } from './inspection.common';
import { renderEnforcementDocx, type EnforcementDocData } from './inspection.docx';
import * as repo from './inspection.repo';

/**
 * Enforcement documents: numbered per kind and year (one atomic counter, unique under concurrent
 * issuers), content frozen at issue time (what was issued is what is printed again), rendered as .docx.
 */

type Issue =
  | { kind: DocumentKind; inspection: repo.InspectionRow; case?: undefined; data: { deadline?: string } }
  | { kind: DocumentKind; case: repo.CaseRow; inspection?: undefined; data: { note?: string; violation?: string; basis?: string; article?: string } };

export async function issueDocumentInTx(deps: AppDeps, tx: Tx, ctx: RequestContext, issue: Issue): Promise<{ id: string; number: string }> {
  const actor = actorOf(ctx);
  const now = deps.clock.now();
  const year = chinaYear(now);
  const seq = await repo.nextDocumentSeq(tx, issue.kind, year);
  const number = formatDocumentNumber(DOCUMENT_NUMBER_PATTERNS[issue.kind], year, seq);
  const rec = issue.inspection ?? issue.case!;
  const ent = await findEnterprise(tx, ALL_SCOPE, rec.enterpriseId);
  if (!ent) throw notFound('企业');
  const unit = await findUnit(tx, rec.unitId);
  const authority = unit?.name ?? '东西湖区应急管理局';
  const today = deps.clock.today();
  const base = { authority, number, issuedOn: today, enterpriseName: ent.e.name, address: ent.e.address, legalRep: ent.e.legalRepName };
  let data: EnforcementDocData;
  if (issue.inspection) {
    const i = issue.inspection;
    const items = await repo.itemsOf(tx, i.id);
    const failed = items.filter((x) => x.result === 'fail');
    const fields: [string, string][] = [
      ['检查场所', i.locationNote ?? ent.e.address],
      ['检查时间', `${formatDateTime(i.startedAt ?? now)} 至 ${formatDateTime(now)}`],
      ['检查人员', i.teamNames.join('、')],
      ['检查方式', i.unannounced ? '四不两直（不发通知、不打招呼、不听汇报、不用陪同接待，直奔基层、直插现场）' : '现场检查'],
      ['检查依据', i.checklistName],
    ];
    if (issue.kind === 'check_record') {
      data = {
        ...base,
        fields,
        body: [`检查共 ${items.length} 项：合格 ${items.filter((x) => x.result === 'pass').length} 项，不合格 ${failed.length} 项，不涉及 ${items.filter((x) => x.result === 'na').length} 项。`, failed.length ? '检查发现以下问题：' : '检查未发现问题。'],
        list: failed.map((x) => `${x.point}（${x.note}）${x.hazardCode ? `——已登记隐患 ${x.hazardCode}${x.hazardGrade === '重大' ? '（重大事故隐患）' : ''}` : ''}`),
        signatures: [`检查人员（签名）：${i.teamNames.join('、')}`, `被检查单位现场负责人（签名）：${i.signerName ?? ''}（已在现场手写签名）`],
      };
    } else {
      data = {
        ...base,
        fields: fields.slice(0, 3),
        body: ['经查，你单位存在下列问题：'],
        list: failed.map((x) => `${x.point}（${x.note}）`),
        closing: [
          `依据《中华人民共和国安全生产法》第六十五条的规定，现责令你单位于 ${formatDateChinese(issue.data.deadline!)} 前整改完毕，达到有关法律法规规章和标准规定的要求。`,
          '整改期间，你单位应当采取措施，确保安全生产。对安全不能得到保障的，应当从危险区域内撤出作业人员。',
          '如果不服本指令，可以依法在六十日内向东西湖区人民政府申请行政复议，或者在六个月内依法向人民法院提起行政诉讼，但本指令不停止执行，法律另有规定的除外。',
        ],
        signatures: [`执法人员（签名）：${i.teamNames.join('、')}`, `被检查单位负责人（签名）：${i.signerName ?? ''}`],
      };
    }
  } else {
    const c = issue.case!;
    const fine = c.fineAmount ?? 0;
    const viol = issue.data.violation ?? c.summary;
    const bodies: Record<string, string[]> = {
      filing_approval: [`案件来源：${c.source === 'inspection' ? '执法检查' : c.source === 'report' ? '举报' : c.source === 'referral' ? '移送' : '其他'}${c.sourceRef ? `（${c.sourceRef}）` : ''}。`, `案情摘要：${c.summary}`, `承办人意见：建议立案调查。承办人：${c.handlerName}。`],
      rectify_order: [`经查，你单位存在下列问题：${c.summary}`, '现责令你单位限期整改完毕，达到有关法律法规规章和标准规定的要求。'],
      penalty_notice: [
        `经查，你单位${viol}，违反了《中华人民共和国安全生产法》${issue.data.article ?? ''}的规定。`,
        `依据《中华人民共和国安全生产法》${issue.data.basis ?? ''}的规定，本机关拟对你单位作出罚款人民币 ${fine.toLocaleString('zh-CN')} 元的行政处罚。`,
        '依据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你单位有权进行陈述和申辩；符合听证条件的，可在收到本告知书之日起五日内提出听证申请。逾期视为放弃上述权利。',
      ],
      penalty_decision: [
        `经查，你单位${viol}。以上事实有现场检查记录、询问笔录、照片等证据为证。`,
        `你单位的上述行为违反了《中华人民共和国安全生产法》${issue.data.article ?? ''}的规定，依据《中华人民共和国安全生产法》${issue.data.basis ?? ''}的规定，决定给予罚款人民币 ${fine.toLocaleString('zh-CN')} 元的行政处罚。`,
        `${c.major ? `本决定为重大执法决定，已经法制审核（审核人：${c.reviewerName ?? ''}）。` : ''}罚款限于收到本决定书之日起十五日内缴至指定银行。逾期不缴纳的，每日按罚款数额的百分之三加处罚款。`,
        '如果不服本决定，可以依法在六十日内向东西湖区人民政府申请行政复议，或者在六个月内依法向人民法院提起行政诉讼，但本决定不停止执行，法律另有规定的除外。',
      ],
      review_opinion: [`你单位关于“${c.summary}”的整改情况，经复查：${issue.data.note ?? '已按要求整改完毕'}。`],
    };
    data = { ...base, fields: [['案件编号', c.code]], body: bodies[issue.kind] ?? [c.summary], signatures: [`执法人员（签名）：${c.handlerName}`] };
  }
  const doc = await repo.insertDocument(tx, {
    kind: issue.kind,
    year,
    seq,
    number,
    caseId: issue.case?.id ?? null,
    inspectionId: issue.inspection?.id ?? null,
    enterpriseId: rec.enterpriseId,
    regionCode: rec.regionCode,
    sector: rec.sector,
    data,
    issuedByName: actor.displayName,
    issuedAt: now,
  });
  await recordAudit(tx, ctx, { action: 'inspection.document_issue', entity: 'enforcement_document', entityId: doc.id, regionCode: rec.regionCode, after: { kind: issue.kind, number } });
  return { id: doc.id, number };
}

export async function documentFile(deps: AppDeps, ctx: RequestContext, id: string): Promise<{ body: Buffer; fileName: string }> {
  const actor = actorOf(ctx);
  const d = await repo.findDocument(deps.db, actor.scope, id);
  if (!d) throw notFound('文书');
  // An inspection's documents follow its visibility (四不两直).
  if (d.inspectionId && !(await repo.findInspection(deps.db, actor, d.inspectionId))) throw notFound('文书');
  const kind = d.kind as DocumentKind;
  return { body: await renderEnforcementDocx(kind, d.data as EnforcementDocData), fileName: `${DOCUMENT_LABELS[kind]}-${d.number}.docx` };
}

/** The 现场检查记录 of an inspection (issued at submission). */
export async function inspectionRecord(deps: AppDeps, ctx: RequestContext, inspectionId: string) {
  const actor = actorOf(ctx);
  const i = await repo.findInspection(deps.db, actor, inspectionId);
  if (!i) throw notFound('检查');
  const doc = (await repo.documentsOf(deps.db, { inspectionId })).find((d) => d.kind === 'check_record');
  if (!doc) throw notFound('现场检查记录（检查提交后生成）');
  return documentFile(deps, ctx, doc.id);
}
