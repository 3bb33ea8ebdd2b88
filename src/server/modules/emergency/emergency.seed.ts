import { SYSTEM_CONTEXT } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { listUnits, mobile, personName, prng } from '../org';
import { SEVEN_HAS, sevenHasScore } from '../../../shared/emergency/catalog';
import { addDays, chinaDayStart, chinaYear } from '../../../shared/time';
import * as repo from './emergency.repo';
import { insertResourcesInTx } from './emergency.resources';

/**
 * Demo data for every page of the emergency module, dated relative to deps.clock: district and
 * street rescue teams, material depots (one below its minimum stock, one near expiry, one expired)
 * with a movement history, experts, the main laws and standards, typical cases since 2000, the
 * liaison network (a few not confirmed for over 90 days) and 七有 self-assessments.
 */

const REGULATIONS = [
  {
    title: '中华人民共和国安全生产法',
    kind: '法律',
    level: '国家',
    issuer: '全国人民代表大会常务委员会',
    docNumber: '主席令第八十八号（2021年修正）',
    issuedOn: '2021-06-10',
    effectiveOn: '2021-09-01',
    fullText: '第八十一条 生产经营单位应当制定本单位生产安全事故应急救援预案，与所在地县级以上地方人民政府组织制定的生产安全事故应急救援预案相衔接，并定期组织演练。第八十二条 危险物品的生产、经营、储存单位……应当建立应急救援组织；生产经营规模较小的，可以不建立应急救援组织，但应当指定兼职的应急救援人员。',
  },
  {
    title: '中华人民共和国突发事件应对法',
    kind: '法律',
    level: '国家',
    issuer: '全国人民代表大会常务委员会',
    docNumber: '主席令第二十五号（2024年修订）',
    issuedOn: '2024-06-28',
    effectiveOn: '2024-11-01',
    fullText: '国家建立健全突发事件应急预案体系。应急预案应当根据本法和其他有关法律、法规的规定，针对突发事件的性质、特点和可能造成的社会危害，具体规定突发事件应对管理工作的组织指挥体系与职责和突发事件的预防与预警机制、处置程序、应急保障措施以及事后恢复与重建措施等内容。',
  },
  {
    title: '生产安全事故应急条例',
    kind: '行政法规',
    level: '国家',
    issuer: '国务院',
    docNumber: '国务院令第708号',
    issuedOn: '2019-02-17',
    effectiveOn: '2019-04-01',
    fullText: '第五条 县级以上人民政府及其负有安全生产监督管理职责的部门和乡、镇人民政府以及街道办事处等地方人民政府派出机关，应当针对可能发生的生产安全事故的特点和危害，进行风险辨识和评估，制定相应的生产安全事故应急救援预案，并依法向社会公布。第八条 县级以上地方人民政府以及县级以上人民政府负有安全生产监督管理职责的部门，乡、镇人民政府以及街道办事处等地方人民政府派出机关，应当至少每2年组织1次生产安全事故应急救援预案演练。',
  },
  {
    title: '生产安全事故报告和调查处理条例',
    kind: '行政法规',
    level: '国家',
    issuer: '国务院',
    docNumber: '国务院令第493号',
    issuedOn: '2007-04-09',
    effectiveOn: '2007-06-01',
    fullText: '第三条 根据生产安全事故造成的人员伤亡或者直接经济损失，事故一般分为以下等级：特别重大事故，是指造成30人以上死亡，或者100人以上重伤，或者1亿元以上直接经济损失的事故；重大事故……较大事故……一般事故。第九条 事故发生后，事故现场有关人员应当立即向本单位负责人报告；单位负责人接到报告后，应当于1小时内向事故发生地县级以上人民政府安全生产监督管理部门和负有安全生产监督管理职责的有关部门报告。',
  },
  {
    title: '生产安全事故应急预案管理办法',
    kind: '部门规章',
    level: '国家',
    issuer: '应急管理部',
    docNumber: '应急管理部令第2号',
    issuedOn: '2019-07-11',
    effectiveOn: '2019-09-01',
    fullText: '应急预案分为综合应急预案、专项应急预案和现场处置方案。应急预案编制单位应当建立应急预案定期评估制度……每三年进行一次应急预案评估。',
  },
  {
    title: '危险化学品重大危险源辨识',
    kind: '国家标准',
    level: '国家',
    issuer: '国家市场监督管理总局 国家标准化管理委员会',
    docNumber: 'GB 18218-2018',
    issuedOn: '2018-11-19',
    effectiveOn: '2019-03-01',
    fullText: '本标准规定了辨识危险化学品重大危险源的依据和方法。氯 临界量 5 t；氨 临界量 10 t；液化石油气 临界量 50 t。毒性气体校正系数：氯 4，氨 2，硫化氢 5。',
  },
  {
    title: '生产经营单位生产安全事故应急预案编制导则',
    kind: '国家标准',
    level: '国家',
    issuer: '国家市场监督管理总局 国家标准化管理委员会',
    docNumber: 'GB/T 29639-2020',
    issuedOn: '2020-09-29',
    effectiveOn: '2021-04-01',
    fullText: '规定了生产经营单位生产安全事故应急预案的编制程序、体系构成和综合应急预案、专项应急预案、现场处置方案的主要内容以及附件信息。',
  },
  {
    title: '氯气安全规程',
    kind: '国家标准',
    level: '国家',
    issuer: '国家市场监督管理总局 国家标准化管理委员会',
    docNumber: 'GB 11984-2024',
    issuedOn: '2024-03-15',
    effectiveOn: '2025-04-01',
    fullText: '液氯储存、充装、使用单位应配备氯气泄漏检测报警装置、事故氯吸收（中和）处理装置和应急堵漏器材，泄漏时应立即启动事故氯吸收装置，人员佩戴正压式空气呼吸器进入现场堵漏。',
  },
  {
    title: '湖北省安全生产条例',
    kind: '地方性法规',
    level: '省',
    issuer: '湖北省人民代表大会常务委员会',
    docNumber: null,
    issuedOn: '2017-09-29',
    effectiveOn: '2018-01-01',
    fullText: '县级以上人民政府应当建立健全应急救援体系，加强应急救援队伍和应急物资储备建设。',
  },
  {
    title: '生产安全事故应急处置评估暂行办法',
    kind: '规范性文件',
    level: '国家',
    issuer: '国家安全生产监督管理总局',
    docNumber: '安监总厅应急〔2014〕95号',
    issuedOn: '2014-09-03',
    effectiveOn: '2014-09-03',
    status: '废止',
    fullText: '事故调查组应当对事故单位和地方政府的应急处置工作进行评估。',
  },
] as const;

const CASES = [
  {
    title: '重庆天原化工总厂“4·16”氯气泄漏爆炸事故',
    occurredOn: '2004-04-16',
    place: '重庆市江北区',
    sectorName: '危险化学品',
    accidentType: '泄漏',
    deaths: 9,
    injuries: 3,
    directLoss: null,
    cause: '氯冷凝器列管腐蚀穿孔，盐水进入液氯系统，三氯化氮富集后在处置过程中发生爆炸，造成液氯泄漏。',
    measures: '紧急疏散周边群众约15万人，消防车水幕稀释氯气，碱液中和，排空液氯储罐。',
    process: '4月15日晚发现氯气泄漏，16日凌晨至17时先后发生爆炸，储罐内液氯在专家指导下逐步处置完毕。',
    lessons: '大范围疏散及时，避免了更大伤亡。',
    problems: '对三氯化氮爆炸危险认识不足，处置方案风险评估不够。',
    suggestions: '液氯企业须配备事故氯吸收装置，处置前开展专家会商。',
    expertOpinion: '液氯泄漏处置应先控制现场、后稳妥排险，严禁在不明情况下贸然排污。',
  },
  {
    title: '吉林石化公司双苯厂“11·13”爆炸事故',
    occurredOn: '2005-11-13',
    place: '吉林省吉林市',
    sectorName: '危险化学品',
    accidentType: '爆炸',
    deaths: 8,
    injuries: 60,
    directLoss: 6908,
    cause: '硝基苯精制塔进料操作失误，引起塔内物料过热分解，发生爆炸。',
    measures: '扑灭火灾，疏散群众，对松花江水体污染开展监测与处置。',
    process: '爆炸后引发松花江重大水污染事件，下游城市停水。',
    problems: '事故污水未有效收集，导致次生环境事件。',
    suggestions: '化工园区应建设事故应急池，完善“单元—厂区—园区”三级防控。',
    expertOpinion: '应急处置须统筹考虑次生环境污染。',
  },
  {
    title: '青岛“11·22”中石化东黄输油管道泄漏爆炸特别重大事故',
    occurredOn: '2013-11-22',
    place: '山东省青岛市黄岛区',
    sectorName: '油气长输管线',
    accidentType: '爆炸',
    deaths: 62,
    injuries: 136,
    directLoss: 75172,
    cause: '输油管道与排水暗渠交汇处管道腐蚀减薄破裂，原油泄漏进入暗渠，油气积聚，抢修作业产生撞击火花引发爆炸。',
    measures: '封堵管道、排查暗渠油气，划定警戒区疏散群众。',
    process: '泄漏后约8小时在抢修过程中发生爆炸。',
    problems: '泄漏后未及时疏散群众、未设置警戒区，风险辨识不到位。',
    suggestions: '油气管道泄漏须立即评估、警戒、疏散，禁止在油气积聚区域动火或使用非防爆设备。',
    expertOpinion: '管道与市政设施交叉处须纳入重大风险管控。',
  },
  {
    title: '天津港“8·12”瑞海公司危险品仓库特别重大火灾爆炸事故',
    occurredOn: '2015-08-12',
    place: '天津市滨海新区',
    sectorName: '危险化学品',
    accidentType: '火灾',
    deaths: 165,
    injuries: 798,
    directLoss: 686600,
    cause: '集装箱内硝化棉湿润剂散失，局部干燥，在高温天气下积热自燃，引起相邻硝酸铵等危险化学品爆炸。',
    measures: '组织消防、危化品处置、医疗救治、环境监测与群众安置。',
    process: '起火后约30分钟发生两次剧烈爆炸。',
    problems: '危险品储存严重违规，应急处置时对现场危险品种类和数量掌握不清。',
    suggestions: '建立危险化学品储存信息实时共享，救援力量到场前须掌握物料清单。',
    expertOpinion: '危化品火灾须先侦检、后处置，严禁盲目射水。',
  },
  {
    title: '江苏响水天嘉宜化工有限公司“3·21”特别重大爆炸事故',
    occurredOn: '2019-03-21',
    place: '江苏省盐城市响水县',
    sectorName: '危险化学品',
    accidentType: '爆炸',
    deaths: 78,
    injuries: 76,
    directLoss: 198635,
    cause: '旧固废库内长期违法贮存的硝化废料持续积热升温导致自燃，燃烧引发爆炸。',
    measures: '搜救被困人员，扑灭明火，开展环境监测和污水截流。',
    problems: '企业长期违法贮存危险废物，园区应急能力薄弱。',
    suggestions: '开展危险废物专项整治，园区建立专业化工救援队伍。',
    expertOpinion: '危险废物贮存场所应纳入重点监管与应急预案。',
  },
  {
    title: '浙江温岭“6·13”液化石油气运输槽罐车重大爆炸事故',
    occurredOn: '2020-06-13',
    place: '浙江省台州市温岭市',
    sectorName: '综合交通',
    accidentType: '爆炸',
    deaths: 20,
    injuries: 175,
    directLoss: 9477,
    cause: '槽罐车超速行驶、在匝道弯道处侧翻，罐体撞击护栏破裂，液化石油气泄漏后遇火源爆炸。',
    measures: '封闭道路，疏散周边群众，救治伤员。',
    problems: '危险货物运输企业安全管理缺失，驾驶员对危险识别不足。',
    suggestions: '加强危险货物道路运输动态监控，泄漏后第一时间警戒疏散。',
    expertOpinion: '液化气泄漏的初期处置以警戒、疏散、消除火源为先。',
  },
] as const;

export async function seedDemoEmergency(deps: AppDeps, randomSeed: number): Promise<void> {
  const rng = prng(randomSeed + 1301);
  const now = deps.clock.now();
  const today = deps.clock.today();
  const units = await listUnits(deps.db);
  const byCode = (code: string) => units.find((u) => u.code === code);
  const emergencyDept = byCode('dept.emergency');
  const fireDept = byCode('dept.fire');
  const office = byCode('office');
  const streets = units.filter((u) => u.kind === 'street');
  if (!emergencyDept || !office || !streets.length) return;
  const owner = (u: { id: string; shortName: string; regionCode: string }) => ({ regionCode: u.regionCode, ownerUnitId: u.id, ownerUnitName: u.shortName });
  const jjl = streets.find((s) => s.regionCode === '420112004') ?? streets[0];
  const wjs = streets.find((s) => s.regionCode === '420112001') ?? streets[0];

  await deps.db.transaction(async (tx) => {
    // ---------- teams ----------
    const teams = [
      { u: emergencyDept, name: '东西湖区危险化学品应急救援队', unitName: '区应急管理局', kind: '专业救援队', specialty: '危化品泄漏处置、堵漏、洗消、液氯泄漏应急', size: 32, equipment: '堵漏工具 4 套、重型防化服 20 套、洗消帐篷 1 顶、有毒气体检测仪 6 台', baseAddress: '吴家山街道东吴大道 88 号', lng: 114.137, lat: 30.624, readiness: '待命' },
      { u: fireDept ?? emergencyDept, name: '东西湖区消防救援大队吴家山消防站', unitName: '区消防救援大队', kind: '专职消防队', specialty: '火灾扑救、抢险救援、高层建筑救援', size: 45, equipment: '水罐消防车 3 辆、举高喷射消防车 1 辆、抢险救援车 1 辆', baseAddress: '吴家山街道田园大道 12 号', lng: 114.145, lat: 30.631, readiness: '执勤' },
      { u: fireDept ?? emergencyDept, name: '金银湖水域救援分队', unitName: '区消防救援大队', kind: '专职消防队', specialty: '水域救援、防汛抢险', size: 18, equipment: '冲锋舟 4 艘、救生衣 60 件', baseAddress: '金银湖街道金银湖路 6 号', lng: 114.203, lat: 30.654, readiness: '待命' },
      { u: jjl, name: '将军路街道应急救援队', unitName: '将军路街道办事处', kind: '兼职救援队', specialty: '人员疏散、先期处置、防汛', size: 25, equipment: '抽水泵 4 台、沙袋 2000 条', baseAddress: '将军路街道办事处院内', lng: 114.231, lat: 30.645, readiness: '待命' },
      { u: wjs, name: '吴家山街道应急救援队', unitName: '吴家山街道办事处', kind: '兼职救援队', specialty: '人员疏散、先期处置', size: 20, equipment: '照明灯组 2 套、发电机 1 台', baseAddress: '吴家山街道办事处', lng: 114.14, lat: 30.62, readiness: '休整' },
      { u: emergencyDept, name: '某化工企业专职应急救援队', unitName: '武汉某化工有限公司', kind: '企业专职队', specialty: '液氯储罐泄漏处置、事故氯吸收装置操作', size: 12, equipment: '氯气捕消器 2 台、正压式空气呼吸器 12 套', baseAddress: '走马岭化工园区', lng: 114.05, lat: 30.66, readiness: '待命' },
      { u: emergencyDept, name: '东西湖区蓝天救援志愿队', unitName: '区应急管理局（指导）', kind: '志愿者队伍', specialty: '山地搜救、水域救援、应急宣传', size: 60, equipment: '救援绳索 10 套、无人机 2 架', baseAddress: '常青花园新区', lng: 114.2, lat: 30.63, readiness: '待命' },
    ];
    for (const t of teams) {
      const { u, ...input } = t;
      await insertResourcesInTx(deps, tx, SYSTEM_CONTEXT, 'teams', [{ ...input, contactName: personName(rng), contactPhone: mobile(rng) }], owner(u));
    }

    // ---------- materials ----------
    const depot = '区应急物资储备库（吴家山）';
    const materials = [
      { u: emergencyDept, name: '正压式空气呼吸器', category: '防护用品', spec: 'RHZKF6.8/30', unitOfMeasure: '套', quantity: 30, minQuantity: 10, depot, expiryDate: addDays(today, 700) },
      { u: emergencyDept, name: '重型防化服', category: '防护用品', spec: '全封闭气密型', unitOfMeasure: '套', quantity: 8, minQuantity: 10, depot, expiryDate: addDays(today, 45) },
      { u: emergencyDept, name: '氯气捕消器', category: '污染清理', spec: '碱液喷淋', unitOfMeasure: '台', quantity: 2, minQuantity: 1, depot, expiryDate: null },
      { u: emergencyDept, name: '堵漏工具', category: '器材工具', spec: '注入式带压堵漏', unitOfMeasure: '套', quantity: 6, minQuantity: 2, depot, expiryDate: null },
      { u: emergencyDept, name: '液碱（氢氧化钠溶液）', category: '污染清理', spec: '30%', unitOfMeasure: '吨', quantity: 5, minQuantity: 2, depot: '走马岭化工园区应急物资点', expiryDate: null },
      { u: emergencyDept, name: '应急照明灯组', category: '照明设备', spec: '移动式 4×1000W', unitOfMeasure: '套', quantity: 4, minQuantity: 2, depot, expiryDate: null },
      { u: emergencyDept, name: '柴油发电机', category: '动力燃料', spec: '50kW', unitOfMeasure: '台', quantity: 2, minQuantity: 1, depot, expiryDate: null },
      { u: emergencyDept, name: '救援帐篷', category: '临时食宿', spec: '12 m²', unitOfMeasure: '顶', quantity: 40, minQuantity: 20, depot, expiryDate: null },
      { u: emergencyDept, name: '瓶装饮用水', category: '临时食宿', spec: '550 mL×24', unitOfMeasure: '箱', quantity: 120, minQuantity: 50, depot, expiryDate: addDays(today, -12) },
      { u: emergencyDept, name: '医用急救箱', category: '生命支持', spec: '标准型', unitOfMeasure: '个', quantity: 25, minQuantity: 10, depot, expiryDate: addDays(today, 300) },
      { u: jjl, name: '防汛沙袋', category: '工程材料', spec: '编织袋', unitOfMeasure: '条', quantity: 2000, minQuantity: 1000, depot: '将军路街道防汛物资仓库', expiryDate: null },
      { u: jjl, name: '抽水泵', category: '工程设备', spec: '潜水泵 15kW', unitOfMeasure: '台', quantity: 4, minQuantity: 2, depot: '将军路街道防汛物资仓库', expiryDate: null },
      { u: jjl, name: '救生衣', category: '生命救助', spec: '成人型', unitOfMeasure: '件', quantity: 80, minQuantity: 50, depot: '将军路街道防汛物资仓库', expiryDate: addDays(today, 60) },
      { u: wjs, name: '正压式空气呼吸器', category: '防护用品', spec: 'RHZKF6.8/30', unitOfMeasure: '套', quantity: 4, minQuantity: 2, depot: '吴家山街道应急物资点', expiryDate: addDays(today, 500) },
      { u: wjs, name: '对讲机', category: '通讯广播', spec: '防爆型', unitOfMeasure: '台', quantity: 12, minQuantity: 6, depot: '吴家山街道应急物资点', expiryDate: null },
    ];
    const createdMaterials = [];
    for (const m of materials) {
      const { u, ...input } = m;
      const [row] = await insertResourcesInTx(deps, tx, SYSTEM_CONTEXT, 'materials', [{ ...input, ownerName: u.shortName, contactName: personName(rng), contactPhone: mobile(rng), lng: 114.13 + rng.int(0, 100) / 1000, lat: 30.62 + rng.int(0, 50) / 1000 }], owner(u));
      createdMaterials.push(row);
    }
    // A movement history over the past weeks (出库 for a drill, 入库 replenishment, 报废).
    const history: [number, number, 'in' | 'out' | 'write_off', number, string][] = [
      [0, 3, 'out', 4, '危化品泄漏处置演练领用'],
      [0, 2, 'in', 4, '演练后归还'],
      [1, 20, 'write_off', 2, '气密性检测不合格报废'],
      [8, 15, 'out', 30, '高温慰问发放'],
      [10, 9, 'in', 500, '汛前补充'],
      [12, 5, 'out', 10, '防汛演练领用'],
    ];
    for (const [idx, daysAgo, kind, qty, note] of history) {
      const m = createdMaterials[idx];
      const delta = kind === 'in' ? qty : -qty;
      const balance = await repo.applyStockDelta(tx, m.id, delta, now);
      if (balance === undefined) continue;
      await repo.insertMovement(tx, { materialId: m.id, kind, delta, balanceAfter: balance, note, actorUserId: null, actorName: '区应急物资储备库 管理员', at: chinaDayStart(addDays(today, -daysAgo)) });
    }

    // ---------- experts ----------
    const experts = [
      ['周建国', '技术', '危险化学品', '正高级工程师', '武汉化工研究院', '副总工程师', '液氯、液氨泄漏处置，事故氯吸收工艺'],
      ['刘芳', '技术', '消防', '高级工程师', '湖北省消防技术服务中心', '主任', '大型仓储火灾扑救、建筑防火'],
      ['陈立新', '技术', '特种设备', '高级工程师', '武汉市特种设备检验检测研究院', '科长', '压力容器、气瓶失效分析'],
      ['王海涛', '技术', '城镇燃气', '高级工程师', '武汉市燃气集团', '安全总监', '燃气管网泄漏抢修'],
      ['李明', '技术', '建筑施工', '正高级工程师', '中建三局', '技术中心主任', '深基坑、高支模坍塌救援'],
      ['张卫东', '行政', '应急管理', null, '东西湖区应急管理局', '副局长', '应急指挥协调、事故调查'],
      ['赵红梅', '技术', '职业卫生与医疗救护', '主任医师', '东西湖区人民医院', '急诊科主任', '中毒窒息、化学灼伤救治（氯气中毒）'],
      ['孙强', '技术', '危险化学品', '高级工程师', '中石化武汉分公司', '安全环保处处长', '储罐区火灾爆炸、泄漏应急'],
      ['吴刚', '行政', '交通运输', null, '东西湖区交通运输局', '科长', '危险货物道路运输事故处置'],
      ['郑丽', '技术', '地质灾害', '高级工程师', '湖北省地质环境总站', '工程师', '地面塌陷、边坡失稳'],
    ] as const;
    await insertResourcesInTx(
      deps,
      tx,
      SYSTEM_CONTEXT,
      'experts',
      experts.map(([name, kind, field, title, organisation, position, expertise], i) => ({ name, kind, field, title, organisation, position, expertise, phone: mobile(rng), availability: i === 4 ? '暂不可调用' : '可调用' })),
      owner(emergencyDept),
    );

    // ---------- regulations and cases ----------
    await insertResourcesInTx(deps, tx, SYSTEM_CONTEXT, 'regulations', REGULATIONS.map((r) => ({ status: '现行', ...r })), owner(office));
    await insertResourcesInTx(deps, tx, SYSTEM_CONTEXT, 'cases', CASES.map((c) => ({ ...c })), owner(emergencyDept));

    // ---------- 一网: liaisons ----------
    const netUnits = units.filter((u) => ['street', 'department', 'park', 'office'].includes(u.kind) && u.active).slice(0, 40);
    const values = [];
    for (const [i, u] of netUnits.entries()) {
      const n = u.kind === 'street' || u.code === 'dept.emergency' ? 2 : 1;
      for (let k = 0; k < n; k++) {
        // Most confirmed within the last 60 days; every seventh not for 100–200 days (flagged).
        const days = i % 7 === 3 && k === 0 ? rng.int(100, 200) : rng.int(0, 60);
        values.push({
          ownerId: u.id,
          ownerKind: u.kind,
          ownerName: u.shortName,
          regionCode: u.regionCode,
          name: personName(rng),
          position: k === 0 ? '应急办主任' : '值班联络员',
          dutyPhoneEnc: deps.cipher.encrypt(`027-8${rng.int(100, 999)}${rng.int(1000, 9999)}`),
          officePhoneEnc: deps.cipher.encrypt(`027-8${rng.int(100, 999)}${rng.int(1000, 9999)}`),
          mobileEnc: deps.cipher.encrypt(mobile(rng)),
          note: null,
          confirmedAt: new Date(now.getTime() - days * 86_400_000),
          createdAt: now,
          updatedAt: now,
        });
      }
    }
    await repo.insertLiaisons(tx, values);

    // ---------- 七有 self-assessments (most streets, some departments) ----------
    const year = chinaYear(now);
    const assessed = [...streets.slice(0, Math.max(1, streets.length - 3)), emergencyDept, ...(fireDept ? [fireDept] : [])];
    for (const [i, u] of assessed.entries()) {
      const items = SEVEN_HAS.map((it, j) => ({ key: it.key, has: (i + j) % 5 !== 4 && !(it.key === 'drill' && i % 3 === 1), note: null }));
      await repo.upsertAssessment(tx, { unitId: u.id, unitName: u.shortName, unitKind: u.kind, regionCode: u.regionCode, year, items, score: sevenHasScore(items), submittedAt: new Date(now.getTime() - rng.int(1, 40) * 86_400_000), submittedByName: personName(rng) });
    }
  });
}
