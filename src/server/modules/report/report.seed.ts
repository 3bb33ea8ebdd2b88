import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SYSTEM_CONTEXT } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { randomToken } from '../../platform/crypto';
import type { AppDeps } from '../../platform/deps';
import { findUserByUsername } from '../../platform/users.repo';
import { mobile, personName, prng } from '../org';
import { REPORT_CATEGORIES } from '../../../shared/report/categories';
import { rewardAmount } from '../../../shared/report/reward';
import { STREET_CENTRES } from '../../../shared/report/place';
import { addWorkingDays, overridesOf, REPORT_SLA } from '../../../shared/report/workdays';
import { addDays, chinaDate, chinaDayStart, chinaYear } from '../../../shared/time';
import * as repo from './report.repo';
import { apiKeyHash } from './report.admin';
import { stripJpegMetadata } from '../../platform/image-metadata';
import { newTrackingCode, routeReport, trackingHash } from './report.service';
import { projectPath } from '../../paths';

/**
 * Demo 12350 reports dated back from the domain clock (every status, overdue ones, duplicates, a
 * hazard-bound one, rewards at each stage), the public holiday table, and a partner key.
 */

/** 法定节假日与调休 (国务院办公厅通知; 2027 as announced). The office maintains the table. */
const HOLIDAYS: [string, string, boolean][] = [
  ['2026-01-01', '元旦', false], ['2026-01-02', '元旦', false], ['2026-01-03', '元旦', false], ['2026-01-04', '元旦调休上班', true],
  ['2026-02-14', '春节调休上班', true], ['2026-02-15', '春节', false], ['2026-02-16', '春节', false], ['2026-02-17', '春节', false], ['2026-02-18', '春节', false], ['2026-02-19', '春节', false], ['2026-02-20', '春节', false], ['2026-02-21', '春节', false], ['2026-02-22', '春节', false], ['2026-02-23', '春节', false], ['2026-02-28', '春节调休上班', true],
  ['2026-04-04', '清明节', false], ['2026-04-05', '清明节', false], ['2026-04-06', '清明节', false],
  ['2026-05-01', '劳动节', false], ['2026-05-02', '劳动节', false], ['2026-05-03', '劳动节', false], ['2026-05-04', '劳动节', false], ['2026-05-05', '劳动节', false], ['2026-05-09', '劳动节调休上班', true],
  ['2026-06-19', '端午节', false], ['2026-06-20', '端午节', false], ['2026-06-21', '端午节', false],
  ['2026-09-25', '中秋节', false], ['2026-09-26', '中秋节', false], ['2026-09-27', '中秋节', false],
  ['2026-10-01', '国庆节', false], ['2026-10-02', '国庆节', false], ['2026-10-03', '国庆节', false], ['2026-10-04', '国庆节', false], ['2026-10-05', '国庆节', false], ['2026-10-06', '国庆节', false], ['2026-10-07', '国庆节', false], ['2026-10-10', '国庆节调休上班', true],
  ['2027-01-01', '元旦', false],
];

const SAMPLES: Record<string, { text: string; place: string }[]> = {
  fire: [
    { text: '商场三楼安全出口被货物堵死，消防通道常年上锁，发生火灾无法疏散。', place: '吴家山街道 七雄路 88 号商场' },
    { text: '小区地下车库有人私拉电线给电动车充电，夜间无人看管，存在火灾隐患。', place: '将军路街道 金山大道 218 号小区地下车库' },
    { text: '工业园一家仓库内灭火器全部过期，消防栓没有水。', place: '径河街道 径河物流园 3 号仓库' },
  ],
  hazchem: [
    { text: '路边一个铁皮房内堆放大量油漆、稀释剂等危险化学品，旁边就是居民楼。', place: '慈惠街道 慈惠农场 二分场路口' },
    { text: '有人用面包车非法运输和销售液化石油气钢瓶，没有任何资质。', place: '走马岭街道 走马岭汽车城附近' },
  ],
  citygas: [{ text: '餐馆后厨多个液化气瓶露天存放，还有一个漏气的瓶子，闻到很重的气味。', place: '金银湖街道 金银湖路 56 号餐馆' }],
  construction: [
    { text: '工地深基坑边堆了很多钢筋，基坑周围没有护栏，晚上也没有照明。', place: '将军路街道 将军路 160 号在建项目' },
    { text: '塔吊在大风天气还在吊装作业，工人没有系安全带。', place: '常青花园新区 常青花园十二小区旁工地' },
  ],
  specialequipment: [{ text: '厂里的叉车司机没有证，叉车刹车也不灵，已经发生过几次险情。', place: '新沟镇街道 新沟工业园 某食品厂' }],
  industry: [{ text: '车间打磨铝件的粉尘很多，除尘器坏了一个月没修，工人说可能会爆炸。', place: '柏泉街道 柏泉工业园 机械加工厂' }],
  fireworks: [{ text: '小卖部后面储存大量烟花爆竹，没有经营许可证。', place: '东山街道 东山农场 小卖部' }],
  transport: [{ text: '危险品运输车辆经常在居民区停放过夜，罐体还有残液气味。', place: '长青街道 长青路 停车场' }],
  housing: [{ text: '临街商铺擅自拆除承重墙扩大门面，楼上住户墙体开裂。', place: '吴家山街道 东吴大道 商铺' }],
  hazwaste: [{ text: '有人在河边偷偷倾倒桶装的废机油和化工废液。', place: '辛安渡街道 汉江边 堤下' }],
  elderlycare: [{ text: '养老院房间里使用大功率电暖器，电线老化，晚上只有一个值班人员。', place: '慈惠街道 某养老院' }],
  other: [{ text: '这家小作坊没有营业执照，长期安排工人超时作业，设备无任何防护。', place: '东西湖区 某工业园区内小作坊' }],
};

const HANDLERS: Record<string, string> = { 应急局: 'yingjiju', 应急管理局: 'yingjiju', 住建局: 'zhujianju' };

export async function seedDemoReports(deps: AppDeps, randomSeed: number): Promise<void> {
  const rng = prng(randomSeed + 1235);
  const now = deps.clock.now();
  const today = chinaDate(now);
  // A real photo (the test fixture with GPS), stored as the form would: without its metadata.
  let photo: Buffer | undefined;
  try {
    photo = stripJpegMetadata(readFileSync(projectPath('src', 'server', 'modules', 'report', 'fixtures', 'gps.jpg')));
  } catch {
    photo = undefined;
  }
  await deps.db.transaction(async (tx) => {
    for (const [date, name, workday] of HOLIDAYS) await repo.upsertHoliday(tx, { date, name, workday });
    const currentYear = chinaYear(now);
    // Holidays of later years the table does not hold yet: at least 元旦, so the demo shows one.
    for (let y = 2027; y <= currentYear + 1; y++) await repo.upsertHoliday(tx, { date: `${y}-01-01`, name: '元旦', workday: false });
    const overrides = overridesOf(await repo.listHolidays(tx));
    const users = {
      anweiban: await findUserByUsername(tx, 'anweiban'),
      yingjiju: await findUserByUsername(tx, 'yingjiju'),
      zhujianju: await findUserByUsername(tx, 'zhujianju'),
      jiangjunlu: await findUserByUsername(tx, 'jiangjunlu'),
    };
    const all = Object.entries(SAMPLES).flatMap(([cat, list]) => list.map((s) => ({ cat, ...s })));
    const total = 36;
    let approverNeeded = 0;
    for (let i = 0; i < total; i++) {
      const s = all[i % all.length];
      // Spread over the last ~120 days; the newest few are still waiting.
      const ageDays = i < 4 ? i : Math.min(120, Math.round(4 + (i - 4) * 3.6 + rng.int(0, 3)));
      const submittedAt = new Date(chinaDayStart(addDays(today, -ageDays)).getTime() + (8 + rng.int(0, 10)) * 3600_000 + rng.int(0, 59) * 60_000);
      if (submittedAt > now) submittedAt.setTime(now.getTime() - (i + 1) * 3600_000);
      const street = Object.keys(STREET_CENTRES)[rng.int(0, Object.keys(STREET_CENTRES).length - 1)];
      const [clng, clat] = STREET_CENTRES[street];
      const withPoint = rng.chance(0.6);
      const route = await routeReport(tx, s.cat, { address: s.place, lat: withPoint ? clat : null, lng: withPoint ? clng : null });
      const day = chinaDate(submittedAt);
      const ackDueOn = addWorkingDays(day, REPORT_SLA.acknowledgeWorkingDays, overrides);
      const replyDueOn = addWorkingDays(day, REPORT_SLA.replyWorkingDays, overrides);
      const named = rng.chance(0.4);
      const no = await repo.nextCaseNumber(tx);
      // Status by age: fresh ones wait, older ones move along; a few stay overdue.
      const stage = ageDays <= 1 ? 0 : ageDays <= 6 ? (i % 3 === 0 ? 0 : 1) : ageDays <= 25 ? (i % 4 === 0 ? 1 : 2) : i % 7 === 0 ? 1 : 3;
      const handlerKey = route.regionCode === '420112004' && i % 2 === 0 ? 'jiangjunlu' : (HANDLERS[route.departmentName] ?? 'anweiban');
      const handler = users[handlerKey as keyof typeof users] ?? users.anweiban;
      const ackAt = stage >= 1 ? new Date(submittedAt.getTime() + (i % 5 === 0 ? 50 : 3 + rng.int(0, 20)) * 3600_000) : null;
      const verifiedAt = stage >= 2 ? new Date(submittedAt.getTime() + (4 + rng.int(0, 8)) * 86_400_000) : null;
      const closedAt = stage >= 3 ? new Date(submittedAt.getTime() + (8 + rng.int(0, 12)) * 86_400_000) : null;
      const result = stage >= 2 ? (['属实', '属实', '属实', '不属实', '不属于受理范围'] as const)[i % 5] : null;
      const finding = result === '属实' ? (['重大事故隐患', '一般事故隐患', '安全生产违法行为'] as const)[i % 3] : null;
      const caseNo = `JB-${chinaYear(submittedAt)}-${String(no).padStart(6, '0')}`;
      const row = await repo.insertReport(tx, {
        caseNo,
        trackingHash: trackingHash(newTrackingCode()),
        channel: i % 9 === 4 ? 'open311' : 'web',
        category: s.cat,
        ...route,
        description: s.text,
        address: s.place,
        lat: withPoint ? Math.round((clat + (rng.next() - 0.5) * 0.01) * 1e6) / 1e6 : null,
        lng: withPoint ? Math.round((clng + (rng.next() - 0.5) * 0.01) * 1e6) / 1e6 : null,
        enterpriseName: '',
        anonymous: !named,
        reporterNameEnc: named ? deps.cipher.encrypt(personName(rng)) : null,
        reporterPhoneEnc: named ? deps.cipher.encrypt(mobile(rng)) : null,
        status: (['submitted', 'accepted', 'verified', 'closed'] as const)[stage],
        submittedAt,
        ackDueOn,
        replyDueOn,
        acknowledgedAt: ackAt,
        handlerUserId: stage >= 1 ? (handler?.id ?? null) : null,
        handlerName: stage >= 1 ? (handler?.displayName ?? null) : null,
        verifiedAt,
        verifyResult: result,
        finding,
        verifyNote: result ? (result === '属实' ? '经现场核查，举报情况属实，已责令整改。' : result === '不属实' ? '经现场核查，未发现举报所述情况。' : '举报事项不属于安全生产监管范围，已告知向有关部门反映。') : null,
        closedAt,
        updatedAt: closedAt ?? verifiedAt ?? ackAt ?? submittedAt,
      });
      if (photo && i % 3 === 0) await repo.insertPhotos(tx, [{ reportId: row.id, mime: 'image/jpeg', size: photo.length, sha256: createHash('sha256').update(photo).digest('hex'), data: photo, createdAt: submittedAt }]);
      const ev = (at: Date, kind: string, text: string, isPublic = false) => repo.insertEvent(tx, { reportId: row.id, at, kind, isPublic, text, actorName: isPublic ? '' : (handler?.displayName ?? ''), unitName: route.departmentName });
      await repo.insertEvent(tx, { reportId: row.id, at: submittedAt, kind: 'submitted', isPublic: false, text: `收到举报，分办至${route.departmentName}（属地：${route.streetName}）`, actorName: '系统', unitName: '' });
      if (ackAt) await ev(ackAt, 'reply', `您的举报已于 ${chinaDate(ackAt)} 受理，承办单位：${route.departmentName}。我们将在规定期限内核查并答复。`, true);
      if (verifiedAt) await ev(verifiedAt, 'verified', `核查结论：${result}${finding ? `（${finding}）` : ''}`);
      if (closedAt) await ev(closedAt, 'reply', result === '属实' ? '经核查，您反映的问题属实，已责令相关单位立即整改并依法处理，感谢您的监督。' : '经核查，未发现您反映的问题，感谢您的监督。', true);
      // Rewards for verified 重大事故隐患 / 违法行为 among the closed ones.
      if (stage === 3 && (finding === '重大事故隐患' || finding === '安全生产违法行为') && handler && users.anweiban) {
        const fine = [20_000, 50_000, 100_000, 300_000][approverNeeded % 4];
        const status = (['proposed', 'approved', 'paid', 'paid'] as const)[approverNeeded % 4];
        approverNeeded++;
        const proposedAt = new Date(closedAt!.getTime() + 86_400_000);
        const decided = status !== 'proposed';
        const decidedAt = decided ? new Date(proposedAt.getTime() + 2 * 86_400_000) : null;
        const paidOn = status === 'paid' ? chinaDate(new Date(Math.min(now.getTime(), proposedAt.getTime() + 7 * 86_400_000))) : null;
        await repo.upsertReward(tx, {
          reportId: row.id,
          basis: finding,
          fineAmount: fine,
          penaltyDocNo: `东应急罚〔${chinaYear(proposedAt)}〕${10 + approverNeeded}号`,
          amount: rewardAmount(fine),
          status,
          exclusionChecked: true,
          proposedBy: handler.id,
          proposedByName: handler.displayName,
          proposedAt,
          proposalNote: '举报人为最先举报人，经核查不属于监管部门工作人员及其近亲属。',
        });
        if (decided) {
          const w = await repo.rewardOf(tx, row.id);
          await repo.updateReward(tx, w!.id, {
            decidedBy: users.anweiban.id,
            decidedByName: users.anweiban.displayName,
            decidedAt,
            decisionNote: '同意按奖励办法第十一条给予奖励。',
            ...(paidOn ? { paidOn, voucherNo: `JL-${paidOn.replace(/-/g, '')}-${approverNeeded}`, payMethod: '银行转账', paidByName: users.anweiban.displayName } : {}),
          });
        }
      }
      // A second report of the same place a day later: a possible duplicate for the officer to see.
      if (i === 2 && withPoint) {
        const dupAt = new Date(submittedAt.getTime() + 5 * 3600_000);
        if (dupAt < now) {
          const no2 = await repo.nextCaseNumber(tx);
          await repo.insertReport(tx, {
            caseNo: `JB-${chinaYear(dupAt)}-${String(no2).padStart(6, '0')}`,
            trackingHash: trackingHash(newTrackingCode()),
            channel: 'web',
            category: s.cat,
            ...route,
            description: `${s.text}（又一人反映）`,
            address: s.place,
            lat: row.lat,
            lng: row.lng,
            anonymous: true,
            status: 'submitted',
            submittedAt: dupAt,
            ackDueOn: addWorkingDays(chinaDate(dupAt), 1, overrides),
            replyDueOn: addWorkingDays(chinaDate(dupAt), 15, overrides),
            possibleDuplicateIds: [row.id],
            updatedAt: dupAt,
          });
        }
      }
    }
    const anweiban = users.anweiban;
    await repo.insertApiKey(tx, { name: '武汉市 12345 热线平台（示例）', keyHash: apiKeyHash(`o311_${randomToken(24)}`), prefix: 'o311_demo', createdAt: new Date(now.getTime() - 30 * 86_400_000), createdByName: anweiban?.displayName ?? '区安委办' });
    await recordAudit(tx, SYSTEM_CONTEXT, { action: 'report.seed', entity: 'report', entityId: null, actorLabel: 'seed', after: { reports: total, categories: REPORT_CATEGORIES.length } });
  });
}
