/**
 * How the authorization matrix finds, for each role, a resource inside its scope ("own") and one
 * outside it ("other"; undefined when the role sees everything of that kind). Modules add their
 * resource kinds here and prepare their records in prepareModuleFixtures.
 *
 * The scopes are written out by hand from the access model (README, DESIGN.md), not derived from
 * the code under test:
 *   admin       everything
 *   office      区安委办: the whole district 420112
 *   department  zhujianju, 区住建局: sectors 城市建设 (construction), 房屋安全 (housing), 人防工程 (civildefense)
 *   street      jiangjunlu, 将军路街道: region 420112004
 *   enterprise  qiye: its own enterprise (危险化学品, in 420112004)
 *   inspector   jiancha, 区应急管理局: sector 危险化学品 (hazchem)
 * Campaign records are owned by units instead: a unit sees its own reports, lists and summaries,
 * the office all of its district's.
 */
import { readFileSync } from 'node:fs';
import { planResolvers, preparePlansAndDrills } from './emergency.plans';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { Role } from '../../src/shared/access';
import { addDays } from '../../src/shared/time';
import { rows } from '../../src/server/db';
import { parsePlanDocument } from '../../src/shared/plan/index';
import { planUnitDirectory } from '../../src/server/modules/campaign/campaign.import';
import { multipart, TEST_TODAY, type Client, type TestApp } from '../helpers';
import { SYSTEM_CONTEXT } from '../../src/server/platform/access';
import { createReportInTx, type NewReport } from '../../src/server/modules/report/report.service';

type Ids = Record<string, string>;
type Resolver = (ids: Ids, role: Role) => { own?: string; other?: string };

const otherRole = (role: Role): Role => (role === 'office' ? 'department' : 'office');

/** The four fixture enterprises (ids.ent*), by the scope they fall in. */
type EntKey = 'construction' | 'hazchemOther' | 'streetOwn' | 'ownEnterprise';
/**
 * For records tied to an enterprise: which fixture enterprise's record is in a role's scope and
 * which one is outside it. construction = a 城市建设 enterprise (区住建局's); hazchemOther = a 危险化学品
 * enterprise outside 将军路街道 (not the qiye one); streetOwn = an enterprise of 将军路街道 in a sector
 * neither 区住建局 nor 区应急管理局 supervises; ownEnterprise = qiye's (危险化学品, 将军路街道).
 */
const ENTERPRISE_SCOPE: Record<Role, [own: EntKey, other?: EntKey]> = {
  admin: ['construction'],
  office: ['construction'],
  department: ['construction', 'hazchemOther'],
  street: ['streetOwn', 'hazchemOther'],
  enterprise: ['ownEnterprise', 'construction'],
  inspector: ['ownEnterprise', 'construction'],
};
export const ENT_KEYS: EntKey[] = ['construction', 'hazchemOther', 'streetOwn', 'ownEnterprise'];
export const entIdOf = (ids: Ids, key: EntKey): string =>
  ({ construction: ids.entConstruction, hazchemOther: ids.entHazchemOther, streetOwn: ids.entStreetOwn, ownEnterprise: ids.entOwnEnterprise })[key];
/** The enterprise a role creates records for (in its scope). */
export const ownEnterpriseOf = (ids: Ids, role: Role): string => entIdOf(ids, ENTERPRISE_SCOPE[role][0]);

/** An enterprise outside the role's scope (undefined when the role sees all). */
export const otherEnterpriseOf = (ids: Ids, role: Role): string | undefined => {
  const other = ENTERPRISE_SCOPE[role][1];
  return other ? entIdOf(ids, other) : undefined;
};

/** Resolver for records kept per fixture enterprise as ids[`${prefix}:${EntKey}`]. */
const byEnterprise =
  (prefix: string): Resolver =>
  (ids, role) => {
    const [own, other] = ENTERPRISE_SCOPE[role];
    return { own: ids[`${prefix}:${own}`], other: other ? ids[`${prefix}:${other}`] : undefined };
  };

/** Resolver for records kept per role as ids[`${prefix}:${role}`] (each role acts on its own copy). */
const perRole =
  (prefix: string, others: Partial<Record<Role, string>> = {}): Resolver =>
  (ids, role) => ({ own: ids[`${prefix}:${role}`], other: others[role] ? ids[others[role]] : undefined });

/** A value that is no resource (a period, an item of the own record): the same on both sides. */
const same =
  (name: string): Resolver =>
  (ids) => ({ own: ids[name], other: ids[name] });

/** Campaign records owned by units: office and admin see every unit's; a unit only its own. */
const byUnit =
  (prefix: string): Resolver =>
  (ids, role) => {
    switch (role) {
      case 'admin':
      case 'office':
        return { own: ids[`${prefix}:department`] };
      case 'department':
        return { own: ids[`${prefix}:department`], other: ids[`${prefix}:street`] };
      case 'street':
        return { own: ids[`${prefix}:street`], other: ids[`${prefix}:department`] };
      default:
        return { own: ids[`${prefix}:department`] };
    }
  };

/** Campaigns: every unit of the district takes part in the district's campaigns; one of another district is not found. */
const campaignOf =
  (own: string): Resolver =>
  (ids, role) => ({ own: ids[own], other: role === 'admin' ? undefined : ids.campaignForeign });

/** The hazard workflow routes (POST /api/hazards/:id/<step>) and the state each starts from. */
export const HAZARD_STEP_ROUTES = [
  'photos',
  'confirm',
  'dismiss',
  'fix-on-spot',
  'rectification',
  'rectification/update',
  'request-acceptance',
  'accept',
  'reject',
  'extension',
  'extension/decide',
  'regrade',
  'actions',
  'plan',
  'supervision',
  'stop',
  'resume',
  'resume/decide',
  'action-update',
  'action-delete',
] as const;
type HazardStepRoute = (typeof HAZARD_STEP_ROUTES)[number];
type HazardState = 'reported' | 'confirmed' | 'rectifying' | 'pending_acceptance' | 'extension' | 'major' | 'stopped' | 'resume_applied' | 'action';
const HAZARD_STEP_STATE: Record<HazardStepRoute, HazardState> = {
  photos: 'reported',
  confirm: 'reported',
  dismiss: 'reported',
  'fix-on-spot': 'reported',
  rectification: 'confirmed',
  'rectification/update': 'rectifying',
  'request-acceptance': 'rectifying',
  accept: 'pending_acceptance',
  reject: 'pending_acceptance',
  extension: 'confirmed',
  'extension/decide': 'extension',
  regrade: 'confirmed',
  actions: 'confirmed',
  plan: 'major',
  supervision: 'major',
  stop: 'major',
  resume: 'stopped',
  'resume/decide': 'resume_applied',
  'action-update': 'action',
  'action-delete': 'action',
};

/** Dates the hazard bodies use: a deadline a month ahead, and today (China time). */
export function hazardDates() {
  // Dated from the suite's clock (TEST_TODAY), not the machine's: after 16:00 UTC the machine is already on China's tomorrow.
  const day = (offset: number) => addDays(TEST_TODAY, offset);
  return { today: day(0), deadline: day(30), later: day(60) };
}
export const HAZARD_CLAUSE = { standard: 'hazchem-2017', item: '5' };
export const rectificationBody = () => ({ measures: '更换失效部件并加装联锁报警', responsiblePerson: '赵晓东', funds: 20000, deadline: hazardDates().deadline, emergencyPlan: '整改期间设专人监护，配备应急器材' });
export const governancePlanBody = () => ({
  objectives: '消除重大事故隐患',
  methods: '停用储罐，更换液位计并加装高液位联锁',
  fundsMaterials: '资金 20 万元，材料已采购',
  organization: '由主要负责人牵头，设备部负责实施',
  schedule: '一个月内完成',
  safetyMeasures: '治理期间停用储罐，设警戒区，制定应急预案',
});

/** Handling steps of the matrix: each role acts on a report of its own in the state the step starts from. */
export const REPORT_STEPS = ['accept', 'recategorize', 'verify', 'reply', 'hazard', 'link', 'case', 'reward', 'decide', 'pay', 'identity'] as const;
// ---------- inspection resolvers ----------

/**
 * Inspection records tied to an enterprise, kept for three fixture enterprises (construction: 区住建局's;
 * hazchemOther and ownEnterprise: 区应急管理局's). The street sees qiye's enterprise (in 将军路街道).
 */
const INSP_SCOPE: Record<Role, [own: EntKey, other?: EntKey]> = {
  admin: ['construction'],
  office: ['construction'],
  department: ['construction', 'hazchemOther'],
  street: ['ownEnterprise', 'hazchemOther'],
  enterprise: ['ownEnterprise', 'construction'],
  inspector: ['ownEnterprise', 'construction'],
};
const inspByEnterprise =
  (prefix: string): Resolver =>
  (ids, role) => {
    const [own, other] = INSP_SCOPE[role];
    return { own: ids[`${prefix}:${own}`], other: other ? ids[`${prefix}:${other}`] : undefined };
  };
/** Draws: published ones are public to every user; committed ones only to their department and the office. */
const INSPECTION_RESOLVERS: Record<string, Resolver> = {
  inspection: inspByEnterprise('insp'),
  inspCase: inspByEnterprise('inspCase'),
  inspDocument: inspByEnterprise('inspDoc'),
  inspSignature: inspByEnterprise('inspSig'),
  inspPlanned: (ids, role) => ({ own: ids.inspPlanned, other: role === 'department' ? ids.inspPlannedHazchemOther : ids.inspPlannedConstruction }),
  inspStarted: (ids, role) => ({ own: ids.inspStarted, other: role === 'department' ? ids.inspPlannedHazchemOther : ids.inspPlannedConstruction }),
  inspSubmit: (ids, role) => ({ own: ids.inspSubmit, other: role === 'department' ? ids.inspPlannedHazchemOther : ids.inspPlannedConstruction }),
  inspDraw: (ids, role) => ({
    own: role === 'department' ? ids.inspDrawHousing : ids.inspDrawEmergency,
    other: role === 'admin' || role === 'office' ? undefined : role === 'inspector' ? ids.inspDrawCommittedHousing : ids.inspDrawCommittedEmergency,
  }),
  inspDrawExecute: (ids, role) => ({ own: ids[`inspDrawExecute:${role}`], other: role === 'department' ? ids.inspDrawCommittedEmergency : undefined }),
  inspectorUser: (ids, role) => (role === 'department' ? { own: ids.inspUserHousing, other: ids.inspUserEmergency } : { own: ids.inspUserEmergency }),
  inspConflict: (ids, role) => ({ own: ids[`inspConflict:${role}`], other: ids[`inspConflict:${role}`] }),
  inspReview: (ids, role) => ({ own: ids[`inspReview:${role}`], other: role === 'department' ? ids['inspReview:office'] : undefined }),
  // 执法计划: a department and its inspectors see their own unit's, the office (and admin) every department's.
  inspPlan: (ids, role) => ({
    own: role === 'department' ? ids.inspPlanHousing : ids.inspPlanEmergency,
    other: role === 'department' ? ids.inspPlanEmergency : role === 'inspector' ? ids.inspPlanHousing : undefined,
  }),
  inspPlanEdit: (ids, role) => ({ own: ids.inspPlanHousing, other: role === 'department' ? ids.inspPlanEmergency : undefined }),
  inspPlanSubmit: (ids, role) => ({ own: ids.inspPlanSubmit, other: role === 'department' ? ids.inspPlanEmergency : undefined }),
  inspPlanReview: (ids) => ({ own: ids.inspPlanReview }),
  // 失信 entries by the enterprise's scope.
  inspDishonest: (ids, role) => ({
    own: ids[`inspDish:${role}`] ?? ids['inspDish:office'],
    other: role === 'department' ? ids['inspDish:office'] : role === 'enterprise' ? ids['inspDish:department'] : undefined,
  }),
  inspDishonestReview: (ids, role) => ({ own: ids[`inspDishRev:${role}`] ?? ids['inspDishRev:office'], other: role === 'department' ? ids['inspDishRev:office'] : undefined }),
};

export const RESOURCE_RESOLVERS: Record<string, Resolver> = {
  enterprise: (ids, role) => {
    switch (role) {
      case 'admin':
      case 'office':
        return { own: ids.entConstruction };
      case 'department':
        return { own: ids.entConstruction, other: ids.entHazchemOther };
      case 'street':
        return { own: ids.entStreetOwn, other: ids.entHazchemOther };
      case 'enterprise':
        return { own: ids.entOwnEnterprise, other: ids.entConstruction };
      case 'inspector':
        return { own: ids.entOwnEnterprise, other: ids.entConstruction };
    }
  },
  unit: (ids) => ({ own: ids.anyUnit }),
  user: (ids) => ({ own: ids.someUser }),
  file: (ids, role) => ({ own: ids[`file:${role}`], other: role === 'admin' ? undefined : ids[`file:${otherRole(role)}`] }),
  notification: (ids, role) => ({ own: ids[`notification:${role}`], other: ids[`notification:${otherRole(role)}`] }),

  // ---------- plan: drafts are the district's (region prefix); one of district 420113 is not found ----------
  planDraft: (ids, role) => ({ own: ids.planDraft, other: role === 'admin' ? undefined : ids.planDraftForeign }),
  planDraftEdit: perRole('planDraftEdit', { office: 'planDraftForeign' }),
  planDraftImport: perRole('planDraftImport', { office: 'planDraftForeign' }),
  planDraftDelete: perRole('planDraftDelete', { office: 'planDraftForeign' }),

  // ---------- campaign ----------
  campaign: campaignOf('campaign'),
  campaignArchive: (ids, role) => ({ own: ids[`campaignArchive:${role}`], other: role === 'admin' ? undefined : ids.campaignForeign }),
  /** the campaign of a summary: the same on both sides, so that the summary decides */
  campaignOfSummary: same('campaign'),
  campaignTask: (ids) => ({ own: ids.campaignTask, other: ids.campaignForeignTask }),
  campaignItem: (ids) => ({ own: ids.campaignItem, other: ids.campaignForeignTask }),
  campaignTaskDelete: (ids, role) => ({ own: ids[`campaignTaskDelete:${role}`], other: ids.campaignForeignTask }),
  campaignIndicator: (ids) => ({ own: ids.campaignIndicator, other: ids.campaignForeignIndicator }),
  campaignIndicatorDelete: (ids, role) => ({ own: ids[`campaignIndicatorDelete:${role}`], other: ids.campaignForeignIndicator }),
  campaignPeriod: same('campaignPeriod'),
  campaignSavePeriod: same('campaignSavePeriod'),
  campaignAttachmentPeriod: same('campaignAttachmentPeriod'),
  campaignClosePeriod: (ids, role) => ({ own: ids[`campaignClosePeriod:${role}`], other: ids[`campaignClosePeriod:${role}`] }),
  campaignVetoUnit: (ids, role) => ({ own: ids[`campaignVetoUnit:${role}`], other: ids[`campaignVetoUnit:${role}`] }),
  campaignAttachment: (ids, role) => ({ own: ids[`campaignAttachment:${role}`], other: ids[`campaignAttachment:${role}`] }),
  campaignReport: byUnit('campaignReport'),
  campaignReportAccept: perRole('campaignReportAccept'),
  campaignReportReturn: perRole('campaignReportReturn'),
  campaignListEntry: (ids, role) => ({ ...byUnit('campaignList')(ids, role), own: ids[`campaignList:${role}`] }),
  campaignListEntryDelete: (ids, role) => ({ ...byUnit('campaignList')(ids, role), own: ids[`campaignListDelete:${role}`] }),
  campaignSummary: (ids, role) => ({ ...byUnit('campaignSummary')(ids, role), own: ids[`campaignSummary:${role}`] }),
  campaignSummaryDelete: (ids, role) => ({ ...byUnit('campaignSummary')(ids, role), own: ids[`campaignSummaryDelete:${role}`] }),

  // ---------- checklist templates: published ones are the district's reference, drafts only their editors' ----------
  checklistTemplate: (ids, role) => ({ own: ids.checklistPublished, other: role === 'admin' || role === 'office' ? undefined : ids.checklistHazchemDraftOnly }),
  checklistVersion: (ids, role) => ({ own: ids.checklistPublishedVersion, other: role === 'admin' || role === 'office' ? undefined : ids.checklistHazchemDraft }),
  checklistDraft: perRole('checklistDraft', { department: 'checklistHazchemDraft' }),
  checklistDraftDelete: perRole('checklistDraftDelete', { department: 'checklistHazchemDraft' }),
  checklistNewVersion: perRole('checklistNewVersion', { department: 'checklistHazchemPublished' }),
  // ---------- self-inspection: by the enterprise's scope ----------
  selfPlan: byEnterprise('selfPlan'),
  selfRun: byEnterprise('selfRun'),
  selfRunOpen: (ids, role) => ({ own: ids.selfRunOpen, other: role === 'enterprise' ? ids['selfRun:construction'] : undefined }),
  selfRunItem: same('selfRunItem'),

  // ---------- hazard: by the enterprise's scope; each workflow step acts on a hazard of its own in the right state ----------
  hazard: byEnterprise('hazard'),
  /** `hazardStep:<route step>`: per role a hazard in its scope in the state the step starts from; other: a hazard outside */
  ...Object.fromEntries(
    HAZARD_STEP_ROUTES.map((step) => [
      `hazardStep:${step}`,
      ((ids, role) => ({ own: ids[`hazardStep:${step}:${role}`], other: byEnterprise('hazard')(ids, role).other })) as Resolver,
    ]),
  ),
  hazardAction: (ids, role) => ({ own: ids[`hazardAction:${role}`], other: ids[`hazardAction:${role}`] }),
  hazardActionDelete: (ids, role) => ({ own: ids[`hazardActionDelete:${role}`], other: ids[`hazardActionDelete:${role}`] }),

  // ---------- files of the modules' records (GET /api/files/:id) ----------
  hazardFile: byEnterprise('hazardFile'),
  riskFilingFile: byEnterprise('riskFilingFile'),
  /** 区住建局 leads item 1 (it sees what others file on it); item 3 is led by 区应急管理局, filed on by 将军路街道 */
  campaignFile: (ids, role) => {
    switch (role) {
      case 'admin':
      case 'office':
        return { own: ids['campaignFile:department'] };
      case 'department':
        return { own: ids['campaignFile:department'], other: ids['campaignFile:street'] };
      case 'street':
        return { own: ids['campaignFile:street'], other: ids['campaignFile:department'] };
      default:
        return { other: ids['campaignFile:department'] };
    }
  },
  /** a photo of qiye's self-inspection (危险化学品, 将军路街道): 区住建局 does not see it */
  selfPhoto: (ids, role) => (role === 'department' ? { other: ids.selfPhoto } : { own: ids.selfPhoto }),

  // ---------- risk: by the enterprise's scope ----------
  riskPoint: byEnterprise('riskPoint'),
  riskSource: byEnterprise('riskSource'),

  // ---------- emergency: the district's databases (read by all of it; one moved to 420113 is not found) ----------
  ...emergencyResolvers(),
  // ---------- report (12350): A = 城市建设 in 将军路街道 (office, 区住建局, 将军路街道 see it); B = 危险化学品 in 吴家山街道 (office only) ----------
  report: (ids, role) => ({ own: ids.reportA, other: role === 'office' || role === 'admin' ? undefined : ids.reportB }),
  reportPhoto: same('reportPhoto'),
  ...Object.fromEntries(
    REPORT_STEPS.map((step) => [`reportStep:${step}`, ((ids, role) => ({ own: ids[`reportStep:${step}:${role}`] ?? ids.reportA, other: role === 'office' || role === 'admin' ? undefined : ids.reportB })) as Resolver]),
  ),
  reportHoliday: perRole('reportHoliday'),
  reportApiKey: perRole('reportApiKey'),
  reportCode: same('reportCode'),
  // ---------- inspection (执法检查) ----------
  ...INSPECTION_RESOLVERS,
  // ---------- monitoring: devices, sensors and alarms by the fixture enterprise ----------
  monDevice: byEnterprise('monDevice'),
  monSensor: byEnterprise('monSensor'),
  monAlarm: byEnterprise('monAlarm'),
  monSensorDelete: (ids, role) => ({ own: ids[`monSensorDelete:${role}`], other: byEnterprise('monSensor')(ids, role).other }),
  // ---------- 预案与演练 ----------
  ...planResolvers(),
};

/** Emergency records: read in the district; changed by the keeping unit (each writer role its own copy). */
function emergencyResolvers(): Record<string, Resolver> {
  const out: Record<string, Resolver> = {};
  const foreign = (key: string) => (ids: Ids, role: Role) => (role === 'admin' ? undefined : ids[`${key}:foreign`]);
  for (const kind of ['teams', 'materials', 'experts', 'regulations', 'cases']) {
    out[`em:${kind}`] = (ids, role) => ({ own: ids[`em:${kind}:office`], other: foreign(`em:${kind}`)(ids, role) });
    out[`emEdit:${kind}`] = (ids, role) => ({ own: ids[`em:${kind}:${role}`] ?? ids[`em:${kind}:office`], other: foreign(`em:${kind}`)(ids, role) });
    out[`emDelete:${kind}`] = (ids, role) => ({ own: ids[`emDelete:${kind}:${role}`] ?? ids[`em:${kind}:office`], other: foreign(`em:${kind}`)(ids, role) });
  }
  out.emLiaison = (ids, role) => ({ own: ids[`emLiaison:${role}`] ?? ids['emLiaison:office'], other: foreign('emLiaison')(ids, role) });
  out.emLiaisonDelete = (ids, role) => ({ own: ids[`emLiaisonDelete:${role}`] ?? ids['emLiaison:office'], other: foreign('emLiaison')(ids, role) });
  out.emUnit = (ids) => ({ own: ids.emUnit });
  // ---------- 值守、事故信息、资源地图 ----------
  out.emShift = (ids, role) => ({ own: ids[`emShift:${role}`] ?? ids['emShift:office'], other: foreign('emShift')(ids, role) });
  out.emShiftDelete = (ids, role) => ({ own: ids[`emShiftDelete:${role}`] ?? ids['emShift:office'], other: foreign('emShift')(ids, role) });
  out.emAccident = (ids, role) => ({ own: role === 'department' ? ids['emAccident:department'] : ids['emAccident:enterprise'], other: foreign('emAccident')(ids, role) });
  return out;
}

// ---------- fixtures ----------


async function ok(p: Promise<{ statusCode: number; body: string; json(): unknown }>, what: string, expected = [200, 201]): Promise<any> {
  const r = await p;
  if (!expected.includes(r.statusCode)) throw new Error(`matrix fixture ${what}: ${r.statusCode} ${r.body.slice(0, 400)}`);
  return r.json();
}

const q1 = async (t: TestApp, text: string): Promise<string> => {
  const r = (await rows<{ id: string }>(t.database.db, sql.raw(text)))[0]?.id;
  if (!r) throw new Error(`matrix fixture: nothing for ${text}`);
  return r;
};

/** A small plan with a campaign period in its text (imports quickly). */
export const SMALL_PLAN = readFileSync(new URL('../../fixtures/plans/nanhu-city-2021-hazchem.txt', import.meta.url));
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
export const matrixPng = PNG;

export function upload(name: string, data: Buffer, fields: Record<string, string> = {}) {
  return multipart([{ field: 'file', name, data }], fields);
}

/** Records the modules' routes need (created through their APIs, SQL only to move one out of the district); returns their ids. */
export async function prepareModuleFixtures(t: TestApp, clients: Record<Role, Client>, base: Ids): Promise<Ids> {
  const ids: Ids = {};
  Object.assign(ids, await preparePlan(t, clients));
  Object.assign(ids, await prepareCampaign(t, clients));
  Object.assign(ids, await prepareChecklist(t, clients, base));
  Object.assign(ids, await prepareRisk(t, clients, base));
  Object.assign(ids, await prepareHazard(t, clients, base));
  Object.assign(ids, await prepareEmergency(t, clients));
  Object.assign(ids, await prepareReport(t, clients, { ...base, ...ids }));
  Object.assign(ids, await prepareInspection(t, clients, base));
  Object.assign(ids, await prepareMonitoring(t, clients, base));
  // ---------- 预案与演练 ----------
  Object.assign(ids, await preparePlansAndDrills(t, clients));
  return ids;
}

// ---------- emergency ----------

export const EMERGENCY_KINDS = ['teams', 'materials', 'experts', 'regulations', 'cases'] as const;
export type EmergencyKind = (typeof EMERGENCY_KINDS)[number];
/** A valid record of each database (the same body creates and updates; materials' update has no quantity). */
export function emergencyBody(kind: EmergencyKind, suffix: string, forUpdate = false): Record<string, unknown> {
  switch (kind) {
    case 'teams':
      return { name: `矩阵救援队${suffix}`, unitName: '矩阵单位', kind: '兼职救援队', specialty: '疏散', size: 8, baseAddress: '将军路街道', contactName: '张三', contactPhone: '13800001111' };
    case 'materials':
      return { name: `矩阵物资${suffix}`, category: '防护用品', unitOfMeasure: '套', ...(forUpdate ? {} : { quantity: 10 }), depot: '矩阵仓库', ownerName: '矩阵单位' };
    case 'experts':
      return { name: `矩阵专家${suffix}`, kind: '技术', field: '消防', organisation: '矩阵研究院' };
    case 'regulations':
      return { title: `矩阵规章${suffix}`, kind: '规范性文件', level: '区', issuer: '区安委办', fullText: '矩阵全文' };
    case 'cases':
      return { title: `矩阵案例${suffix}`, occurredOn: '2010-05-01', place: '某地', accidentType: '火灾', cause: '电气线路老化' };
  }
}

async function prepareEmergency(t: TestApp, c: Record<Role, Client>): Promise<Ids> {
  const ids: Ids = {};
  const writers: Role[] = ['office', 'department', 'street'];
  let n = 0;
  for (const kind of EMERGENCY_KINDS) {
    const create = async (who: Role) => (await ok(c[who].post(`/api/emergency/${kind}`, emergencyBody(kind, `${++n}`)), `emergency ${kind}`, [201])).id as string;
    for (const r of writers) {
      ids[`em:${kind}:${r}`] = await create(r);
      ids[`emDelete:${kind}:${r}`] = await create(r);
    }
    ids[`em:${kind}:foreign`] = await create('office');
    await rows(t.database.db, sql.raw(`UPDATE emergency_${kind} SET region_code = '420113' WHERE id = '${ids[`em:${kind}:foreign`]}'`));
    await rows(t.database.db, sql`UPDATE emergency_search SET region_code = '420113' WHERE ref_id = ${ids[`em:${kind}:foreign`]}`);
  }
  for (const r of [...writers, 'enterprise'] as Role[]) {
    const create = async () => (await ok(c[r].post('/api/emergency/liaisons', { name: `矩阵联络员${++n}`, mobile: '13800002222' }), 'emergency liaison', [201])).id as string;
    ids[`emLiaison:${r}`] = await create();
    ids[`emLiaisonDelete:${r}`] = await create();
  }
  ids['emLiaison:foreign'] = (await ok(c.office.post('/api/emergency/liaisons', { name: '外区联络员', mobile: '13800003333' }), 'emergency liaison', [201])).id;
  await rows(t.database.db, sql`UPDATE emergency_liaisons SET region_code = '420113' WHERE id = ${ids['emLiaison:foreign']}`);
  ids.emUnit = c.street.user!.unitId!;
  // ---------- 值守、事故信息、资源地图 ----------
  let day = 0;
  const shift = async (r: Role) => (await ok(c[r].post('/api/emergency/duty', { date: `2030-03-${String(++day).padStart(2, '0')}`, leaderName: '矩阵带班', officerName: '矩阵值班', officerPhone: '13800006666' }), 'emergency shift', [201])).id as string;
  for (const r of writers) {
    ids[`emShift:${r}`] = await shift(r);
    ids[`emShiftDelete:${r}`] = await shift(r);
  }
  ids['emShift:foreign'] = await shift('office');
  await rows(t.database.db, sql`UPDATE emergency_duty_shifts SET region_code = '420113' WHERE id = ${ids['emShift:foreign']}`);
  const accident = { type: '机械伤害', occurredAt: new Date(Date.parse(`${TEST_TODAY}T09:30:00+08:00`)).toISOString(), place: '矩阵车间', summary: '矩阵事故经过', deaths: 0, seriousInjuries: 1, directLossWan: 2 };
  ids['emAccident:enterprise'] = (await ok(c.enterprise.post('/api/emergency/accidents', accident), 'accident', [201])).id;
  ids['emAccident:department'] = (await ok(c.department.post('/api/emergency/accidents', { ...accident, enterpriseName: '矩阵工地', regionCode: '420112004', sector: 'construction' }), 'accident', [201])).id;
  ids['emAccident:foreign'] = (await ok(c.office.post('/api/emergency/accidents', { ...accident, enterpriseName: '外区工地', regionCode: '420112004', sector: 'hazchem' }), 'accident', [201])).id;
  await rows(t.database.db, sql`UPDATE emergency_accidents SET region_code = '420113004' WHERE id = ${ids['emAccident:foreign']}`);
  return ids;
}

// ---------- plan ----------

async function preparePlan(t: TestApp, c: Record<Role, Client>): Promise<Ids> {
  const ids: Ids = {};
  const draft = async (who: Client, withPeriod = false) => {
    const up = upload('矩阵方案.txt', SMALL_PLAN);
    const d = await ok(who.post('/api/plans', up.payload, { headers: up.headers }), 'plan upload', [201]);
    if (withPeriod && !d.plan?.campaign?.start) {
      await ok(who.patch(`/api/plans/${d.id}`, { version: d.version, ops: [{ op: 'editPlan', campaignStart: '2021-03-01', campaignEnd: '2021-12-31' }] }), 'plan period');
    }
    return d.id as string;
  };
  ids.planDraft = await draft(c.office);
  ids.planDraftForeign = await draft(c.office);
  await rows(t.database.db, sql`UPDATE plan_drafts SET region_code = '420113' WHERE id = ${ids.planDraftForeign}`);
  for (const r of ['admin', 'office'] as Role[]) {
    ids[`planDraftEdit:${r}`] = await draft(c[r]);
    ids[`planDraftImport:${r}`] = await draft(c[r], true);
    ids[`planDraftDelete:${r}`] = await draft(c[r]);
  }
  const plan = await parsePlanDocument(SMALL_PLAN, 'nanhu.txt', { units: await planUnitDirectory(t.deps) });
  ids.smallPlanJson = JSON.stringify(plan);
  return ids;
}

// ---------- campaign ----------

async function prepareCampaign(t: TestApp, c: Record<Role, Client>): Promise<Ids> {
  const ids: Ids = {};
  const office = c.office;
  const year = new Date().getFullYear() - 1; // a past year: every month is open for reports
  const p = (m: number) => `${year}-${String(m).padStart(2, '0')}`;
  const unit = async (code: string) => q1(t, `SELECT id FROM units WHERE code = '${code}'`);
  ids['unit:office'] = await unit('office');
  ids['unit:department'] = await unit('dept.housing');
  ids['unit:street'] = await unit('street.420112004');
  ids.campaignYear = String(year);

  const campaign = async (name: string) => (await ok(office.post('/api/campaigns', { name, startDate: `${year}-01-01`, endDate: `${year + 1}-12-31` }), 'campaign', [201])).id as string;
  const node = async (id: string, body: Record<string, unknown>) => (await ok(office.post(`/api/campaigns/${id}/tasks`, body), 'campaign task', [201])).id as string;

  // The district campaign every unit reports on: one task (lead 区住建局, co 区安委办, 属地 every street) with one item.
  ids.campaign = await campaign('矩阵测试专项行动');
  ids.campaignTask = await node(ids.campaign, { kind: 'task', title: '矩阵测试任务' });
  ids.campaignItem = await node(ids.campaign, { kind: 'item', title: '矩阵测试事项', parentId: ids.campaignTask });
  await ok(office.put(`/api/campaigns/${ids.campaign}/tasks/${ids.campaignTask}/assignments`, { lead: [{ unitId: ids['unit:department'] }], co: [{ unitId: ids['unit:office'] }], territorial: true }), 'assign');
  ids.campaignIndicator = (await ok(office.post(`/api/campaigns/${ids.campaign}/indicators`, { taskId: ids.campaignTask, name: '矩阵完成率', unit: '%', targetValue: 100 }), 'indicator', [201])).id;
  for (const r of ['admin', 'office'] as Role[]) {
    ids[`campaignTaskDelete:${r}`] = await node(ids.campaign, { kind: 'task', title: `矩阵待删任务 ${r}` });
    ids[`campaignIndicatorDelete:${r}`] = (await ok(office.post(`/api/campaigns/${ids.campaign}/indicators`, { name: `矩阵待删指标 ${r}`, targetValue: 100 }), 'indicator', [201])).id;
    ids[`campaignArchive:${r}`] = await campaign(`矩阵归档测试 ${r}`);
  }
  ids['campaignClosePeriod:admin'] = p(8);
  ids['campaignClosePeriod:office'] = p(9);
  ids['campaignVetoUnit:admin'] = ids['unit:department'];
  ids['campaignVetoUnit:office'] = ids['unit:street'];
  ids.campaignPeriod = p(1);
  ids.campaignSavePeriod = p(6);
  ids.campaignAttachmentPeriod = p(7);

  // A campaign of another district (420113): nobody of 420112 but the admin sees it.
  ids.campaignForeign = await campaign('矩阵外区专项行动');
  ids.campaignForeignTask = await node(ids.campaignForeign, { kind: 'task', title: '外区任务' });
  ids.campaignForeignIndicator = (await ok(office.post(`/api/campaigns/${ids.campaignForeign}/indicators`, { name: '外区指标', targetValue: 100 }), 'indicator', [201])).id;
  await rows(t.database.db, sql`UPDATE campaigns SET region_code = '420113' WHERE id = ${ids.campaignForeign}`);

  // Monthly reports: 区住建局 files months 1–5 (for reading, two accepts, two returns); 将军路街道 month 1.
  const entries = [{ itemId: ids.campaignItem, status: '推进中', narrative: '矩阵测试进展。' }];
  const submit = async (who: Client, period: string) => (await ok(who.post(`/api/campaigns/${ids.campaign}/reports/${period}/submit`, { summary: '矩阵测试报告', entries }), `report ${period}`)).id as string;
  ids['campaignReport:department'] = await submit(c.department, p(1));
  ids['campaignReport:street'] = await submit(c.street, p(1));
  ids['campaignReportAccept:admin'] = await submit(c.department, p(2));
  ids['campaignReportAccept:office'] = await submit(c.department, p(3));
  ids['campaignReportReturn:admin'] = await submit(c.department, p(4));
  ids['campaignReportReturn:office'] = await submit(c.department, p(5));
  // An attachment of each reporting unit's month-7 draft (admin acts for the office's unit).
  for (const r of ['office', 'department', 'street'] as Role[]) {
    const up = upload('矩阵附件.png', PNG, { itemId: ids.campaignItem });
    ids[`campaignAttachment:${r}`] = (await ok(c[r].post(`/api/campaigns/${ids.campaign}/reports/${p(7)}/attachments`, up.payload, { headers: up.headers }), 'attachment', [201])).id;
  }
  const up = upload('矩阵附件二.png', PNG, { itemId: ids.campaignItem });
  ids['campaignAttachment:admin'] = (await ok(c.office.post(`/api/campaigns/${ids.campaign}/reports/${p(7)}/attachments`, up.payload, { headers: up.headers }), 'attachment', [201])).id;

  // Files for the file-access check: 区住建局's on its own item; 将军路街道's on an item 区应急管理局 leads.
  const task3 = await node(ids.campaign, { kind: 'task', title: '矩阵测试任务三' });
  const item3 = await node(ids.campaign, { kind: 'item', title: '矩阵测试事项三', parentId: task3 });
  await ok(office.put(`/api/campaigns/${ids.campaign}/tasks/${task3}/assignments`, { lead: [{ unitId: await unit('dept.emergency') }], co: [{ unitId: ids['unit:office'] }], territorial: true }), 'assign');
  for (const [r, itemId] of [['department', ids.campaignItem], ['street', item3]] as const) {
    const f = upload('矩阵月报附件.png', PNG, { itemId });
    ids[`campaignFile:${r}`] = (await ok(c[r].post(`/api/campaigns/${ids.campaign}/reports/${p(7)}/attachments`, f.payload, { headers: f.headers }), 'attachment', [201])).id;
  }

  // 三个清单 and summaries of each unit (admin and office act on the office's own).
  for (const r of ['admin', 'office', 'department', 'street'] as Role[]) {
    const who = r === 'admin' ? c.office : c[r];
    ids[`campaignList:${r}`] = (await ok(who.post(`/api/campaigns/${ids.campaign}/lists`, { kind: 'measure', title: `矩阵清单 ${r}` }), 'list', [201])).id;
    ids[`campaignListDelete:${r}`] = (await ok(who.post(`/api/campaigns/${ids.campaign}/lists`, { kind: 'measure', title: `矩阵待删清单 ${r}` }), 'list', [201])).id;
    const body = r === 'department' || r === 'street' ? { periodKey: `${year}-Q1`, unitId: ids[`unit:${r}`] } : { periodKey: `${year}-Q1` };
    ids[`campaignSummary:${r}`] = (await ok(who.post(`/api/campaigns/${ids.campaign}/summaries`, body), 'summary', [201])).id;
    ids[`campaignSummaryDelete:${r}`] = (await ok(who.post(`/api/campaigns/${ids.campaign}/summaries`, body), 'summary', [201])).id;
  }
  return ids;
}

// ---------- checklist and self-inspection ----------

const CHECK_ITEM = (n: number) => ({
  category: '基础管理',
  project: `矩阵项目${n}`,
  point: `检查要点 ${n}：按规定落实。`,
  basis: '《中华人民共和国安全生产法》第四条',
  method: '查资料。判定：未落实的，判为不合格。',
});

export async function checklistWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('清单');
  ws.addRow(['序号', '类别', '项目', '检查要点', '检查依据', '检查方法及判定标准', '是否重大隐患判定项']);
  ws.addRow([1, '基础管理', '制度', '建立安全生产责任制。', '《中华人民共和国安全生产法》第四条', '查资料。判定：未建立的，判为不合格。', '否']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function prepareChecklist(t: TestApp, c: Record<Role, Client>, base: Ids): Promise<Ids> {
  const ids: Ids = {};
  const create = async (who: Client, sector: string, name: string, items = 1) =>
    ok(who.post('/api/checklists', { sector, name, items: Array.from({ length: items }, (_, i) => CHECK_ITEM(i + 1)) }), 'checklist', [201]);
  const publish = async (who: Client, versionId: string) => ok(who.post(`/api/checklists/versions/${versionId}/publish`, {}), 'publish');

  ids.checklistPublished = await q1(t, `SELECT id FROM checklist_templates WHERE sector = 'construction' AND current_version_id IS NOT NULL ORDER BY code LIMIT 1`);
  ids.checklistPublishedVersion = await q1(t, `SELECT current_version_id AS id FROM checklist_templates WHERE id = '${ids.checklistPublished}'`);
  ids.checklistHazchemPublished = await q1(t, `SELECT id FROM checklist_templates WHERE sector = 'hazchem' AND current_version_id IS NOT NULL ORDER BY code LIMIT 1`);
  // A 危险化学品 checklist that only has a draft: only its editors (office; not 区住建局) see it.
  const hz = await create(c.office, 'hazchem', '矩阵危化品草稿清单');
  ids.checklistHazchemDraftOnly = hz.templateId;
  ids.checklistHazchemDraft = hz.id;
  for (const r of ['admin', 'office', 'department'] as Role[]) {
    const sector = r === 'department' ? 'construction' : 'fire';
    ids[`checklistDraft:${r}`] = (await create(c[r], sector, `矩阵编辑清单 ${r}`)).id;
    ids[`checklistDraftDelete:${r}`] = (await create(c[r], sector, `矩阵待删清单 ${r}`)).id;
    const nv = await create(c[r], sector, `矩阵新版本清单 ${r}`);
    await publish(c[r], nv.id);
    ids[`checklistNewVersion:${r}`] = nv.templateId;
  }

  // Self-inspection plans for each fixture enterprise (by the office), on a small published checklist.
  const small = await create(c.office, 'hazchem', '矩阵自查清单', 2);
  await publish(c.office, small.id);
  ids.selfTemplate = small.templateId;
  for (const k of ENT_KEYS) {
    const plan = await ok(
      c.office.post('/api/self-inspection/plans', { enterpriseId: entIdOf(base, k), templateId: small.templateId, name: `矩阵自查计划 ${k}`, cycle: 'monthly', responsibleName: '赵晓东' }),
      'self-inspection plan',
      [201],
    );
    ids[`selfPlan:${k}`] = plan.id;
  }
  // The enterprise's open run of this month: one item filled here, the other by the matrix, then submitted.
  const run = await ok(c.enterprise.post(`/api/self-inspection/plans/${ids['selfPlan:ownEnterprise']}/runs`), 'run', [201]);
  ids.selfRunOpen = run.id;
  const photo = upload('自查现场.png', PNG);
  ids.selfPhoto = (await ok(c.enterprise.post(`/api/self-inspection/runs/${run.id}/photos`, photo.payload, { headers: photo.headers }), 'self photo', [201])).id;
  await ok(c.enterprise.put(`/api/self-inspection/runs/${run.id}/items/${run.items[0].id}`, { result: 'pass', photoFileIds: [ids.selfPhoto] }), 'run item');
  ids.selfRunItem = run.items[1].id;
  // Submitted runs of the seed, by scope.
  const runWhere: Record<EntKey, string> = {
    construction: `sector = 'construction'`,
    hazchemOther: `sector = 'hazchem' AND region_code <> '420112004' AND enterprise_id <> '${base.entOwnEnterprise}'`,
    streetOwn: `region_code = '420112004' AND sector NOT IN ('construction', 'housing', 'civildefense', 'hazchem')`,
    ownEnterprise: `enterprise_id = '${base.entOwnEnterprise}'`,
  };
  for (const k of ENT_KEYS) ids[`selfRun:${k}`] = await q1(t, `SELECT id FROM self_inspection_runs WHERE ${runWhere[k]} ORDER BY id LIMIT 1`);
  return ids;
}

// ---------- risk ----------

export const riskPointBody = (over: Record<string, unknown> = {}) => ({
  name: '矩阵储罐区',
  kind: '场所',
  location: '罐区',
  controlLevel: '公司',
  hazardFactors: ['储罐泄漏遇点火源'],
  accidentTypes: ['火灾'],
  measures: [{ kind: '工程技术', content: '设置可燃气体报警并联锁紧急切断', responsibleLevel: '公司' }],
  reviewCycleDays: 365,
  ...over,
});

export const riskSourceBody = (over: Record<string, unknown> = {}) => ({
  name: '矩阵液氯储存单元',
  unitKind: '储存单元',
  location: '液氯库',
  peopleExposed: 60,
  substances: [{ catalogId: 't1-12', quantity: 20 }],
  installations: [{ tag: 'V-1', name: '液氯钢瓶库', kind: '仓库', medium: '液氯' }],
  mainName: '王主要',
  techName: '李技术',
  opName: '赵操作',
  ...over,
});

async function prepareRisk(t: TestApp, c: Record<Role, Client>, base: Ids): Promise<Ids> {
  const ids: Ids = {};
  for (const k of ENT_KEYS) {
    const enterpriseId = entIdOf(base, k);
    ids[`riskPoint:${k}`] = (await ok(c.office.post('/api/risk/points', riskPointBody({ enterpriseId, name: `矩阵风险点 ${k}` })), 'risk point', [201])).id;
    ids[`riskSource:${k}`] = (await ok(c.office.post('/api/risk/sources', riskSourceBody({ enterpriseId, name: `矩阵重大危险源 ${k}` })), 'risk source', [201])).id;
  }
  // A filing with its document for each fixture enterprise's 重大危险源.
  for (const k of ENT_KEYS) {
    const f = upload('备案回执.png', PNG, { filingNo: `东应急危备〔2026〕矩阵${k}号`, filedOn: '2026-02-01', authority: '东西湖区应急管理局' });
    const v = await ok(c.office.post(`/api/risk/sources/${ids[`riskSource:${k}`]}/filings/upload`, f.payload, { headers: f.headers }), 'filing', [201]);
    const filed = v.filings.find((x: { file: { id: string } | null }) => x.file);
    if (!filed) throw new Error(`matrix fixture filing: no file in ${JSON.stringify(v.filings).slice(0, 300)}`);
    ids[`riskFilingFile:${k}`] = filed.file.id;
  }
  ids.riskRulesVersion = String((await ok(c.office.get('/api/risk/rules'), 'rules')).version);
  void t;
  return ids;
}

// ---------- hazard ----------

const HAZARD_ROLES: Role[] = ['office', 'department', 'street', 'enterprise', 'inspector'];

async function prepareHazard(_t: TestApp, c: Record<Role, Client>, base: Ids): Promise<Ids> {
  const ids: Ids = {};
  const gov = c.office;
  const { deadline } = hazardDates();
  const register = async (enterpriseId: string, label: string) =>
    (await ok(gov.post('/api/hazards', { enterpriseId, source: 'inspection', place: '储罐区', category: '危化品管理', description: `矩阵测试隐患：${label}` }), 'hazard', [201])).id as string;
  const step = async (id: string, path: string, body: unknown) => ok(gov.post(`/api/hazards/${id}/${path}`, body), `hazard ${path}`);
  const afterPhoto = async (id: string) => {
    const up = upload('整改后.png', PNG, { kind: 'after' });
    const v = await ok(gov.post(`/api/hazards/${id}/photos`, up.payload, { headers: up.headers }), 'hazard photo', [201]);
    return v.photos[0].fileId as string;
  };
  /** A hazard of the enterprise in the given state, driven there by the office. */
  const inState = async (enterpriseId: string, state: HazardState, label: string): Promise<{ id: string; actionId?: string }> => {
    const id = await register(enterpriseId, label);
    if (state === 'reported') {
      await afterPhoto(id); // 立查立改 needs a photo of the result
      return { id };
    }
    const major = state === 'major' || state === 'stopped' || state === 'resume_applied';
    await step(id, 'confirm', major ? { grade: '重大', standardRef: HAZARD_CLAUSE, deadline } : { grade: '一般', deadline });
    if (state === 'extension') await step(id, 'extension', { newDeadline: hazardDates().later, reason: '设备到货延迟' });
    if (state === 'action') {
      const v = await step(id, 'actions', { title: '更换液位计' });
      return { id, actionId: v.actions[0].id };
    }
    if (state === 'stopped' || state === 'resume_applied') {
      await step(id, 'stop', { kind: '全部停产' });
      await step(id, 'plan', governancePlanBody());
      await step(id, 'rectification', rectificationBody());
      await afterPhoto(id);
      await step(id, 'request-acceptance', { rectificationNote: '已完成整改，申请验收' });
      if (state === 'resume_applied') await step(id, 'resume', { application: '隐患已治理完毕，经评估符合安全生产条件，申请恢复生产。' });
    }
    if (state === 'rectifying' || state === 'pending_acceptance') {
      await step(id, 'rectification', rectificationBody());
      await afterPhoto(id);
      if (state === 'pending_acceptance') await step(id, 'request-acceptance', { rectificationNote: '已完成整改，申请验收' });
    }
    return { id };
  };

  // One plain (reported) hazard per fixture enterprise: reads, and the out-of-scope side of every step.
  for (const k of ENT_KEYS) {
    ids[`hazard:${k}`] = await register(entIdOf(base, k), k);
    ids[`hazardFile:${k}`] = await afterPhoto(ids[`hazard:${k}`]);
  }
  for (const route of HAZARD_STEP_ROUTES) {
    for (const role of HAZARD_ROLES) {
      const h = await inState(ownEnterpriseOf(base, role), HAZARD_STEP_STATE[route], `${route} ${role}`);
      ids[`hazardStep:${route}:${role}`] = h.id;
      if (route === 'action-update') ids[`hazardAction:${role}`] = h.actionId!;
      if (route === 'action-delete') ids[`hazardActionDelete:${role}`] = h.actionId!;
    }
  }
  return ids;
}

/** A one-row import of an emergency database (the template's example row). */
export async function emergencyWorkbook(kind: EmergencyKind) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  const body = emergencyBody(kind, '导入');
  const headers: Record<string, string> = {
    name: kind === 'experts' ? '姓名' : kind === 'teams' ? '队伍名称' : '物资名称',
    title: kind === 'cases' ? '案例名称' : '名称',
    unitName: '所属单位', kind: kind === 'experts' ? '专家类别' : kind === 'regulations' ? '类别' : '队伍类别', specialty: '专业特长', size: '人数', baseAddress: '驻地', contactName: '联系人', contactPhone: '联系电话',
    category: '物资类别', unitOfMeasure: '计量单位', quantity: '数量', depot: '存放地点', ownerName: '权属单位',
    field: '专业领域', organisation: '工作单位', level: '层级', issuer: '发布机关', fullText: '全文',
    occurredOn: '发生日期', place: '发生地点', accidentType: '事故类型', cause: '发生原因',
  };
  const keys = Object.keys(body);
  ws.addRow(keys.map((k) => headers[k]));
  ws.addRow(keys.map((k) => body[k] as ExcelJS.CellValue));
  return upload(`${kind}.xlsx`, Buffer.from(await wb.xlsx.writeBuffer()));
}

// ---------- report (12350 举报) ----------

export const REPORT_TODAY = TEST_TODAY;
const HANDLERS: Role[] = ['office', 'department', 'street'];

/** A well-formed PNG (signature, IHDR, IDAT, IEND): the report form refuses truncated ones. */
function reportPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.from('0000000100000001080600000000', 'hex').subarray(0, 13);
  return Buffer.concat([PNG.subarray(0, 8), chunk('IHDR', ihdr), chunk('IDAT', Buffer.from('789c63600000000200015', 'hex')), chunk('IEND', Buffer.alloc(0))]);
}

async function prepareReport(t: TestApp, c: Record<Role, Client>, base: Ids): Promise<Ids> {
  const ids: Ids = {};
  const make = async (input: Partial<NewReport> = {}, photo = false) => {
    const r = await t.database.db.transaction((tx) =>
      createReportInTx(t.deps, tx, SYSTEM_CONTEXT, { category: 'construction', description: '矩阵举报：工地基坑无护栏，夜间无照明。', address: '将军路街道 金山大道 1 号', channel: 'web', ...input }, photo ? [{ name: 'm.png', data: reportPng() }] : [], { ipHash: null, deviceHash: null }),
    );
    return { id: r.row.id, code: r.code };
  };
  const a = await make({}, true);
  ids.reportA = a.id;
  ids.reportCode = a.code;
  ids.reportPhoto = (await rows<{ id: string }>(t.database.db, sql`SELECT id FROM report_photos WHERE report_id = ${a.id}`))[0].id;
  ids.reportB = (await make({ category: 'hazchem', address: '吴家山街道 七雄路 1 号' })).id;
  const accepted = async (role: Role) => {
    const r = await make();
    await ok(c[role].post(`/api/reports/${r.id}/accept`), 'report accept');
    return r.id;
  };
  const verified = async (role: Role, finding: string) => {
    const id = await accepted(role);
    await ok(c[role].post(`/api/reports/${id}/verify`, { result: '属实', finding, note: '矩阵核查属实' }), 'report verify');
    return id;
  };
  for (const role of HANDLERS) {
    ids[`reportStep:accept:${role}`] = (await make()).id;
    ids[`reportStep:recategorize:${role}`] = (await make()).id;
    ids[`reportStep:verify:${role}`] = await accepted(role);
    ids[`reportStep:reply:${role}`] = await accepted(role);
    ids[`reportStep:identity:${role}`] = await accepted(role);
    ids[`reportStep:hazard:${role}`] = await verified(role, '一般事故隐患');
    ids[`reportStep:link:${role}`] = await verified(role, '一般事故隐患');
    ids[`reportStep:case:${role}`] = await verified(role, '安全生产违法行为');
    ids[`reportStep:reward:${role}`] = await verified(role, '安全生产违法行为');
  }
  // office approves a reward the department proposed, and pays one it approved before
  const proposed = await verified('department', '安全生产违法行为');
  await ok(c.department.post(`/api/reports/${proposed}/reward`, { fineAmount: 20000, penaltyDocNo: '东住建罚〔2026〕1号', exclusionChecked: true }), 'report reward');
  ids['reportStep:decide:office'] = proposed;
  const approved = await verified('department', '安全生产违法行为');
  await ok(c.department.post(`/api/reports/${approved}/reward`, { fineAmount: 20000, penaltyDocNo: '东住建罚〔2026〕2号', exclusionChecked: true }), 'report reward');
  await ok(c.office.post(`/api/reports/${approved}/reward/decision`, { approve: true, note: '同意' }), 'report reward decision');
  ids['reportStep:pay:office'] = approved;
  for (const role of ['admin', 'office'] as Role[]) {
    const date = role === 'admin' ? '2031-01-02' : '2031-01-03';
    await ok(c[role].post('/api/reports/holidays', { date, name: '矩阵假日', workday: false }), 'report holiday', [201]);
    ids[`reportHoliday:${role}`] = date;
    ids[`reportApiKey:${role}`] = (await ok(c[role].post('/api/reports/api-keys', { name: `矩阵合作应用 ${role}` }), 'report key', [201])).id;
  }
  // hazards the roles may link (in their scope): the hazard fixtures by enterprise
  ids.reportLinkHazard = base['hazard:construction'];
  ids.reportLinkHazardStreet = base['hazard:streetOwn'];
  ids.reportLinkHazardOther = base['hazard:hazchemOther'];
  return ids;
}

// ---------- inspection (执法检查) ----------

export const INSP_SIGNATURE = `data:image/png;base64,${PNG.toString('base64')}`;

async function prepareInspection(t: TestApp, c: Record<Role, Client>, base: Ids): Promise<Ids> {
  const ids: Ids = {};
  const uid = (u: string) => q1(t, `SELECT id FROM users WHERE username = '${u}'`);
  const jiancha3 = await uid('jiancha3');
  const zhujian2 = await uid('zhujian2');
  ids.inspUserEmergency = await uid('jiancha');
  ids.inspUserHousing = await uid('zhujian1');
  ids.inspUnitEmergency = await q1(t, `SELECT id FROM units WHERE code = 'dept.emergency'`);
  ids['inspTeam:jiancha3'] = jiancha3;
  ids['inspTeam:zhujian2'] = zhujian2;
  ids.inspConflictEntHousing = await q1(t, `SELECT id FROM enterprises WHERE sector = 'construction' AND id <> '${base.entConstruction}' ORDER BY credit_code LIMIT 1`);
  const zj = await t.login('zhujian1');
  const lists = await ok(c.office.get('/api/checklists'), 'checklists');
  const versionOf = (sector: string) => lists.find((x: { sector: string; currentVersionId: string | null }) => x.sector === sector && x.currentVersionId).currentVersionId as string;
  ids.inspVersionHazchem = versionOf('hazchem');
  ids.inspVersionConstruction = versionOf('construction');
  const version = await ok(c.office.get(`/api/checklists/versions/${ids.inspVersionHazchem}`), 'version');
  ids.inspItem = version.items[0].id;
  const constructionItem = (await ok(c.office.get(`/api/checklists/versions/${ids.inspVersionConstruction}`), 'version')).items[0].id as string;
  const plan = async (who: Client, enterpriseId: string, team: string, versionId: string) =>
    (await ok(who.post('/api/inspection/inspections', { enterpriseId, checklistVersionId: versionId, team: [team] }), 'inspection', [201])).id as string;
  const start = (who: Client, id: string) => ok(who.post(`/api/inspection/inspections/${id}/start`), 'inspection start');
  const complete = async (who: Client, enterpriseId: string, team: string, versionId: string, itemId: string, key: EntKey) => {
    const id = await plan(who, enterpriseId, team, versionId);
    await start(who, id);
    const v = await ok(
      who.post(`/api/inspection/inspections/${id}/submit`, { clientKey: `matrix-${key}-${id}`, answers: [{ itemId, result: 'pass' }], locationNote: '矩阵检查现场', signerName: '矩阵签字人', signature: INSP_SIGNATURE }),
      'inspection submit',
    );
    ids[`insp:${key}`] = id;
    ids[`inspDoc:${key}`] = v.documents[0].id;
    ids[`inspSig:${key}`] = v.signatureFileId;
  };
  await complete(zj, base.entConstruction, zhujian2, ids.inspVersionConstruction, constructionItem, 'construction');
  await complete(c.inspector, base.entHazchemOther, jiancha3, ids.inspVersionHazchem, ids.inspItem, 'hazchemOther');
  await complete(c.inspector, base.entOwnEnterprise, jiancha3, ids.inspVersionHazchem, ids.inspItem, 'ownEnterprise');
  ids.inspPlanned = await plan(c.inspector, base.entOwnEnterprise, jiancha3, ids.inspVersionHazchem);
  ids.inspStarted = await plan(c.inspector, base.entOwnEnterprise, jiancha3, ids.inspVersionHazchem);
  await start(c.inspector, ids.inspStarted);
  ids.inspSubmit = await plan(c.inspector, base.entOwnEnterprise, jiancha3, ids.inspVersionHazchem);
  await start(c.inspector, ids.inspSubmit);
  ids.inspPlannedConstruction = await plan(zj, base.entConstruction, zhujian2, ids.inspVersionConstruction);
  ids.inspPlannedHazchemOther = await plan(c.inspector, base.entHazchemOther, jiancha3, ids.inspVersionHazchem);

  // Cases: one filed per fixture enterprise; two at 法制审核 (reviewed by the office / 区住建局, handled by others).
  const openCase = async (who: Client, enterpriseId: string) =>
    (await ok(who.post('/api/inspection/cases', { enterpriseId, source: 'inspection', summary: '矩阵测试案件：未落实隐患排查治理制度' }), 'case', [201])).id as string;
  ids['inspCase:construction'] = await openCase(zj, base.entConstruction);
  ids['inspCase:hazchemOther'] = await openCase(c.inspector, base.entHazchemOther);
  ids['inspCase:ownEnterprise'] = await openCase(c.inspector, base.entOwnEnterprise);
  const toReview = async (who: Client, enterpriseId: string) => {
    const id = await openCase(who, enterpriseId);
    await ok(who.post(`/api/inspection/cases/${id}/steps`, { step: 'investigate', note: '矩阵调查取证' }), 'case investigate');
    await ok(who.post(`/api/inspection/cases/${id}/steps`, { step: 'propose', violationCode: 'AQ-17', circumstance: '较重', fineAmount: 60000 }), 'case propose');
    return id;
  };
  ids['inspReview:office'] = await toReview(c.inspector, base.entOwnEnterprise);
  ids['inspReview:department'] = await toReview(zj, base.entConstruction);

  // Draws: published and committed ones of both departments; a committed one per role for execute.
  const draw = async (who: Client, body: Record<string, unknown>, execute: boolean) => {
    const d = await ok(who.post('/api/inspection/draws', { name: '矩阵抽取', count: 1, perTarget: 2, ...body }), 'draw', [201]);
    if (execute) await ok(who.post(`/api/inspection/draws/${d.id}/execute`), 'draw execute');
    return d.id as string;
  };
  const emergency = { unitId: ids.inspUnitEmergency };
  ids.inspDrawEmergency = await draw(c.office, emergency, true);
  ids.inspDrawHousing = await draw(c.department, {}, true);
  ids.inspDrawCommittedEmergency = await draw(c.office, emergency, false);
  ids.inspDrawCommittedHousing = await draw(c.department, {}, false);
  ids['inspDrawExecute:office'] = await draw(c.office, emergency, false);
  ids['inspDrawExecute:department'] = await draw(c.department, {}, false);

  // Conflicts to remove, one per managing role (on an enterprise the matrix's add calls do not use).
  const conflictEnt = async (where: string) => q1(t, `SELECT id FROM enterprises WHERE ${where} ORDER BY credit_code DESC LIMIT 1`);
  const addConflict = async (who: Client, userId: string, enterpriseId: string) => {
    const v = await ok(who.post(`/api/inspection/inspectors/${userId}/conflicts`, { enterpriseId, kind: 'enterprise' }), 'conflict', [201]);
    return v.conflicts.find((x: { enterpriseId: string }) => x.enterpriseId === enterpriseId).id as string;
  };
  ids['inspConflict:admin'] = await addConflict(c.admin, ids.inspUserEmergency, await conflictEnt(`sector = 'fire'`));
  ids['inspConflict:office'] = await addConflict(c.office, ids.inspUserEmergency, await conflictEnt(`sector = 'transport'`));
  ids['inspConflict:department'] = await addConflict(c.department, ids.inspUserHousing, await conflictEnt(`sector = 'construction' AND id NOT IN ('${base.entConstruction}', '${ids.inspConflictEntHousing}')`));

  // 执法计划: 区住建局's plans in far years (edit, submit, and one submitted for the office's review); 区应急管理局's as the other department's.
  const yj = await t.login('yingjiju');
  const newPlan = async (who: Client, year: number) => (await ok(who.post('/api/inspection/plans', { year }), 'plan', [201])).id as string;
  ids.inspPlanHousing = await newPlan(c.department, 2041);
  ids.inspPlanSubmit = await newPlan(c.department, 2042);
  ids.inspPlanReview = await newPlan(c.department, 2043);
  await ok(c.department.post(`/api/inspection/plans/${ids.inspPlanReview}/submit`), 'plan submit');
  ids.inspPlanEmergency = await newPlan(yj, 2041);

  // 失信: one listed entry per repairing role and one under 信用修复 per reviewing role, each on its own enterprise (one entry in force per enterprise).
  const creditEnt = async (where: string, offset: number) => q1(t, `SELECT id FROM enterprises WHERE ${where} ORDER BY credit_code ASC LIMIT 1 OFFSET ${offset}`);
  ids.inspCreditEntOffice = await creditEnt(`sector = 'fire'`, 0);
  const list = async (enterpriseId: string) =>
    (await ok(c.office.post('/api/inspection/dishonest', { enterpriseId, reason: '矩阵测试：拒不执行监管指令', basis: '管理办法第六条', startsOn: hazardDates().today, endsOn: hazardDates().later }), 'dishonest', [201])).id as string;
  ids['inspDish:office'] = await list(base.entHazchemOther);
  ids['inspDish:department'] = await list(base.entConstruction);
  ids['inspDish:enterprise'] = await list(base.entOwnEnterprise);
  const pending = async (enterpriseId: string) => {
    const id = await list(enterpriseId);
    await ok(c.office.post(`/api/inspection/dishonest/${id}/repair`, { reason: '矩阵测试：已整改并作出信用承诺' }), 'repair');
    return id;
  };
  ids['inspDishRev:office'] = await pending(await creditEnt(`sector = 'fire'`, 1));
  ids['inspDishRev:department'] = await pending(await creditEnt(`sector = 'construction' AND id NOT IN ('${base.entConstruction}', '${ids.inspConflictEntHousing}')`, 0));
  return ids;
}

// ---------- monitoring ----------

/** A device with a gas sensor and an open 一级 alarm (raised through the HTTP ingestion) per fixture enterprise; a sensor per role to delete. */
async function prepareMonitoring(t: TestApp, c: Record<Role, Client>, base: Ids): Promise<Ids> {
  const ids: Ids = {};
  const devOf: Record<string, string> = {};
  for (const k of ENT_KEYS) {
    const enterpriseId = entIdOf(base, k);
    const d = await ok(c.office.post('/api/monitoring/devices', { enterpriseId, code: `MX-${k}`, name: `矩阵网关 ${k}` }), 'monitoring device', [201]);
    ids[`monDevice:${k}`] = devOf[k] = d.device.id;
    ids[`monSensor:${k}`] = (await ok(c.office.post(`/api/monitoring/devices/${d.device.id}/sensors`, { tag: 'GT-1', name: '矩阵可燃气体', kind: 'gas_lel', h: 25, hh: 50 }), 'sensor', [201])).id;
    const auth = `Basic ${Buffer.from(`${d.device.id}:${d.secret}`).toString('base64')}`;
    await ok(t.anonymous().post('/api/monitoring/ingest', { readings: [{ sensor: 'GT-1', value: 66 }] }, { headers: { authorization: auth } }), 'ingest', [202]);
    const a = await ok(c.office.get(`/api/monitoring/alarms?deviceId=${d.device.id}`), 'alarm');
    ids[`monAlarm:${k}`] = a.items[0].id;
  }
  for (const role of Object.keys(ENTERPRISE_SCOPE) as Role[]) {
    const dev = devOf[ENTERPRISE_SCOPE[role][0]];
    ids[`monSensorDelete:${role}`] = (await ok(c.office.post(`/api/monitoring/devices/${dev}/sensors`, { tag: `DEL-${role}`, name: '待删除测点', kind: 'temperature' }), 'sensor', [201])).id;
  }
  return ids;
}
