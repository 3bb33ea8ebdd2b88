import { sql } from 'drizzle-orm';
import { rows } from '../../db';
import { SYSTEM_CONTEXT } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { personName, prng, type Rng } from '../org';
import { addDays, isOverdue, previousQuarter, reportPeriod } from '../../../shared/hazard/dates';
import { enterpriseFigures } from './hazard.report';
import { forgetLedger } from './hazard.repo';
import { HAZARD_STANDARDS } from '../../../shared/hazard/standards';
import type { HazardStatus } from '../../../shared/hazard/workflow';
import { hazardActions, hazardExtensions, hazardPlans, hazardReportSubmissions, hazardResumptions, hazards, hazardSteps, hazardSupervisions } from './hazard.schema';

/** Findings by sector: category, place, description (what inspections of these sectors typically find). */
const FINDINGS: Record<string, [string, string, string][]> = {
  hazchem: [
    ['危化品管理', '甲类仓库', '危险化学品混存，氧化剂与还原剂未分区存放'],
    ['危化品管理', '储罐区', '储罐液位计显示失灵，未设高液位报警'],
    ['特种作业', '动火作业点', '动火作业未办理作业票，现场无监护人'],
    ['电气安全', '装卸区', '爆炸危险区域内使用非防爆电气设备'],
    ['安全管理', '中控室', '可燃气体报警装置未定期检定'],
  ],
  fire: [
    ['消防安全', '疏散通道', '安全出口被货物堵塞，疏散指示标志损坏'],
    ['消防安全', '消防控制室', '值班人员未持证上岗，火灾报警控制器故障未修复'],
    ['消防安全', '厨房', '燃气管道未设置紧急切断阀'],
    ['电气安全', '仓储区', '私拉乱接电线，电动车违规室内充电'],
  ],
  transport: [
    ['设备设施', '车辆维修车间', '车辆举升机未定期检验'],
    ['安全管理', '调度室', '驾驶员动态监控记录不全'],
    ['消防安全', '仓库', '仓库内灭火器过期未更换'],
  ],
  construction: [
    ['建筑施工', '基坑', '深基坑周边堆载超限，未设置临边防护'],
    ['建筑施工', '塔吊', '塔式起重机限位装置失效'],
    ['建筑施工', '脚手架', '脚手架连墙件缺失，剪刀撑不连续'],
    ['电气安全', '施工现场', '临时用电未采用三级配电两级保护'],
  ],
  metallurgy: [
    ['设备设施', '冲压车间', '冲压机械安全防护装置缺失'],
    ['粉尘防爆', '抛光车间', '粉尘除尘系统未采取防爆措施，积尘未及时清理'],
    ['有限空间', '污水池', '有限空间作业未进行气体检测'],
    ['特种设备', '锅炉房', '压力表超过检定有效期'],
  ],
  citygas: [
    ['燃气安全', '储配站', '液化石油气储罐压力监测装置无超限报警'],
    ['燃气安全', '钢瓶仓库', '存放超期未检气瓶'],
  ],
  commerceoil: [
    ['危化品管理', '卸油区', '卸油时未连接静电接地报警仪'],
    ['消防安全', '加油区', '加油机旁灭火毯缺失'],
  ],
};
const GENERIC: [string, string, string][] = [
  ['消防安全', '办公楼', '部分灭火器压力不足，未按月检查'],
  ['安全管理', '办公室', '安全生产责任制未覆盖全部岗位'],
  ['电气安全', '配电室', '配电箱未上锁，无警示标识'],
  ['应急管理', '厂区', '应急预案未按规定组织演练'],
  ['作业环境', '车间', '作业场所照明不足，地面湿滑'],
];

const MAJOR_STANDARD: Record<string, string> = { hazchem: 'hazchem-2017', construction: 'construction-2024', citygas: 'citygas-2023', metallurgy: 'gongmao-2023', fireworks: 'fireworks-2017', commerceoil: 'hazchem-2017' };

const STATE_MIX: [HazardStatus | 'fixed', number][] = [
  ['closed', 0.4],
  ['fixed', 0.07],
  ['rectifying', 0.2],
  ['confirmed', 0.08],
  ['reported', 0.12],
  ['pending_acceptance', 0.1],
  ['dismissed', 0.03],
];

function pickState(rng: Rng): HazardStatus | 'fixed' {
  let x = rng.next();
  for (const [s, p] of STATE_MIX) {
    if (x < p) return s;
    x -= p;
  }
  return 'closed';
}

const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

/**
 * A few hundred demo hazards over the last 14 months across the demo enterprises, in every state:
 * some overdue, a few 重大 with 治理方案 and 挂牌督办 (some already 摘牌), a stop order with its
 * resumption. Deterministic (prng of modules/org); dates are relative to the day of seeding so that
 * deadlines and overdue make sense. Inserted in batches with one audit row per hazard.
 */
export async function seedDemoHazards(deps: AppDeps, seed: number): Promise<void> {
  const rng = prng(seed + 5);
  const today = deps.clock.today();
  await deps.db.transaction(async (tx) => {
    // The demo's hazards are written here directly (not through the repo's writes).
    forgetLedger(tx);
    const ents = await rows<{ id: string; name: string; region_code: string; sector: string; credit_code: string }>(tx, sql`SELECT id, name, region_code, sector, credit_code FROM enterprises ORDER BY credit_code`);
    if (ents.length === 0) return;
    const [qiye] = await rows<{ id: string }>(tx, sql`SELECT id FROM enterprises WHERE sector = 'hazchem' AND region_code = '420112004' ORDER BY credit_code LIMIT 1`);
    const inspectorNames = ['执法检查员 刘国庆', '区安委办 王建华', '执法检查员 周明'];
    // Who confirms and accepts: the department that supervises the sector (一企一执法主体).
    const depts = new Map((await rows<{ code: string; name: string }>(tx, sql`SELECT s.code, u.short_name AS name FROM sectors s JOIN units u ON u.id = s.department_unit_id`)).map((d) => [d.code, d.name]));
    const officer = (sector: string) => `${depts.get(sector) ?? '区安委办'} ${rng.pick(['张志强', '李文斌', '周明', '吴婷', '孙立新'])}`;
    const n = 360;
    const numbers = await rows<{ n: number }>(tx, sql`SELECT nextval('hazard_code_seq') AS n FROM generate_series(1, ${n + 8})`);
    const values: (typeof hazards.$inferInsert)[] = [];
    const extra: { state: HazardStatus | 'fixed'; major: boolean; listed: boolean; stop: boolean }[] = [];
    let majors = 0;
    for (let i = 0; i < n + 8; i++) {
      // The demo enterprise user's company gets the first 8: one in every state.
      const own = i < 8 && qiye;
      const e = own ? ents.find((x) => x.id === qiye.id)! : rng.pick(ents);
      const state: HazardStatus | 'fixed' = own ? (['reported', 'confirmed', 'rectifying', 'rectifying', 'pending_acceptance', 'closed', 'fixed', 'closed'] as const)[i] : pickState(rng);
      const ageDays = rng.int(own ? 3 : 1, 420);
      const foundDay = addDays(today, -ageDays);
      const list = FINDINGS[e.sector] ?? GENERIC;
      const [category, place, description] = rng.chance(0.75) ? rng.pick(list) : rng.pick(GENERIC);
      const std = MAJOR_STANDARD[e.sector];
      const major = !!std && !own && state !== 'fixed' && state !== 'dismissed' && state !== 'reported' && majors < 14 && rng.chance(0.3);
      if (major) majors++;
      const standard = major ? HAZARD_STANDARDS.find((s) => s.id === std)! : undefined;
      const item = standard ? rng.pick(standard.items) : undefined;
      const source = rng.chance(0.5) ? 'self_check' : rng.chance(0.75) ? 'inspection' : rng.chance(0.6) ? 'public_report' : 'iot_alarm';
      const finder = source === 'self_check' ? `${e.name.slice(0, 10)} 安全员` : rng.pick(inspectorNames);
      const foundAt = at(foundDay, rng.int(8, 17));
      const confirmedDay = addDays(foundDay, rng.int(0, 3));
      // Some deadlines already passed (overdue when still open), most ahead.
      const late = rng.chance(0.15);
      const deadline = state === 'reported' || state === 'dismissed' || state === 'fixed' ? null : late ? addDays(today, -rng.int(1, 60)) : addDays(confirmedDay, rng.int(15, 90) + Math.max(0, ageDays - 60));
      const started = state === 'rectifying' || state === 'pending_acceptance' || state === 'closed';
      const closedDay = state === 'closed' ? addDays(confirmedDay, rng.int(5, Math.max(6, ageDays - 1))) : state === 'fixed' ? foundDay : null;
      const status: HazardStatus = state === 'fixed' ? 'closed' : state;
      const closedAt = closedDay ? at(closedDay > today ? today : closedDay, 10) : null;
      const funds = started ? rng.int(2, major ? 800 : 60) * 500 : null;
      values.push({
        code: `YH-${e.region_code.slice(0, 6)}-${foundDay.slice(0, 4)}-${String(numbers[i].n).padStart(6, '0')}`,
        source,
        enterpriseId: e.id,
        regionCode: e.region_code,
        sector: e.sector,
        place,
        category,
        description: major && item ? `经检查，${item.text.replace(/[。；]$/, '')}` : description,
        grade: major ? '重大' : '一般',
        standardId: standard?.id ?? null,
        standardItem: item?.item ?? null,
        status,
        foundAt,
        foundByName: finder,
        foundByUnit: source === 'self_check' ? e.name : finder.split(' ')[0],
        confirmedAt: status === 'reported' || state === 'fixed' ? null : at(confirmedDay, 15),
        confirmedByName: status === 'reported' || state === 'fixed' ? null : officer(e.sector),
        measures: started ? `针对“${description.slice(0, 16)}”制定整改方案，更换/修复相关设施并加强日常检查` : null,
        responsiblePerson: started ? personName(rng) : null,
        funds,
        deadline,
        emergencyPlan: started ? '整改期间落实专人监护，设置警示标识，配备应急器材，发生异常立即停止作业并撤离' : null,
        rectifyStartedAt: started ? at(addDays(confirmedDay, 1), 9) : null,
        rectificationNote: status === 'pending_acceptance' || state === 'closed' ? '已按整改方案完成整改，自查合格' : null,
        acceptanceRequestedAt: status === 'pending_acceptance' || state === 'closed' ? at(closedDay && closedDay <= today ? addDays(closedDay, -1) : addDays(today, -rng.int(1, 5)), 9) : null,
        closedAt: status === 'dismissed' ? at(confirmedDay, 16) : closedAt,
        closedByName: state === 'closed' ? officer(e.sector) : state === 'fixed' ? finder : null,
        acceptanceOpinion: state === 'closed' ? '经现场复查，整改到位，同意销号' : null,
        fixedOnSpot: state === 'fixed',
        fixNote: state === 'fixed' ? '现场立即整改完毕' : null,
        overdue: isOverdue(status, deadline, today),
        createdAt: foundAt,
        updatedAt: closedAt ?? foundAt,
      });
      extra.push({ state, major, listed: false, stop: false });
    }
    // 挂牌督办 for most open 重大 hazards and for a few closed ones (摘牌).
    const inserted = await tx.insert(hazards).values(values).returning({ id: hazards.id, code: hazards.code, status: hazards.status, grade: hazards.grade, regionCode: hazards.regionCode, deadline: hazards.deadline, foundAt: hazards.foundAt, closedAt: hazards.closedAt });
    const plans: (typeof hazardPlans.$inferInsert)[] = [];
    const sups: (typeof hazardSupervisions.$inferInsert)[] = [];
    const steps: (typeof hazardSteps.$inferInsert)[] = [];
    const actions: (typeof hazardActions.$inferInsert)[] = [];
    const exts: (typeof hazardExtensions.$inferInsert)[] = [];
    const resumes: (typeof hazardResumptions.$inferInsert)[] = [];
    let docNo = 1;
    let stops = 0;
    for (const [i, h] of inserted.entries()) {
      const x = extra[i];
      const v = values[i];
      const step = (s: string, from: string | null, to: string | null, when: Date | null | undefined, who: string, comment: string | null = null) =>
        steps.push({ hazardId: h.id, step: s, fromStatus: from, toStatus: to, at: when ?? v.foundAt, actorName: who, comment });
      step('register', null, 'reported', v.foundAt, v.foundByName);
      if (x.state === 'fixed') step('fix_on_spot', 'reported', 'closed', v.closedAt, v.foundByName, v.fixNote ?? null);
      if (v.confirmedAt) step('confirm', 'reported', 'confirmed', v.confirmedAt, v.confirmedByName!, `定级：${v.grade}隐患`);
      if (x.state === 'dismissed') step('dismiss', 'reported', 'dismissed', v.closedAt, v.confirmedByName ?? '区应急管理局 张志强', '经核实不构成事故隐患');
      if (v.rectifyStartedAt) {
        step('start_rectification', 'confirmed', 'rectifying', v.rectifyStartedAt, v.responsiblePerson!, `五落实：责任人 ${v.responsiblePerson}，期限 ${v.deadline}`);
        const k = rng.int(1, 3);
        for (let j = 0; j < k; j++) {
          const done = h.status !== 'rectifying' || rng.chance(0.4);
          actions.push({ hazardId: h.id, title: ['采购并更换失效设施', '组织专项培训', '完善管理制度并公示', '现场复核并留存影像'][j % 4], responsible: v.responsiblePerson, dueDate: v.deadline, done, doneAt: done ? (v.acceptanceRequestedAt ?? v.rectifyStartedAt) : null, sort: j + 1 });
        }
      }
      if (v.acceptanceRequestedAt) step('request_acceptance', 'rectifying', 'pending_acceptance', v.acceptanceRequestedAt, v.responsiblePerson ?? '企业', v.rectificationNote ?? null);
      if (x.state === 'closed') step('accept', 'pending_acceptance', 'closed', v.closedAt, v.closedByName!, v.acceptanceOpinion ?? null);
      if (h.status === 'rectifying' && v.deadline && rng.chance(0.15)) {
        exts.push({ hazardId: h.id, oldDeadline: v.deadline, newDeadline: addDays(v.deadline, 30), reason: '所需设备采购周期较长，申请延期 30 天', requestedByName: v.responsiblePerson ?? '企业', requestedAt: at(addDays(today, -2), 10) });
      }
      if (h.grade === '重大') {
        plans.push({
          hazardId: h.id,
          objectives: '消除重大事故隐患，达到《判定标准》相应条款要求',
          methods: '停用相关装置，委托有资质单位设计整改方案并组织实施',
          fundsMaterials: `落实治理资金 ${Math.round((v.funds ?? 100000) / 10000)} 万元，物资由企业采购部门保障`,
          organization: `成立以主要负责人为组长的治理领导小组，${v.responsiblePerson ?? '安全负责人'}具体负责`,
          schedule: '按挂牌督办期限完成治理，治理结束后组织评估并申请验收销号',
          safetyMeasures: '治理期间设置警戒区域，停止相关作业，配备应急物资，落实24小时值守',
          updatedByName: v.responsiblePerson ?? '企业',
          updatedAt: v.rectifyStartedAt ?? v.foundAt,
        });
        const listed = h.status !== 'closed' || rng.chance(0.6);
        if (listed) {
          const level = rng.chance(0.7) ? '区级' : '市级';
          const listed2 = addDays(v.foundAt.toISOString().slice(0, 10), 2);
          const listedDay = listed2 > today ? today : listed2;
          // The 督办 deadline comes after the listing; the hazard's own deadline follows it.
          const supDeadline = v.deadline && v.deadline > listedDay ? v.deadline : addDays(listedDay, 30);
          sups.push({
            hazardId: h.id,
            regionCode: h.regionCode,
            level,
            supervisingUnit: level === '区级' ? '东西湖区安全生产委员会办公室' : '武汉市安全生产委员会办公室',
            docNo: `${level === '区级' ? '东安督' : '武安督'}〔${v.foundAt.getFullYear()}〕${docNo++}号`,
            deadline: supDeadline,
            signedBy: level === '区级' ? '王建华' : '李明',
            signedOn: listedDay,
            requirements: '按治理方案限期完成治理，治理期间落实安全防范措施，治理结束后申请验收销号',
            status: h.status === 'closed' ? 'delisted' : 'listed',
            listedAt: at(listedDay, 10),
            delistedAt: h.status === 'closed' ? v.closedAt : null,
          });
          await tx.execute(
            sql`UPDATE hazards SET supervision = ${h.status === 'closed' ? 'delisted' : 'listed'}, deadline = ${h.status === 'closed' ? v.deadline : supDeadline},
                   overdue = ${isOverdue(h.status as HazardStatus, h.status === 'closed' ? v.deadline : supDeadline, today)} WHERE id = ${h.id}`,
          );
          step('supervise', h.status, h.status, at(listedDay, 10), '区安委办 王建华', `${level}挂牌督办`);
          if (h.status === 'closed') step('delist', 'closed', 'closed', v.closedAt, v.closedByName ?? '区安委办', '销号摘牌');
        }
        if (stops < 2 && (h.status === 'rectifying' || h.status === 'pending_acceptance')) {
          stops++;
          const resumeAsked = h.status === 'pending_acceptance';
          await tx.execute(sql`UPDATE hazards SET stop_production = '局部停产', production_state = ${resumeAsked ? '申请复产' : '停产治理'} WHERE id = ${h.id}`);
          step('order_stop', h.status, h.status, v.confirmedAt, '区应急管理局 张志强', '局部停产停业治理');
          if (resumeAsked) resumes.push({ hazardId: h.id, application: '重大事故隐患已按治理方案治理完毕，经委托评价机构评估符合安全生产条件，申请恢复生产。', assessment: '评估报告结论：治理后符合安全生产条件', appliedByName: v.responsiblePerson ?? '企业' });
        }
      }
    }
    const batch = async <T>(list: T[], fn: (part: T[]) => Promise<unknown>) => {
      for (let i = 0; i < list.length; i += 500) await fn(list.slice(i, i + 500));
    };
    await batch(plans, (p) => tx.insert(hazardPlans).values(p));
    await batch(sups, (p) => tx.insert(hazardSupervisions).values(p));
    await batch(steps, (p) => tx.insert(hazardSteps).values(p));
    await batch(actions, (p) => tx.insert(hazardActions).values(p));
    await batch(resumes, (p) => tx.insert(hazardResumptions).values(p));
    if (exts.length) {
      await batch(exts, (p) => tx.insert(hazardExtensions).values(p));
      await tx.execute(sql`UPDATE hazards SET extension_pending = true WHERE id IN (SELECT hazard_id FROM hazard_extensions WHERE status = 'pending')`);
    }
    await batch(inserted, (p) =>
      recordAudit(
        tx,
        SYSTEM_CONTEXT,
        p.map((h) => ({ action: 'hazard.seed', entity: 'hazard', entityId: h.id, regionCode: h.regionCode, after: { code: h.code, status: h.status, grade: h.grade } })),
      ),
    );
  });
}

/**
 * 16号令 Art.14 submissions of the last finished quarter for most demo enterprises with hazards in
 * it (a few late), so the 统计分析表 page shows who reported. Figures are computed from the ledger.
 */
export async function seedDemoReportSubmissions(deps: AppDeps, seed: number): Promise<void> {
  const rng = prng(seed + 11);
  const today = deps.clock.today();
  const q = previousQuarter(today);
  const period = reportPeriod(q.year, q.quarter);
  const figures = await enterpriseFigures(deps, period);
  if (!figures.length) return;
  const principals = ['张建国', '李红梅', '王志刚', '刘海燕', '陈卫东', '杨秀英', '赵国华', '周晓峰'];
  const values: (typeof hazardReportSubmissions.$inferInsert)[] = [];
  for (const f of figures) {
    if (!rng.chance(0.7)) continue;
    const late = rng.chance(0.12);
    const lastDay = late ? addDays(period.due, rng.int(1, 10)) : addDays(period.to, rng.int(1, 14));
    const day = lastDay > today ? today : lastDay;
    const principalName = rng.pick(principals);
    values.push({
      enterpriseId: f.enterpriseId,
      regionCode: f.regionCode,
      sector: f.sector,
      period: `${period.year}Q${period.quarter}`,
      due: period.due,
      principalName,
      figures: f.figures,
      submittedAt: at(day, rng.int(9, 17)),
      submittedByName: `${principalName}（主要负责人）`,
      late: day > period.due,
    });
  }
  await deps.db.transaction(async (tx) => {
    if (values.length) await tx.insert(hazardReportSubmissions).values(values).onConflictDoNothing();
    await recordAudit(tx, SYSTEM_CONTEXT, { action: 'hazard.seed_reports', entity: 'hazard_report', entityId: null, regionCode: null, after: { period: `${period.year}Q${period.quarter}`, submissions: values.length } });
  });
}

