import { createHash } from 'node:crypto';
import { docxLib } from '../../platform/docx';
import type { AppDeps } from '../../platform/deps';
import { files } from '../../platform/platform.schema';
import { listUnits, personName, prng } from '../org';
import { nextRevisionDate } from '../../../shared/emergency/plans';
import { addDays, addMonths, chinaDayStart } from '../../../shared/time';
import * as resRepo from './emergency.repo';
import * as repo from './emergency.plans.repo';
import { DOCX_MIME } from '../../../shared/contracts/endpoint';
import { PLAN_FILE_PURPOSE } from './emergency.plans';

/**
 * Demo 预案 and 演练, dated from deps.clock: plans of the office, departments and streets in every state
 * (filed and valid, due within 90 days, overdue, 需修订 after a drill, pending review, returned with
 * comments, draft), each with a small real .docx; drills evaluated, with improvement items, and planned.
 */

/** A small real Word document of a plan (the text the search reads). */
export async function planDocx(title: string, owner: string, sections: [string, string][]): Promise<Buffer> {
  const D = await docxLib();
  const doc = new D.Document({
    creator: owner,
    title,
    sections: [
      {
        children: [
          new D.Paragraph({ heading: D.HeadingLevel.TITLE, children: [new D.TextRun({ text: title, font: '方正小标宋简体' })] }),
          new D.Paragraph({ children: [new D.TextRun({ text: `编制单位：${owner}`, font: '仿宋_GB2312' })] }),
          ...sections.flatMap(([h, body]) => [
            new D.Paragraph({ heading: D.HeadingLevel.HEADING_1, children: [new D.TextRun({ text: h, font: '黑体' })] }),
            new D.Paragraph({ children: [new D.TextRun({ text: body, font: '仿宋_GB2312' })] }),
          ]),
        ],
      },
    ],
  });
  return Buffer.from(await D.Packer.toBuffer(doc));
}

const SECTIONS = (what: string): [string, string][] => [
  ['一、总则', `为规范${what}应急处置工作，依据《中华人民共和国安全生产法》《生产安全事故应急条例》《生产安全事故应急预案管理办法》，结合本地实际，制定本预案。`],
  ['二、组织机构及职责', '成立应急指挥部，总指挥由主要负责人担任，下设综合协调组、抢险救援组、医疗救护组、治安警戒组、后勤保障组和专家组。'],
  ['三、预警与信息报告', '事故发生后，现场人员立即报告；单位负责人接到报告后 1 小时内向区应急管理局和有关部门报告，不得迟报、漏报、谎报、瞒报。'],
  ['四、应急响应', `按照${what}的可能后果分为一级、二级、三级响应。发生泄漏、火灾时，立即疏散警戒区内人员，切断泄漏源，调集救援队伍和应急物资，必要时请求区级支援。`],
  ['五、保障措施', '落实应急救援队伍、应急物资储备、通信与信息保障和经费保障，定期组织演练，每三年至少评估修订一次。'],
];

export async function seedDemoPlansAndDrills(deps: AppDeps, randomSeed: number): Promise<void> {
  const rng = prng(randomSeed + 1313);
  const units = await listUnits(deps.db);
  const byCode = (code: string) => units.find((u) => u.code === code);
  const office = byCode('office');
  if (!office) return;
  const street = (code: string) => byCode(`street.${code}`);
  const now = deps.clock.now();
  const today = deps.clock.today();
  const at = (date: string, hour = 10) => new Date(chinaDayStart(date).getTime() + hour * 3600_000);
  type Spec = { unit: (typeof units)[number] | undefined; title: string; level: string; type: string; eventType: string; state: 'filed' | 'submitted' | 'returned' | 'draft'; filedDaysAgo?: number; needsRevision?: string; comment?: string };
  const specs: Spec[] = [
    { unit: office, title: '东西湖区生产安全事故综合应急预案', level: '区级', type: '综合应急预案', eventType: '生产安全事故', state: 'filed', filedDaysAgo: 3 * 365 - 50 },
    { unit: byCode('dept.emergency'), title: '东西湖区危险化学品事故专项应急预案', level: '部门', type: '专项应急预案', eventType: '危化品泄漏', state: 'filed', filedDaysAgo: 3 * 365 + 25 },
    { unit: byCode('dept.housing'), title: '东西湖区建筑施工生产安全事故专项应急预案', level: '部门', type: '专项应急预案', eventType: '坍塌', state: 'filed', filedDaysAgo: 300 },
    { unit: byCode('dept.fire'), title: '东西湖区高层建筑火灾事故专项应急预案', level: '部门', type: '专项应急预案', eventType: '火灾', state: 'filed', filedDaysAgo: 3 * 365 - 20 },
    { unit: street('420112004'), title: '将军路街道生产安全事故应急预案', level: '街道', type: '综合应急预案', eventType: '生产安全事故', state: 'filed', filedDaysAgo: 400 },
    { unit: street('420112004'), title: '将军路街道危险化学品泄漏现场处置方案', level: '街道', type: '现场处置方案', eventType: '危化品泄漏', state: 'submitted' },
    { unit: street('420112001'), title: '吴家山街道防汛及地质灾害专项应急预案', level: '街道', type: '专项应急预案', eventType: '地质灾害', state: 'returned', comment: '未明确转移安置点和物资储备清单；应急联络表与一网登记不一致，请补充完善后重新报备。' },
    { unit: street('420112015'), title: '金银湖街道人员密集场所火灾事故专项应急预案', level: '街道', type: '专项应急预案', eventType: '火灾', state: 'filed', filedDaysAgo: 700, needsRevision: '演练“金银湖商圈火灾疏散桌面推演”评估发现预案存在问题：疏散路线与商场现状不符，夜间值守力量不足。' },
    { unit: street('420112006'), title: '走马岭街道有限空间作业事故现场处置方案', level: '街道', type: '现场处置方案', eventType: '中毒窒息', state: 'draft' },
    { unit: street('420112007'), title: '径河街道生产安全事故应急预案', level: '街道', type: '综合应急预案', eventType: '生产安全事故', state: 'filed', filedDaysAgo: 3 * 365 + 80 },
  ];
  const teams = (await resRepo.listResources(deps.db, 'teams', { prefix: '', terms: [], extra: [], orderBy: [], limit: 3, offset: 0 })).rows;
  const experts = (await resRepo.listResources(deps.db, 'experts', { prefix: '', terms: [], extra: [], orderBy: [], limit: 2, offset: 0 })).rows;
  const links = [...teams.map((t) => ({ kind: 'teams', id: t.id, label: String(t.name) })), ...experts.map((e) => ({ kind: 'experts', id: e.id, label: String(e.name) }))];
  const docs = await Promise.all(specs.map((s) => planDocx(s.title, s.unit?.shortName ?? '', SECTIONS(s.eventType))));
  const textOf = (s: Spec) => SECTIONS(s.eventType).map(([h, b]) => `${h}\n${b}`).join('\n');
  const planIds = new Map<string, string>();

  await deps.db.transaction(async (tx) => {
    const fileRows = await tx
      .insert(files)
      .values(specs.map((s, i) => ({ name: `${s.title}.docx`, mime: DOCX_MIME, size: docs[i].length, sha256: createHash('sha256').update(docs[i]).digest('hex'), data: docs[i], regionCode: s.unit?.regionCode ?? office.regionCode, purpose: PLAN_FILE_PURPOSE })))
      .returning({ id: files.id });
    let filingSeq = 0;
    const present = specs.map((s, i) => ({ s, i })).filter((x) => x.s.unit);
    const plans = await repo.insertPlans(
      tx,
      present.map(({ s, i }) => {
        const u = s.unit!;
        const kind = u.kind === 'committee' ? 'office' : u.kind;
        const filedOn = s.filedDaysAgo !== undefined ? addDays(today, -s.filedDaysAgo) : null;
        const filingNo = filedOn ? `${office.regionCode.slice(0, 6)}-YA-${filedOn.slice(0, 4)}-${String(++filingSeq).padStart(4, '0')}` : null;
        return {
          ownerId: u.id,
          ownerKind: kind,
          ownerName: u.shortName,
          regionCode: u.regionCode,
          reviewerUnitId: office.id,
          reviewerName: office.shortName,
          title: s.title,
          level: s.level,
          type: s.type,
          eventType: s.eventType,
          summary: `${u.shortName}${s.eventType}应急处置的组织指挥、响应程序和保障措施。`,
          status: s.state,
          currentVersion: 1,
          filingNo,
          filedOn,
          nextRevisionOn: filedOn ? nextRevisionDate(filedOn) : null,
          needsRevision: !!s.needsRevision,
          revisionReason: s.needsRevision ?? null,
          links: i % 2 === 0 ? links : links.slice(0, 2),
          createdAt: new Date(now.getTime() - ((s.filedDaysAgo ?? 10) + 15) * 86_400_000),
          updatedAt: new Date(now.getTime() - Math.min(s.filedDaysAgo ?? 3, 30) * 86_400_000),
        };
      }),
    );
    const reviewer = `${office.shortName} ${personName(rng)}`;
    await repo.insertVersions(
      tx,
      present.map(({ s, i }, k) => {
        const filedOn = s.filedDaysAgo !== undefined ? addDays(today, -s.filedDaysAgo) : null;
        const uploaded = filedOn ? at(addDays(filedOn, -7)) : new Date(now.getTime() - 5 * 86_400_000);
        const submitted = s.state === 'draft' ? null : filedOn ? at(addDays(filedOn, -5)) : new Date(now.getTime() - 3 * 86_400_000);
        return {
          planId: plans[k].id,
          version: 1,
          fileId: fileRows[i].id,
          fileName: `${s.title}.docx`,
          fileMime: DOCX_MIME,
          fileSize: docs[i].length,
          text: textOf(s),
          uploadedAt: uploaded,
          uploadedByName: personName(rng),
          submittedAt: submitted,
          decision: s.state === 'filed' ? 'accepted' : s.state === 'returned' ? 'returned' : null,
          decidedAt: filedOn ? at(filedOn, 15) : s.state === 'returned' ? new Date(now.getTime() - 2 * 86_400_000) : null,
          reviewerName: s.state === 'filed' || s.state === 'returned' ? reviewer : null,
          comment: s.comment ?? (s.state === 'filed' ? '内容完整，予以备案。' : null),
        };
      }),
    );
    for (const [k, { s }] of present.entries()) planIds.set(s.title, plans[k].id);
    // Filed plans of the units are in the unified search.
    await resRepo.upsertSearchDocs(
      tx,
      plans
        .filter((p) => p.status === 'filed')
        .map((p) => {
          const s = specs.find((x) => x.title === p.title)!;
          const body = [p.ownerName, p.level, p.type, p.eventType, p.summary, textOf(s)].join('\n');
          return { kind: 'plans' as const, refId: p.id, regionCode: p.regionCode, title: p.title, body };
        }),
      now,
    );

    // ---------- drills ----------
    const emergencyDept = byCode('dept.emergency');
    const jjl = street('420112004');
    const jyh = street('420112015');
    const drills = [];
    if (emergencyDept) {
      const on = addMonths(today, -2);
      const start = at(on, 9);
      drills.push({
        ownerId: emergencyDept.id,
        ownerKind: 'department',
        ownerName: emergencyDept.shortName,
        regionCode: emergencyDept.regionCode,
        title: '危险化学品储罐泄漏事故综合应急演练',
        type: '实兵演练',
        scenario: '某化工企业液氯储罐法兰垫片老化导致液氯泄漏，现场 2 人轻微中毒，需启动危险化学品事故专项应急预案，开展侦检、堵漏、洗消、疏散和医疗救护。',
        planId: planIds.get('东西湖区危险化学品事故专项应急预案') ?? null,
        planTitle: '东西湖区危险化学品事故专项应急预案',
        plannedOn: on,
        location: '东西湖区走马岭化工园区',
        participants: [jjl, byCode('dept.fire'), street('420112006')].filter(Boolean).map((u) => ({ id: u!.id, name: u!.shortName })),
        participantIds: [jjl, byCode('dept.fire'), street('420112006')].filter(Boolean).map((u) => u!.id),
        status: 'evaluated',
        startedAt: start,
        endedAt: new Date(start.getTime() + 150 * 60_000),
        timeline: [
          [0, '演练开始，企业中控室发现液氯泄漏报警，启动厂内现场处置方案'],
          [8, '企业向区应急管理局报告，区危险化学品事故专项应急预案启动二级响应'],
          [25, '消防救援大队到达现场，划定警戒区，下风向 500 米范围人员疏散'],
          [70, '堵漏完成，开展洗消和环境监测'],
          [150, '演练结束，现场讲评'],
        ].map(([m, text]) => ({ at: new Date(start.getTime() + Number(m) * 60_000).toISOString(), text: String(text), byName: personName(rng) })),
        photos: [],
        evaluation: { rating: '良好', summary: '响应迅速，各组配合较好；信息报告环节用时偏长，周边企业疏散通知不到位。', planNeedsRevision: false, evaluatedAt: at(addDays(on, 3), 16).toISOString(), evaluatorName: personName(rng) },
        improvements: [
          { no: 1, text: '企业液氯储罐区有毒气体报警仪未与应急广播联动，须加装联动装置', responsible: '企业安全环保部', hazardId: null, hazardCode: null },
          { no: 2, text: '园区周边企业疏散通知依赖电话逐一通知，须建立短信群发机制', responsible: '走马岭街道', hazardId: null, hazardCode: null },
        ],
        createdAt: at(addDays(on, -20)),
        updatedAt: at(addDays(on, 3), 16),
      });
    }
    if (jyh) {
      const on = addDays(today, -40);
      const start = at(on, 14);
      drills.push({
        ownerId: jyh.id,
        ownerKind: 'street',
        ownerName: jyh.shortName,
        regionCode: jyh.regionCode,
        title: '金银湖商圈火灾疏散桌面推演',
        type: '桌面推演',
        scenario: '周末晚高峰，金银湖某商场三层餐饮区厨房起火，烟气沿自动扶梯蔓延，商场内约 3000 人需疏散。',
        planId: planIds.get('金银湖街道人员密集场所火灾事故专项应急预案') ?? null,
        planTitle: '金银湖街道人员密集场所火灾事故专项应急预案',
        plannedOn: on,
        location: '金银湖街道办事处三楼会议室',
        participants: [jyh, byCode('dept.fire')].filter(Boolean).map((u) => ({ id: u!.id, name: u!.shortName })),
        participantIds: [jyh, byCode('dept.fire')].filter(Boolean).map((u) => u!.id),
        status: 'evaluated',
        startedAt: start,
        endedAt: new Date(start.getTime() + 90 * 60_000),
        timeline: [
          [0, '推演开始，导调组发布火情'],
          [20, '街道应急办通报消防救援站，启动人员密集场所火灾专项预案'],
          [60, '推演疏散路线，发现预案中的 2 号疏散通道已改为商铺'],
          [90, '推演结束'],
        ].map(([m, text]) => ({ at: new Date(start.getTime() + Number(m) * 60_000).toISOString(), text: String(text), byName: personName(rng) })),
        photos: [],
        evaluation: { rating: '合格', summary: '疏散路线与商场现状不符，夜间值守力量不足，预案须修订。', planNeedsRevision: true, evaluatedAt: at(addDays(on, 2), 10).toISOString(), evaluatorName: personName(rng) },
        improvements: [{ no: 1, text: '商场 2 号疏散通道被商铺占用，须恢复并设置疏散指示标志', responsible: '商场物业', hazardId: null, hazardCode: null }],
        createdAt: at(addDays(on, -14)),
        updatedAt: at(addDays(on, 2), 10),
      });
    }
    if (jjl) {
      drills.push({
        ownerId: jjl.id,
        ownerKind: 'street',
        ownerName: jjl.shortName,
        regionCode: jjl.regionCode,
        title: '将军路街道危化品运输车辆泄漏实兵演练',
        type: '实兵演练',
        scenario: '一辆运输甲醇的槽罐车在将军路与金山大道交叉口追尾，罐体阀门泄漏，需封控道路、疏散群众、堵漏转运。',
        planId: planIds.get('将军路街道生产安全事故应急预案') ?? null,
        planTitle: '将军路街道生产安全事故应急预案',
        plannedOn: addDays(today, 12),
        location: '将军路与金山大道交叉口',
        participants: [jjl, emergencyDept].filter(Boolean).map((u) => ({ id: u!.id, name: u!.shortName })),
        participantIds: [jjl, emergencyDept].filter(Boolean).map((u) => u!.id),
        status: 'planned',
        timeline: [],
        photos: [],
        improvements: [],
        createdAt: new Date(now.getTime() - 3 * 86_400_000),
        updatedAt: new Date(now.getTime() - 3 * 86_400_000),
      });
    }
    if (drills.length) await repo.insertDrills(tx, drills);
  });
}
