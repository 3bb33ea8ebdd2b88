import { asc, inArray } from 'drizzle-orm';
import { SYSTEM_CONTEXT } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { enterprises, listUnits, mobile, personName, prng, type Rng } from '../org';
import { accidentGrade, finalReportDue, firstReportDeadline } from '../../../shared/emergency/accident-grade';
import { addDays, chinaDate, chinaDayStart } from '../../../shared/time';
import * as repo from './emergency.duty.repo';
import { shiftSpan } from './emergency.duty';

/**
 * Demo data of 应急值守 and 事故信息报送, dated from deps.clock: this month's 24-hour roster (08:30–08:30,
 * from the last day of last month so someone is on duty at any hour) of the office, the departments
 * with demo users and every street; a week of handovers; two years of accidents (mostly 一般, a few
 * 较大) over sectors and streets for the statistics and the year-on-year change, one still in 续报 and
 * one past its 补报 window without a 终报 (overdue), one 首报 late.
 */

const TYPES_BY_SECTOR: Record<string, string[]> = {
  hazchem: ['中毒和窒息', '火灾', '灼烫', '泄漏'],
  construction: ['高处坠落', '物体打击', '坍塌', '起重伤害', '触电'],
  specialequipment: ['起重伤害', '机械伤害'],
  citygas: ['火灾', '爆炸'],
  transport: ['车辆伤害'],
  industrialpark: ['机械伤害', '物体打击', '触电'],
  fire: ['火灾'],
};
const CAUSES: Record<string, string> = {
  高处坠落: '作业人员未系挂安全带，临边防护缺失',
  物体打击: '交叉作业未设置隔离防护',
  坍塌: '基坑开挖未按方案放坡支护',
  起重伤害: '吊索具磨损未及时报废，指挥信号不清',
  触电: '临时用电未执行“一机一闸一漏”',
  机械伤害: '设备防护罩缺失，检修未停机上锁',
  中毒和窒息: '受限空间作业未检测、未通风即进入',
  火灾: '电气线路老化短路引燃可燃物',
  灼烫: '高温物料管道泄漏，未穿戴防护用品',
  泄漏: '阀门密封失效导致物料泄漏',
  爆炸: '燃气管道泄漏遇明火',
  车辆伤害: '厂内车辆倒车未设专人指挥',
};

export async function seedDemoDutyAndAccidents(deps: AppDeps, randomSeed: number): Promise<void> {
  const rng = prng(randomSeed + 1313);
  const now = deps.clock.now();
  const today = deps.clock.today();
  const units = await listUnits(deps.db);
  const office = units.find((u) => u.code === 'office');
  if (!office) return;
  const depts = units.filter((u) => ['dept.emergency', 'dept.housing', 'dept.fire', 'dept.market'].includes(u.code));
  const streets = units.filter((u) => u.kind === 'street' || u.kind === 'park');
  const dutyUnits = [office, ...depts, ...streets];
  const ents = await deps.db
    .select({ id: enterprises.id, name: enterprises.name, regionCode: enterprises.regionCode, sector: enterprises.sector, address: enterprises.address })
    .from(enterprises)
    .where(inArray(enterprises.sector, Object.keys(TYPES_BY_SECTOR)))
    .orderBy(asc(enterprises.creditCode))
    .limit(400);

  await deps.db.transaction(async (tx) => {
    // ---------- roster: from the last day of last month to the end of this month ----------
    const monthStart = `${today.slice(0, 7)}-01`;
    const days: string[] = [];
    for (let d = addDays(monthStart, -1); d === addDays(monthStart, -1) || d.startsWith(today.slice(0, 7)); d = addDays(d, 1)) days.push(d);
    const shifts: repo.ShiftInsert[] = [];
    for (const u of dutyUnits) {
      // a weekly rotation of leaders and officers per unit, as a clerk would enter it
      const leaders = Array.from({ length: 3 }, () => [personName(rng), mobile(rng)] as const);
      const officers = Array.from({ length: 4 }, () => [personName(rng), mobile(rng)] as const);
      days.forEach((date, i) => {
        const [leaderName, leaderPhone] = leaders[i % leaders.length];
        const [officerName, officerPhone] = officers[i % officers.length];
        shifts.push({
          unitId: u.id,
          unitName: u.shortName,
          unitKind: u.kind,
          regionCode: u.regionCode,
          dutyDate: date,
          ...shiftSpan(date, '08:30', '08:30'),
          leaderName,
          leaderPhoneEnc: deps.cipher.encrypt(leaderPhone),
          officerName,
          officerPhoneEnc: deps.cipher.encrypt(officerPhone),
          note: u.id === office.id && i % 7 === 5 ? '周末加强值守，保持 24 小时通讯畅通' : null,
          createdAt: now,
          updatedAt: now,
        });
      });
    }
    const inserted = await repo.insertShifts(tx, shifts);

    // ---------- handovers of the last week (office and two streets) ----------
    const handovers = [];
    for (const u of [office, ...streets.slice(0, 2)]) {
      for (let k = 6; k >= 1; k--) {
        const date = addDays(today, -k);
        const from = inserted.find((s) => s.unitId === u.id && s.dutyDate === addDays(date, -1));
        const to = inserted.find((s) => s.unitId === u.id && s.dutyDate === date);
        if (!from || !to) continue;
        handovers.push({
          unitId: u.id,
          unitName: u.shortName,
          regionCode: u.regionCode,
          at: shiftSpan(date, '08:30', '08:30').startsAt,
          fromName: from.officerName,
          toName: to.officerName,
          notes: pick(rng, ['值班期间无突发事件，通讯畅通。', '接市应急局防汛预警通知一份，已转发各街道。', '夜间接群众来电反映某工地夜间施工噪声，已转城管部门。', '值班期间接收事故信息一起（一般事故），已按程序报送。', '抽查各街道值班在岗情况，均在岗。']),
          pending: k % 3 === 0 ? '明日上午 9 时前汇总各街道汛期隐患排查情况' : null,
          recordedByName: from.officerName,
          createdAt: now,
        });
      }
    }
    await repo.insertHandovers(tx, handovers);

    // ---------- accidents: this year and last (for 同比) ----------
    if (ents.length) {
      const accidents: repo.AccidentInsert[] = [];
      const start = addDays(today, -720);
      for (let d = start; d <= today; d = addDays(d, 12 + Math.floor(rng.next() * 14))) {
        const e = ents[Math.floor(rng.next() * ents.length)];
        const types = TYPES_BY_SECTOR[e.sector] ?? ['其他'];
        const type = types[Math.floor(rng.next() * types.length)];
        const serious = rng.next() < 0.08; // a few 较大
        const deaths = serious ? 3 + Math.floor(rng.next() * 2) : rng.next() < 0.5 ? 1 : 0;
        const c = { deaths, missing: 0, seriousInjuries: serious ? Math.floor(rng.next() * 4) : Math.floor(rng.next() * 3), minorInjuries: Math.floor(rng.next() * 4), directLossWan: Math.round((serious ? 300 + rng.next() * 900 : 5 + rng.next() * 180) * 100) / 100 };
        if (c.deaths + c.seriousInjuries + c.minorInjuries === 0) c.minorInjuries = 1;
        const occurredAt = new Date(chinaDayStart(d).getTime() + (8 + Math.floor(rng.next() * 10)) * 3600_000 + Math.floor(rng.next() * 60) * 60_000);
        if (occurredAt > now) continue;
        const reportedAt = new Date(occurredAt.getTime() + (20 + Math.floor(rng.next() * 35)) * 60_000);
        const closedAt = new Date(occurredAt.getTime() + 20 * 86_400_000);
        accidents.push(accidentRow(e, type, c, occurredAt, reportedAt, closedAt < now ? closedAt : null));
      }
      // one in 续报 (three days ago, a death after the 首报), one overdue (no 终报 40 days on), one 首报 late
      const e0 = ents.find((e) => e.sector === 'construction') ?? ents[0];
      const e1 = ents.find((e) => e.sector === 'hazchem') ?? ents[0];
      const openAt = new Date(chinaDayStart(addDays(today, -3)).getTime() + 10 * 3600_000);
      accidents.push(accidentRow(e0, '坍塌', { deaths: 1, missing: 0, seriousInjuries: 2, minorInjuries: 1, directLossWan: 126.5 }, openAt, new Date(openAt.getTime() + 40 * 60_000), null));
      const overdueAt = new Date(chinaDayStart(addDays(today, -40)).getTime() + 15 * 3600_000);
      accidents.push(accidentRow(e1, '中毒和窒息', { deaths: 1, missing: 0, seriousInjuries: 1, minorInjuries: 0, directLossWan: 210 }, overdueAt, new Date(overdueAt.getTime() + 50 * 60_000), null));
      const lateAt = new Date(chinaDayStart(addDays(today, -9)).getTime() + 21 * 3600_000);
      accidents.push(accidentRow(ents[ents.length - 1], '机械伤害', { deaths: 0, missing: 0, seriousInjuries: 1, minorInjuries: 0, directLossWan: 18 }, lateAt, new Date(lateAt.getTime() + 3 * 3600_000), null));
      const rowsIn = await repo.insertAccidents(tx, accidents);
      const reports: Parameters<typeof repo.insertAccidentReports>[1] = [];
      for (const a of rowsIn) {
        const c = { deaths: a.deaths, missing: a.missing, seriousInjuries: a.seriousInjuries, minorInjuries: a.minorInjuries, directLossWan: a.directLossWan };
        const first = a.id === rowsIn[rowsIn.length - 3].id ? { ...c, deaths: 0, seriousInjuries: 3 } : c;
        reports.push({ accidentId: a.id, kind: 'first', at: a.firstReportedAt, actorName: '企业安全负责人', actorUnit: a.enterpriseName, content: a.summary, ...first, grade: accidentGrade(first) });
        if (a.reportCount >= 2) reports.push({ accidentId: a.id, kind: 'follow', at: new Date(a.firstReportedAt.getTime() + 5 * 3600_000), actorName: '街道安全办值班员', actorUnit: '属地街道', content: a.id === rowsIn[rowsIn.length - 3].id ? '1 名重伤人员经抢救无效死亡；现场已封闭，正在核查施工方案。' : '伤员已送医救治，现场已清理，正在调查原因。', ...c, grade: a.grade });
        if (a.status === 'closed') reports.push({ accidentId: a.id, kind: 'final', at: a.closedAt!, actorName: '区应急管理局', actorUnit: '区应急管理局', content: `伤亡人数已确定（30日内无变化）。原因：${a.cause ?? '调查中'}。`, ...c, grade: a.grade });
      }
      await repo.insertAccidentReports(tx, reports);
    }
    await recordAudit(tx, SYSTEM_CONTEXT, { action: 'emergency.duty.seed', entity: 'emergency_duty_shift', entityId: null, regionCode: office.regionCode, after: { shifts: inserted.length, handovers: handovers.length } });
  });

  function accidentRow(e: (typeof ents)[number], type: string, c: { deaths: number; missing: number; seriousInjuries: number; minorInjuries: number; directLossWan: number }, occurredAt: Date, reportedAt: Date, closedAt: Date | null): repo.AccidentInsert {
    const final = closedAt !== null;
    const reportCount = final ? 3 : chinaDate(occurredAt) < addDays(today, -1) ? 2 : 1;
    return {
      regionCode: e.regionCode,
      sector: e.sector,
      enterpriseId: e.id,
      enterpriseName: e.name,
      type,
      occurredAt,
      knownAt: null,
      place: e.address || `${e.name}厂区`,
      summary: `${e.name}发生一起${type}事故，${c.deaths ? `造成 ${c.deaths} 人死亡` : '未造成人员死亡'}${c.seriousInjuries ? `、${c.seriousInjuries} 人重伤` : ''}${c.minorInjuries ? `、${c.minorInjuries} 人轻伤` : ''}。`,
      cause: CAUSES[type] ?? '原因调查中',
      measures: '已停止相关作业，伤员送医，现场警戒',
      ...c,
      grade: accidentGrade(c),
      status: final ? 'closed' : 'open',
      reporterUnitId: e.id,
      reporterUnitName: e.name,
      firstReportedAt: reportedAt,
      deadlineAt: firstReportDeadline(occurredAt),
      finalDueAt: finalReportDue(occurredAt, type),
      closedAt,
      lastReportAt: closedAt ?? (reportCount >= 2 ? new Date(reportedAt.getTime() + 5 * 3600_000) : reportedAt),
      reportCount,
      createdAt: reportedAt,
      updatedAt: closedAt ?? reportedAt,
    };
  }
}

function pick<T>(rng: Rng, list: T[]): T {
  return list[Math.floor(rng.next() * list.length)];
}
