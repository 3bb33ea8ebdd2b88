import { randomUUID } from 'node:crypto';
import { asc } from 'drizzle-orm';
import type { Tx } from '../../db';
import { SYSTEM_CONTEXT } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps, SeedOptions } from '../../platform/deps';
import { enterprises, mobile, personName, prng, type Rng } from '../org';
import {
  DEFAULT_RISK_RULES,
  TABLE1,
  assess,
  evaluateSource,
  type AccidentType,
  type ControlLevel,
  type MeasureKind,
  type RiskLevel,
  type RiskPointKind,
  type SubstanceLineInput,
} from '../../../shared/risk';
import { majorHazardEvaluations, majorHazardFilings, majorHazardInstallations, majorHazardSources, majorHazardSubstances, riskAssessments, riskMeasures, riskPoints } from './risk.schema';
import { newCardToken, refreshEnterpriseLevels } from './risk.service';
import { addDays } from '../../../shared/time';

/**
 * Demo data: risk points with assessments for most 危险化学品/城镇燃气/工贸 enterprises and a share of
 * the others, and a handful of 重大危险源 among the 危险化学品 and 城镇燃气 enterprises, so that the
 * four-colour charts, the map, the lists and the registry's 风险等级 column are meaningful.
 * Deterministic (prng from modules/org); dates are relative to the seeding day so reviews fall due.
 */
type Severity = 'high' | 'mid' | 'low';
interface Template {
  name: string;
  kind: RiskPointKind;
  location: string;
  factors: string[];
  accidents: AccidentType[];
  measures: [MeasureKind, string, ControlLevel][];
  steps: string[];
  cautions: string[];
  severity: Severity;
}

const t = (name: string, kind: RiskPointKind, location: string, severity: Severity, accidents: AccidentType[], factors: string[], measures: [MeasureKind, string, ControlLevel][], steps: string[], cautions: string[] = []): Template => ({
  name,
  kind,
  location,
  severity,
  accidents,
  factors,
  measures,
  steps,
  cautions,
});

const ELECTRIC = t(
  '配电室',
  '场所',
  '厂区配电房',
  'low',
  ['触电', '火灾'],
  ['电气线路老化、绝缘损坏', '带电作业、未执行停送电制度', '电缆沟积水、小动物进入'],
  [
    ['工程技术', '设置漏电保护、接地装置，配电柜加装防护栏和警示标志', '车间'],
    ['管理', '执行停送电工作票制度，每月开展电气安全检查', '车间'],
    ['个体防护', '作业人员穿绝缘鞋、戴绝缘手套，使用验电器', '岗位'],
    ['应急处置', '发生触电立即切断电源，用绝缘物使触电者脱离电源并实施心肺复苏', '班组'],
  ],
  ['立即切断电源', '用干燥木棒等绝缘物使触电者脱离电源', '拨打120，对心跳骤停者实施心肺复苏', '电气火灾使用二氧化碳或干粉灭火器扑救'],
  ['严禁用水扑救带电设备火灾', '非电工不得进入配电室'],
);

const CONFINED = t(
  '有限空间作业',
  '作业活动',
  '污水池、储罐、地下管井',
  'high',
  ['中毒和窒息'],
  ['有毒有害气体积聚（硫化氢、一氧化碳）', '氧含量不足', '未执行“先通风、再检测、后作业”', '盲目施救'],
  [
    ['工程技术', '配备强制通风设备和四合一气体检测仪', '车间'],
    ['管理', '执行有限空间作业审批，设专人监护，作业前检测、作业中连续监测', '公司'],
    ['个体防护', '配备正压式空气呼吸器、安全带和救援三脚架', '岗位'],
    ['应急处置', '发生中毒窒息立即报警，救援人员佩戴呼吸器后施救，严禁盲目施救', '班组'],
  ],
  ['监护人立即呼救并报告', '佩戴正压式空气呼吸器、系安全绳后方可进入施救', '将中毒者移至空气新鲜处，拨打120', '保持强制通风，持续检测气体浓度'],
  ['严禁未经检测进入', '严禁用纯氧通风', '严禁盲目施救'],
);

const FORKLIFT = t(
  '叉车',
  '设备设施',
  '仓库、装卸区',
  'low',
  ['车辆伤害', '物体打击'],
  ['无证驾驶、超速行驶', '货物堆码过高遮挡视线', '制动、喇叭失灵'],
  [
    ['工程技术', '设置限速标志、行驶通道划线，叉车加装倒车报警', '车间'],
    ['管理', '持证上岗，每日点检，定期检验', '班组'],
    ['个体防护', '驾驶员佩戴安全帽，系安全带', '岗位'],
    ['应急处置', '发生伤害立即停车、报告并组织救护', '班组'],
  ],
  ['立即停车熄火、拉手刹', '报告负责人并拨打120', '保护现场'],
);

const HAZCHEM: Template[] = [
  t(
    '甲类储罐区',
    '场所',
    '罐区',
    'high',
    ['火灾', '其他爆炸', '容器爆炸', '中毒和窒息'],
    ['储罐、管道、阀门泄漏遇点火源', '静电积聚、雷击', '液位超限溢罐', '呼吸阀、阻火器失效'],
    [
      ['工程技术', '设置可燃气体检测报警并与紧急切断阀联锁，储罐设高低液位报警', '公司'],
      ['工程技术', '罐区防雷防静电接地，每年检测', '车间'],
      ['管理', '罐区每两小时巡检一次，动火、进入受限空间作业严格审批', '车间'],
      ['个体防护', '进入罐区穿防静电工作服，使用防爆工具', '岗位'],
      ['应急处置', '泄漏时启动紧急切断，设置警戒区，消除点火源，用泡沫覆盖', '班组'],
    ],
    ['发现泄漏立即报告并启动紧急切断阀', '设置警戒区，疏散无关人员，消除一切点火源', '用沙土或泡沫覆盖泄漏物，防止进入下水道', '着火时启动冷却喷淋，拨打119'],
    ['禁止携带火种进入罐区', '禁止穿化纤服装、铁钉鞋'],
  ),
  t(
    '危险化学品装卸作业',
    '作业活动',
    '装卸站台',
    'high',
    ['火灾', '其他爆炸', '车辆伤害', '中毒和窒息'],
    ['装卸软管破裂泄漏', '静电未导除', '槽车未熄火、未固定', '超量充装'],
    [
      ['工程技术', '装卸设静电接地报警仪和防溢流装置', '车间'],
      ['管理', '装卸全程专人监护，执行装卸作业票，核对车辆资质', '班组'],
      ['个体防护', '装卸人员佩戴防护面罩、耐酸碱手套', '岗位'],
      ['应急处置', '泄漏时立即停止装卸、关闭阀门，现场配备吸附材料和洗眼器', '班组'],
    ],
    ['立即停止装卸作业，关闭槽车和管道阀门', '熄灭周边火源，设置警戒区', '用吸附材料处置泄漏物', '人员沾染立即用洗眼器、喷淋冲洗15分钟以上'],
  ),
  t(
    '危险化学品仓库',
    '场所',
    '甲类仓库',
    'mid',
    ['火灾', '中毒和窒息', '灼烫'],
    ['禁忌物料混存', '包装破损泄漏', '通风不良、温度过高'],
    [
      ['工程技术', '仓库设通风、防爆照明和温湿度监测', '车间'],
      ['管理', '按禁忌物配存表分区存放，五距符合要求，双人双锁管理', '车间'],
      ['个体防护', '出入库人员佩戴防毒口罩和防护手套', '岗位'],
      ['应急处置', '配备泄漏应急处置箱和灭火器材，定期演练', '公司'],
    ],
    ['发现泄漏立即撤离并报告', '佩戴防毒面具后关闭泄漏容器', '火灾时使用相应灭火剂扑救，拨打119'],
  ),
  t(
    '反应釜',
    '设备设施',
    '生产车间',
    'high',
    ['容器爆炸', '火灾', '灼烫', '中毒和窒息'],
    ['温度、压力超限（飞温）', '搅拌中断', '安全阀、爆破片失效', '投料错误'],
    [
      ['工程技术', '温度、压力与进料、冷却联锁，设紧急泄放装置', '公司'],
      ['管理', '严格执行操作规程和工艺卡片，安全阀定期校验', '车间'],
      ['个体防护', '操作人员佩戴防护眼镜、防护手套', '岗位'],
      ['应急处置', '超温超压立即停止进料、加大冷却，必要时紧急泄放', '班组'],
    ],
    ['立即停止进料，开大冷却水', '压力继续升高时启动紧急泄放并撤离', '报告调度，拨打119、120'],
  ),
  t(
    '动火作业',
    '作业活动',
    '厂区内动火点',
    'high',
    ['火灾', '其他爆炸', '灼烫'],
    ['动火点周边可燃物未清理', '未进行可燃气体分析', '无人监火'],
    [
      ['管理', '执行动火作业票，动火前分析可燃气体浓度，专人监火', '公司'],
      ['工程技术', '动火点周围15米内可燃物清除，配备灭火器材', '班组'],
      ['个体防护', '焊工持证上岗，佩戴焊接面罩和防护手套', '岗位'],
      ['应急处置', '发生着火立即停止作业，用灭火器扑救并报警', '班组'],
    ],
    ['立即停止动火，切断电源、气源', '用灭火器扑救初起火灾', '火势扩大时撤离并拨打119'],
  ),
  CONFINED,
  t(
    '操作工岗位',
    '岗位',
    '生产车间',
    'mid',
    ['中毒和窒息', '灼烫', '机械伤害'],
    ['接触有毒有害物料', '违章操作', '设备转动部位无防护'],
    [
      ['管理', '岗前培训考核合格上岗，执行交接班制度', '车间'],
      ['工程技术', '转动部位加装防护罩，车间设有毒气体报警', '车间'],
      ['个体防护', '佩戴防毒口罩、防护眼镜和耐酸碱手套', '岗位'],
      ['应急处置', '熟悉岗位应急处置卡，掌握洗眼器、空气呼吸器使用', '岗位'],
    ],
    ['发现异常立即报告班长', '有毒物料泄漏时佩戴防毒面具撤离至上风向', '皮肤沾染立即冲洗15分钟以上'],
  ),
  ELECTRIC,
  FORKLIFT,
];

const CITYGAS: Template[] = [
  t(
    '液化石油气储罐区',
    '场所',
    '储配站罐区',
    'high',
    ['火灾', '其他爆炸', '容器爆炸'],
    ['储罐、管道泄漏', '安全阀失效、超压', '静电、雷击', '非防爆电器'],
    [
      ['工程技术', '储罐设液位、压力、温度监测和可燃气体报警，紧急切断联锁', '公司'],
      ['工程技术', '设置喷淋冷却系统，夏季高温时段启动', '车间'],
      ['管理', '罐区24小时值守，每两小时巡检', '车间'],
      ['个体防护', '穿防静电服，使用铜质防爆工具', '岗位'],
      ['应急处置', '泄漏时关闭紧急切断阀，启动喷淋稀释，设置警戒区', '班组'],
    ],
    ['立即关闭紧急切断阀并报告', '启动喷淋水幕稀释，严禁开关电器', '疏散周边人员，拨打119'],
    ['严禁穿化纤服装和带钉鞋进入'],
  ),
  t(
    '钢瓶充装作业',
    '作业活动',
    '灌装间',
    'high',
    ['火灾', '其他爆炸', '容器爆炸'],
    ['超装、错装', '过期、报废钢瓶充装', '充装枪泄漏'],
    [
      ['工程技术', '充装秤带超装自动切断，灌装间设可燃气体报警', '车间'],
      ['管理', '充装前逐瓶检查，建立充装记录，追溯到瓶', '班组'],
      ['个体防护', '充装工佩戴防冻手套、护目镜', '岗位'],
      ['应急处置', '钢瓶泄漏时移至安全地点处置', '班组'],
    ],
    ['立即关闭充装枪和钢瓶角阀', '将泄漏钢瓶移至室外通风处', '禁止一切明火，报告站长'],
  ),
  t(
    '调压计量站',
    '设备设施',
    '调压站',
    'mid',
    ['火灾', '其他爆炸'],
    ['调压器故障超压', '法兰、阀门泄漏'],
    [
      ['工程技术', '设超压切断和放散装置', '车间'],
      ['管理', '每日巡检，定期维护保养', '班组'],
      ['个体防护', '巡检携带可燃气体检测仪', '岗位'],
      ['应急处置', '发现泄漏关闭上游阀门，通知抢修', '班组'],
    ],
    ['关闭上游阀门', '设置警戒区，禁止明火', '通知抢修队伍'],
  ),
  t(
    '瓶装液化气送气车辆',
    '设备设施',
    '送气线路',
    'mid',
    ['车辆伤害', '火灾', '其他爆炸'],
    ['钢瓶未固定、混装', '超载超速', '车辆无防火装置'],
    [
      ['管理', '专用车辆配送，驾驶员持证，安装定位', '公司'],
      ['工程技术', '车辆配灭火器、钢瓶固定架', '车间'],
      ['个体防护', '送气员穿反光背心', '岗位'],
      ['应急处置', '途中泄漏时停车熄火、疏散人员并报警', '岗位'],
    ],
    ['停车熄火，设置警示标志', '疏散周边人员，拨打119'],
  ),
  t(
    '管网巡检岗位',
    '岗位',
    '中压管网',
    'low',
    ['车辆伤害', '中毒和窒息'],
    ['道路巡检交通风险', '进入阀门井缺氧'],
    [
      ['管理', '巡检按计划进行，第三方施工现场专人看护', '班组'],
      ['个体防护', '穿反光服，携带气体检测仪', '岗位'],
      ['应急处置', '发现泄漏立即报告调度并设置警戒', '岗位'],
    ],
    ['发现泄漏立即报告调度中心', '设置警戒，禁止烟火', '配合抢修队处置'],
  ),
  ELECTRIC,
];

const INDUSTRY: Template[] = [
  t(
    '冲压机',
    '设备设施',
    '冲压车间',
    'mid',
    ['机械伤害'],
    ['光电保护失效', '双手按钮被短接', '模具调整未停机'],
    [
      ['工程技术', '安装光电保护装置和双手操作按钮', '车间'],
      ['管理', '调模、清理时停机挂牌上锁', '班组'],
      ['个体防护', '佩戴防护手套、耳塞', '岗位'],
      ['应急处置', '发生伤害立即停机、止血并送医', '班组'],
    ],
    ['按下急停按钮', '对伤者止血包扎', '拨打120'],
  ),
  t(
    '桥式起重机',
    '设备设施',
    '生产车间',
    'mid',
    ['起重伤害', '物体打击'],
    ['吊索具损坏', '限位失效', '违章斜拉斜吊'],
    [
      ['工程技术', '设置起升高度限位、超载限制器', '车间'],
      ['管理', '司索工、司机持证上岗，每日检查吊索具', '班组'],
      ['个体防护', '佩戴安全帽', '岗位'],
      ['应急处置', '吊物坠落时立即停机，救护伤员', '班组'],
    ],
    ['立即停机并切断电源', '救护伤员，拨打120', '保护现场并报告'],
  ),
  t(
    '粉尘涉爆除尘系统',
    '设备设施',
    '打磨抛光区',
    'high',
    ['其他爆炸', '火灾'],
    ['粉尘积聚未及时清理', '除尘器无泄爆装置', '电气设备非防爆'],
    [
      ['工程技术', '除尘器设泄爆、隔爆装置和火花探测', '公司'],
      ['管理', '每班清扫积尘并记录', '班组'],
      ['个体防护', '佩戴防尘口罩', '岗位'],
      ['应急处置', '发生着火立即停机，严禁用压缩空气吹扫', '班组'],
    ],
    ['立即停机断电', '用干粉灭火器扑救，禁止用水冲击积尘', '撤离人员并报警'],
  ),
  t(
    '高处作业',
    '作业活动',
    '厂房屋面、平台',
    'mid',
    ['高处坠落', '物体打击'],
    ['未系安全带', '临边洞口无防护', '屋面采光带踩空'],
    [
      ['工程技术', '临边设防护栏杆，屋面设安全通道', '车间'],
      ['管理', '执行高处作业审批', '车间'],
      ['个体防护', '系挂双钩安全带', '岗位'],
      ['应急处置', '发生坠落立即救护，不要随意搬动伤员', '班组'],
    ],
    ['立即呼救并拨打120', '不要随意搬动伤员', '保护现场'],
  ),
  CONFINED,
  ELECTRIC,
  FORKLIFT,
];

const GENERIC: Template[] = [
  t(
    '人员密集场所疏散通道',
    '场所',
    '营业区',
    'mid',
    ['火灾'],
    ['疏散通道堵塞、安全出口锁闭', '应急照明、疏散指示失效'],
    [
      ['管理', '每日防火巡查，保持疏散通道畅通', '公司'],
      ['工程技术', '设置应急照明、疏散指示和自动喷水灭火系统', '公司'],
      ['应急处置', '制定疏散预案，每半年组织演练', '公司'],
    ],
    ['发现火情立即报警119', '组织人员沿疏散通道撤离', '使用灭火器扑救初起火灾'],
  ),
  t(
    '厨房燃气',
    '场所',
    '后厨',
    'mid',
    ['火灾', '其他爆炸'],
    ['燃气管道、软管泄漏', '油烟管道积油'],
    [
      ['工程技术', '安装燃气泄漏报警和自动切断装置', '公司'],
      ['管理', '每季度清洗油烟管道', '班组'],
      ['应急处置', '泄漏时关闭阀门、开窗通风，禁止开关电器', '岗位'],
    ],
    ['关闭燃气总阀', '开窗通风，严禁开关电器', '到室外拨打燃气抢修电话'],
  ),
  t(
    '电梯',
    '设备设施',
    '楼栋',
    'low',
    ['其他伤害', '机械伤害'],
    ['未定期维保检验', '困人处置不当'],
    [
      ['管理', '委托有资质单位每15日维保一次，按期检验', '公司'],
      ['应急处置', '困人时安抚乘客，由专业人员救援', '岗位'],
    ],
    ['安抚被困人员，告知不要扒门', '通知维保单位救援'],
  ),
  t(
    '货物装卸作业',
    '作业活动',
    '装卸平台',
    'mid',
    ['车辆伤害', '物体打击', '起重伤害'],
    ['车辆溜车', '货物堆码倒塌', '装卸平台边缘坠落'],
    [
      ['工程技术', '装卸平台设挡车器和防护栏', '车间'],
      ['管理', '装卸专人指挥', '班组'],
      ['个体防护', '佩戴安全帽、防砸鞋', '岗位'],
    ],
    ['停止作业，救护伤员', '拨打120'],
  ),
  ELECTRIC,
];

const CONSTRUCTION: Template[] = [
  t(
    '塔式起重机',
    '设备设施',
    '施工现场',
    'high',
    ['起重伤害', '高处坠落', '物体打击'],
    ['力矩限制器失效', '群塔作业碰撞', '大风天气作业'],
    [
      ['工程技术', '安装安全监控系统和力矩、高度、幅度限位', '公司'],
      ['管理', '司机、信号工持证上岗，六级以上大风停止作业', '车间'],
      ['应急处置', '制定塔吊倒塌专项预案', '公司'],
    ],
    ['立即停止作业，疏散塔吊回转半径内人员', '拨打120、119'],
  ),
  t(
    '深基坑',
    '场所',
    '基坑',
    'high',
    ['坍塌', '高处坠落', '淹溺'],
    ['支护变形', '坑边堆载超限', '降水失效'],
    [
      ['工程技术', '按方案支护并设监测点', '公司'],
      ['管理', '第三方监测，超预警值停工', '公司'],
      ['应急处置', '出现险情立即撤人', '班组'],
    ],
    ['立即撤离基坑内人员', '报告项目负责人，拨打119'],
  ),
  t(
    '施工临时用电',
    '设备设施',
    '施工现场',
    'mid',
    ['触电'],
    ['未执行三级配电两级保护', '电缆拖地浸水'],
    [
      ['工程技术', '三级配电两级漏电保护，TN-S系统', '车间'],
      ['管理', '电工持证，每日巡检', '班组'],
    ],
    ['切断电源', '使触电者脱离电源，拨打120'],
  ),
];

function templatesFor(sector: string): { list: Template[]; share: number; min: number; max: number } {
  switch (sector) {
    case 'hazchem':
      return { list: HAZCHEM, share: 1, min: 5, max: 8 };
    case 'citygas':
      return { list: CITYGAS, share: 1, min: 4, max: 6 };
    case 'metallurgy':
      return { list: INDUSTRY, share: 0.85, min: 3, max: 6 };
    case 'commerceoil':
    case 'hazwaste':
    case 'pipeline':
    case 'fireworks':
      return { list: [HAZCHEM[0], HAZCHEM[1], HAZCHEM[4], ELECTRIC], share: 0.8, min: 2, max: 4 };
    case 'construction':
      return { list: CONSTRUCTION, share: 0.6, min: 2, max: 3 };
    case 'specialequipment':
      return { list: [INDUSTRY[1], INDUSTRY[3], ELECTRIC], share: 0.5, min: 2, max: 3 };
    default:
      return { list: GENERIC, share: 0.45, min: 2, max: 4 };
  }
}

/** Factor combinations of the default rules grouped by the level they give. */
function combos() {
  const lec: Record<RiskLevel, Record<string, number>[]> = { 重大: [], 较大: [], 一般: [], 低: [] };
  const ls: Record<RiskLevel, Record<string, number>[]> = { 重大: [], 较大: [], 一般: [], 低: [] };
  const r = DEFAULT_RISK_RULES;
  // Plausible factors only: nobody rates a routine point "完全可以预料 × 连续暴露 × 大灾难".
  for (const L of r.lec.L) for (const E of r.lec.E) for (const C of r.lec.C) {
    if (L.value > 6 || L.value < 0.5 || E.value < 1 || C.value > 40) continue;
    const a = assess('LEC', { L: L.value, E: E.value, C: C.value });
    if (a.ok) lec[a.value.level].push(a.value.factors);
  }
  for (const L of r.ls.L) for (const S of r.ls.S) {
    const a = assess('LS', { L: L.value, S: S.value });
    if (a.ok) ls[a.value.level].push(a.value.factors);
  }
  return { lec, ls };
}

const DISTRIBUTION: Record<Severity, [RiskLevel, number][]> = {
  high: [['重大', 0.1], ['较大', 0.42], ['一般', 0.38], ['低', 0.1]],
  mid: [['重大', 0.02], ['较大', 0.18], ['一般', 0.5], ['低', 0.3]],
  low: [['较大', 0.04], ['一般', 0.3], ['低', 0.66]],
};

function pickLevel(rng: Rng, s: Severity): RiskLevel {
  let x = rng.next();
  for (const [level, p] of DISTRIBUTION[s]) {
    if ((x -= p) < 0) return level;
  }
  return '低';
}

const find = (name: string) => (TABLE1.find((s) => s.name === name) ?? TABLE1.find((s) => s.name.startsWith(name)))!.id;

interface SourcePlan {
  name: string;
  unitKind: '生产单元' | '储存单元';
  location: string;
  people: number;
  substances: SubstanceLineInput[];
  installations: { tag: string; name: string; kind: string; medium: string; capacity: string }[];
}

function sourcePlans(rng: Rng, sector: string, qiye: boolean, large: boolean): SourcePlan {
  if (sector === 'citygas') {
    const tanks = rng.int(2, 4);
    const q = tanks * rng.pick([50, 60, 100]) * 0.85 * 0.5; // m³ × fill × density ≈ t
    return {
      name: '液化石油气储配站储罐区',
      unitKind: '储存单元',
      location: '储配站罐区',
      people: rng.int(60, 400),
      substances: [{ catalogId: find('液化石油气'), quantity: Math.round(q * 10) / 10 }],
      installations: Array.from({ length: tanks }, (_, i) => ({ tag: `V-10${i + 1}`, name: `${i + 1}号液化石油气储罐`, kind: '储罐', medium: '液化石油气', capacity: '100 m³' })),
    };
  }
  if (qiye) {
    return {
      name: '甲醇、甲苯储罐区',
      unitKind: '储存单元',
      location: '厂区东侧罐区',
      people: 80,
      substances: [
        { catalogId: find('甲醇'), quantity: 600 },
        { catalogId: find('甲苯'), quantity: 300 },
      ],
      installations: [
        { tag: 'T-201', name: '1号甲醇储罐', kind: '储罐', medium: '甲醇', capacity: '500 m³' },
        { tag: 'T-202', name: '2号甲醇储罐', kind: '储罐', medium: '甲醇', capacity: '500 m³' },
        { tag: 'T-203', name: '甲苯储罐', kind: '储罐', medium: '甲苯', capacity: '400 m³' },
        { tag: 'ZX-01', name: '汽车装卸鹤位', kind: '装卸设施', medium: '甲醇、甲苯', capacity: '4 鹤位' },
      ],
    };
  }
  const kind = large ? 'chlorine' : rng.pick(['chlorine', 'ammonia', 'solvent'] as const);
  if (kind === 'chlorine') {
    // `large`: one plant near housing with 60 t of chlorine — R = 2.0 × 4 × 12 = 96, a 二级 source.
    return {
      name: '液氯储存及汽化单元',
      unitKind: '储存单元',
      location: '液氯库房',
      people: large ? 120 : rng.pick([20, 45, 120]),
      substances: [{ catalogId: find('氯'), quantity: large ? 60 : rng.pick([15, 30]) }],
      installations: [
        { tag: 'V-301', name: '液氯钢瓶库', kind: '仓库', medium: '液氯', capacity: '60 只 1 t 钢瓶' },
        { tag: 'E-301', name: '液氯汽化器', kind: '生产装置', medium: '氯', capacity: '200 kg/h' },
      ],
    };
  }
  if (kind === 'ammonia') {
    return {
      name: '液氨储罐区',
      unitKind: '储存单元',
      location: '氨站',
      people: rng.int(10, 150),
      substances: [{ catalogId: find('氨'), quantity: rng.pick([12, 25, 40]) }],
      installations: [{ tag: 'V-401', name: '液氨储罐', kind: '储罐', medium: '液氨', capacity: '50 m³' }],
    };
  }
  return {
    name: '溶剂储罐区',
    unitKind: '储存单元',
    location: '罐区',
    people: rng.int(0, 90),
    substances: [
      { catalogId: find('甲苯'), quantity: rng.pick([200, 350]) },
      { catalogId: find('乙酸乙酯'), quantity: rng.pick([150, 300]) },
      { catalogId: find('丙酮'), quantity: rng.pick([100, 200]) },
    ],
    installations: [
      { tag: 'T-101', name: '甲苯储罐', kind: '储罐', medium: '甲苯', capacity: '400 m³' },
      { tag: 'T-102', name: '乙酸乙酯储罐', kind: '储罐', medium: '乙酸乙酯', capacity: '300 m³' },
      { tag: 'T-103', name: '丙酮储罐', kind: '储罐', medium: '丙酮', capacity: '300 m³' },
    ],
  };
}

async function insertChunks<T>(tx: Tx, rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 400) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function seedRisk(deps: AppDeps, opts: SeedOptions): Promise<void> {
  if (opts.level !== 'demo') return;
  const rng = prng((opts.randomSeed ^ 0x52_49_53_4b) >>> 0);
  const { lec, ls } = combos();
  const today = deps.clock.today();
  await deps.db.transaction(async (tx) => {
    const ents = await tx
      .select({ id: enterprises.id, name: enterprises.name, sector: enterprises.sector, regionCode: enterprises.regionCode, status: enterprises.status, creditCode: enterprises.creditCode })
      .from(enterprises)
      .orderBy(asc(enterprises.creditCode));
    // The enterprise of the `qiye` demo user (platform/seed.ts picks the same one).
    const qiyeId = ents.find((e) => e.sector === 'hazchem' && e.regionCode === '420112004')?.id;
    const points: (typeof riskPoints.$inferInsert)[] = [];
    const measures: (typeof riskMeasures.$inferInsert)[] = [];
    const assessments: (typeof riskAssessments.$inferInsert)[] = [];
    for (const e of ents) {
      const plan = templatesFor(e.sector);
      if (e.status !== '在营' || (e.id !== qiyeId && !rng.chance(plan.share))) continue;
      const n = Math.min(plan.list.length, rng.int(plan.min, plan.max));
      const chosen = [...plan.list].sort(() => rng.next() - 0.5).slice(0, n);
      chosen.forEach((tpl, k) => {
        const id = randomUUID();
        const scope = { enterpriseId: e.id, regionCode: e.regionCode, sector: e.sector };
        const cycle = tpl.severity === 'high' ? 180 : 365;
        const level = pickLevel(rng, tpl.severity);
        const useLs = rng.chance(0.2);
        const pool = (useLs ? ls : lec)[level];
        const factors = pool.length ? rng.pick(pool) : rng.pick(lec.低);
        const graded = assess(useLs && pool.length ? 'LS' : 'LEC', factors);
        if (!graded.ok) throw new Error('seed factors out of table');
        const assessedOn = addDays(today, -rng.int(15, cycle + 60));
        const assessor = `${personName(rng)}、${personName(rng)}`;
        points.push({
          id,
          ...scope,
          code: `FXD-${String(k + 1).padStart(3, '0')}`,
          name: tpl.name,
          kind: tpl.kind,
          location: tpl.location,
          department: tpl.kind === '岗位' ? '生产部' : rng.pick(['生产部', '安全环保部', '设备部', '储运部']),
          controlLevel: graded.value.level === '重大' || graded.value.level === '较大' ? '公司' : rng.pick(['车间', '班组']),
          responsiblePerson: personName(rng),
          hazardFactors: tpl.factors,
          accidentTypes: tpl.accidents,
          emergency: { steps: tpl.steps, cautions: tpl.cautions, dutyPhone: `027-8${rng.int(100, 999)}${rng.int(1000, 9999)}` },
          reviewCycleDays: cycle,
          nextReviewOn: addDays(assessedOn, cycle),
          cardToken: newCardToken(),
        });
        tpl.measures.forEach(([kind, content, lvl], i) => measures.push({ riskPointId: id, ...scope, kind, content, responsibleLevel: lvl, responsiblePerson: personName(rng), sort: i }));
        if (rng.chance(0.3)) {
          // An earlier assessment, superseded by the current one (history).
          const older = assess('LEC', rng.pick(lec[rng.pick(['一般', '较大', '低'] as RiskLevel[])]));
          if (older.ok) {
            assessments.push({ riskPointId: id, ...scope, method: 'LEC', factors: older.value.factors, score: older.value.score, band: older.value.band, level: older.value.level, rulesVersion: 0, assessedOn: addDays(assessedOn, -cycle), assessor, active: false, supersededAt: new Date(`${assessedOn}T09:00:00+08:00`), createdAt: new Date(`${addDays(assessedOn, -cycle)}T09:00:00+08:00`) });
          }
        }
        assessments.push({ riskPointId: id, ...scope, method: graded.value.method, factors: graded.value.factors, score: graded.value.score, band: graded.value.band, level: graded.value.level, rulesVersion: 0, assessedOn, assessor, active: true, createdAt: new Date(`${assessedOn}T09:00:00+08:00`) });
      });
    }
    await insertChunks(tx, points, (c) => tx.insert(riskPoints).values(c));
    await insertChunks(tx, measures, (c) => tx.insert(riskMeasures).values(c));
    await insertChunks(tx, assessments, (c) => tx.insert(riskAssessments).values(c));
    await insertChunks(
      tx,
      points,
      (c) => recordAudit(tx, SYSTEM_CONTEXT, c.map((p) => ({ action: 'risk_point.seed', entity: 'risk_point', entityId: p.id!, regionCode: p.regionCode, after: { code: p.code, name: p.name, enterpriseId: p.enterpriseId } }))),
      500,
    );

    // 重大危险源: the qiye enterprise, about a quarter of the other 危险化学品 and half of the 城镇燃气 enterprises.
    const candidates = ents.filter((e) => e.status === '在营' && (e.id === qiyeId || (e.sector === 'hazchem' && rng.chance(0.22)) || (e.sector === 'citygas' && rng.chance(0.5))));
    const firstOther = candidates.find((e) => e.sector === 'hazchem' && e.id !== qiyeId)?.id;
    for (const e of candidates) {
      const plan = sourcePlans(rng, e.sector, e.id === qiyeId, e.id === firstOther);
      const ev = evaluateSource({ peopleExposed: plan.people, substances: plan.substances });
      if (!ev.ok) throw new Error(`seed source: ${JSON.stringify(ev.issues)}`);
      const v = ev.value;
      const scope = { enterpriseId: e.id, regionCode: e.regionCode, sector: e.sector };
      const evaluatedOn = addDays(today, -rng.int(30, 300));
      const [source] = await tx
        .insert(majorHazardSources)
        .values({
          ...scope,
          code: 'ZDWXY-01',
          name: plan.name,
          unitKind: plan.unitKind,
          location: plan.location,
          peopleExposed: v.peopleExposed,
          alpha: v.alpha,
          sValue: v.S,
          rValue: v.R,
          isMajor: v.isMajor,
          grade: v.grade,
          mainName: personName(rng),
          mainPhoneEnc: deps.cipher.encrypt(mobile(rng)),
          techName: personName(rng),
          techPhoneEnc: deps.cipher.encrypt(mobile(rng)),
          opName: personName(rng),
          opPhoneEnc: deps.cipher.encrypt(mobile(rng)),
          evaluatedOn,
        })
        .returning({ id: majorHazardSources.id });
      const lines = v.lines.map((l, i) => ({ ...scope, sourceId: source.id, catalogId: l.catalogId, name: l.name, cas: l.cas, symbol: l.symbol, hazardClass: l.hazardClass, quantity: l.quantity, criticalQuantity: l.criticalQuantity, qSource: l.qSource, beta: l.beta, betaSource: l.betaSource, sort: i }));
      await tx.insert(majorHazardSubstances).values(lines);
      await tx.insert(majorHazardInstallations).values(plan.installations.map((i) => ({ ...scope, sourceId: source.id, ...i })));
      await tx.insert(majorHazardEvaluations).values({ ...scope, sourceId: source.id, evaluatedOn, reason: '登记', peopleExposed: v.peopleExposed, alpha: v.alpha, sValue: v.S, rValue: v.R, isMajor: v.isMajor, grade: v.grade, substances: lines.map(({ sourceId: _s, ...x }) => x) });
      await tx.insert(majorHazardFilings).values({ ...scope, sourceId: source.id, filingNo: `东应急危备〔${evaluatedOn.slice(0, 4)}〕${rng.int(1, 60)}号`, filedOn: addDays(evaluatedOn, rng.int(5, 20)) > today ? today : addDays(evaluatedOn, rng.int(5, 20)), authority: '东西湖区应急管理局' });
      await recordAudit(tx, SYSTEM_CONTEXT, { action: 'major_hazard.seed', entity: 'major_hazard_source', entityId: source.id, regionCode: e.regionCode, after: { name: plan.name, S: v.S, R: v.R, grade: v.grade } });
    }
    await refreshEnterpriseLevels(tx, SYSTEM_CONTEXT, 'all', DEFAULT_RISK_RULES);
  });
}
