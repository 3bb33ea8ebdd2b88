/**
 * The hazard closed loop (16号令 安监总局令第16号) as pure data: states, the steps between them and
 * who may take each step. The server enforces it (hazard.service.ts); the web shows the buttons of
 * `allowedSteps` for the signed-in user. Keep this file free of I/O.
 *
 *   登记 reported ──确认定级──▶ confirmed ──五落实──▶ rectifying ──申请验收──▶ pending_acceptance ──验收通过──▶ closed (销号)
 *        │                        │                     ▲                         │
 *        │ 不予确认 ▶ dismissed    │ 立查立改 ▶ closed    └──────── 验收不通过 ◀───────┘
 *        └── 立查立改 (一般隐患 only, with an after-photo) ▶ closed
 */

export const HAZARD_STATUSES = ['reported', 'confirmed', 'rectifying', 'pending_acceptance', 'closed', 'dismissed'] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];

export const HAZARD_STATUS_LABELS: Record<HazardStatus, string> = {
  reported: '待确认',
  confirmed: '待整改',
  rectifying: '整改中',
  pending_acceptance: '待验收',
  closed: '已销号',
  dismissed: '不予确认',
};

export const HAZARD_STATUS_COLORS: Record<HazardStatus, string> = {
  reported: 'default',
  confirmed: 'orange',
  rectifying: 'blue',
  pending_acceptance: 'purple',
  closed: 'green',
  dismissed: 'default',
};

/** Not yet 销号 or dismissed. */
export const OPEN_STATUSES: readonly HazardStatus[] = ['reported', 'confirmed', 'rectifying', 'pending_acceptance'];
/**
 * States in which the rectification deadline runs: once the unit has applied for acceptance the
 * rectification is done on its side, so a hazard waiting for 验收 is not counted as overdue.
 */
export const DEADLINE_STATUSES: readonly HazardStatus[] = ['confirmed', 'rectifying'];
/** Status filter shortcut: every open state. */
export const STATUS_GROUPS: Record<string, readonly HazardStatus[]> = { open: OPEN_STATUSES };

/** Who acts: the enterprise itself, government units (安委办/成员单位/街道), or an inspector. */
export type HazardParty = 'enterprise' | 'government' | 'inspector';

/** Party of a set of roles (admin administers the system and takes no step of the workflow). */
export function partyOf(roles: readonly string[]): HazardParty | null {
  if (roles.includes('office') || roles.includes('department') || roles.includes('street')) return 'government';
  if (roles.includes('inspector')) return 'inspector';
  if (roles.includes('enterprise')) return 'enterprise';
  return null;
}

export type HazardStep =
  | 'confirm'
  | 'dismiss'
  | 'fix_on_spot'
  | 'start_rectification'
  | 'update_rectification'
  | 'request_acceptance'
  | 'accept'
  | 'reject'
  | 'request_extension'
  | 'decide_extension'
  | 'regrade'
  | 'manage_actions'
  | 'set_plan'
  | 'supervise'
  | 'order_stop'
  | 'apply_resume'
  | 'decide_resume'
  | 'add_photo';

export interface StepDef {
  label: string;
  /** states the step may start from */
  from: readonly HazardStatus[];
  /** the state after the step (undefined: the state does not change) */
  to?: HazardStatus;
  by: readonly HazardParty[];
  /** only for this grade */
  grade?: '一般' | '重大';
  /** a workflow transition (counted in the 409 message's list of next steps) */
  transition?: boolean;
}

const GOV: readonly HazardParty[] = ['government'];
const BOTH: readonly HazardParty[] = ['enterprise', 'government'];
const ACTIVE: readonly HazardStatus[] = ['confirmed', 'rectifying'];

export const HAZARD_STEPS: Record<HazardStep, StepDef> = {
  confirm: { label: '确认定级', from: ['reported'], to: 'confirmed', by: GOV, transition: true },
  dismiss: { label: '不予确认', from: ['reported'], to: 'dismissed', by: GOV, transition: true },
  // 立查立改: a 一般隐患 fixed on the spot goes straight to 销号, with the photo of the result.
  fix_on_spot: { label: '立查立改销号', from: ['reported', 'confirmed'], to: 'closed', by: ['enterprise', 'government', 'inspector'], grade: '一般', transition: true },
  // 五落实 (措施、责任、资金、时限、预案) must all be in place to start rectifying.
  start_rectification: { label: '落实五落实、开始整改', from: ['confirmed'], to: 'rectifying', by: BOTH, transition: true },
  update_rectification: { label: '修改五落实', from: ['rectifying'], by: BOTH },
  request_acceptance: { label: '申请验收', from: ['rectifying'], to: 'pending_acceptance', by: BOTH, transition: true },
  accept: { label: '验收通过（销号）', from: ['pending_acceptance'], to: 'closed', by: GOV, transition: true },
  reject: { label: '验收不通过', from: ['pending_acceptance'], to: 'rectifying', by: GOV, transition: true },
  request_extension: { label: '申请延期', from: ACTIVE, by: BOTH },
  decide_extension: { label: '审批延期', from: ['confirmed', 'rectifying', 'pending_acceptance'], by: GOV },
  regrade: { label: '重新定级', from: ACTIVE, by: GOV },
  manage_actions: { label: '整改措施', from: ACTIVE, by: BOTH },
  // 16号令 Art.15: 重大事故隐患 由主要负责人组织制定并实施治理方案.
  set_plan: { label: '治理方案', from: ACTIVE, by: BOTH, grade: '重大' },
  supervise: { label: '挂牌督办', from: ['confirmed', 'rectifying', 'pending_acceptance'], by: GOV, grade: '重大' },
  order_stop: { label: '责令停产停业', from: ACTIVE, by: GOV, grade: '重大' },
  // 16号令 Art.18: 经治理后符合安全生产条件的，提出恢复生产的书面申请，审查同意后方可恢复生产经营.
  apply_resume: { label: '申请复产', from: ['rectifying', 'pending_acceptance', 'closed'], by: BOTH },
  decide_resume: { label: '复产审批', from: ['rectifying', 'pending_acceptance', 'closed'], by: GOV },
  add_photo: { label: '上传照片', from: ['reported', 'confirmed', 'rectifying', 'pending_acceptance'], by: ['enterprise', 'government', 'inspector'] },
};

/** What the rules look at beyond the state. */
export interface HazardFacts {
  status: HazardStatus;
  grade: '一般' | '重大';
  extensionPending?: boolean;
  stopProduction?: string | null;
  productionState?: string | null;
  supervision?: string | null;
}

/** Steps possible for the hazard whoever acts (the extra conditions included). */
function stepPossible(step: HazardStep, h: HazardFacts): boolean {
  const d = HAZARD_STEPS[step];
  if (!d.from.includes(h.status)) return false;
  if (d.grade && d.grade !== h.grade) return false;
  switch (step) {
    case 'request_extension':
      return !h.extensionPending;
    case 'decide_extension':
      return !!h.extensionPending;
    case 'supervise':
      return h.supervision !== 'listed';
    case 'order_stop':
      return !h.stopProduction || h.productionState === '已复产';
    case 'apply_resume':
      return !!h.stopProduction && h.productionState === '停产治理' && h.status !== 'rectifying';
    case 'decide_resume':
      return !!h.stopProduction && h.productionState === '申请复产';
    default:
      return true;
  }
}

/** The steps this party may take now (the buttons the web shows). */
export function allowedSteps(h: HazardFacts, party: HazardParty | null): HazardStep[] {
  if (!party) return [];
  return (Object.keys(HAZARD_STEPS) as HazardStep[]).filter((s) => HAZARD_STEPS[s].by.includes(party) && stepPossible(s, h));
}

/** Workflow transitions possible from the current state (for the 409 message), whoever acts. */
export function nextTransitions(h: HazardFacts): HazardStep[] {
  return (Object.keys(HAZARD_STEPS) as HazardStep[]).filter((s) => HAZARD_STEPS[s].transition && stepPossible(s, h));
}

export type StepCheck = { ok: true } | { ok: false; reason: 'state' | 'party'; message: string };

/**
 * May `party` take `step` on hazard `h`? A step the state does not allow is a conflict (409) whose
 * Chinese message names the current state and the steps that are possible from it.
 */
export function checkStep(step: HazardStep, h: HazardFacts, party: HazardParty | null): StepCheck {
  const d = HAZARD_STEPS[step];
  if (!stepPossible(step, h)) {
    const next = nextTransitions(h).map((s) => `“${HAZARD_STEPS[s].label}”`);
    const why = stepRefusal(step, h);
    const tail = next.length ? `当前可执行：${next.join('、')}` : '该隐患已办结，不能再变更流程';
    return { ok: false, reason: 'state', message: `隐患当前状态为“${HAZARD_STATUS_LABELS[h.status]}”（${h.grade}隐患），不能执行“${d.label}”${why ? `：${why}` : ''}。${tail}` };
  }
  if (!party || !d.by.includes(party)) {
    const who = d.by.map((p) => PARTY_LABELS[p]).join('或');
    return { ok: false, reason: 'party', message: `“${d.label}”应由${who}办理` };
  }
  return { ok: true };
}

export const PARTY_LABELS: Record<HazardParty, string> = { enterprise: '企业', government: '政府监管部门（安委办、行业部门、街道）', inspector: '执法检查人员' };

function stepRefusal(step: HazardStep, h: HazardFacts): string | undefined {
  const d = HAZARD_STEPS[step];
  if (d.from.includes(h.status) && d.grade && d.grade !== h.grade) return `仅适用于${d.grade}隐患`;
  if (!d.from.includes(h.status)) return undefined;
  switch (step) {
    case 'request_extension':
      return '已有待审批的延期申请';
    case 'decide_extension':
      return '没有待审批的延期申请';
    case 'supervise':
      return '该隐患已挂牌督办';
    case 'order_stop':
      return '已责令停产停业';
    case 'apply_resume':
      return !h.stopProduction ? '该隐患未责令停产停业' : h.status === 'rectifying' ? '治理完成（申请验收）后方可申请复产' : h.productionState === '申请复产' ? '复产申请正在审批' : '已复产';
    case 'decide_resume':
      return '没有待审批的复产申请';
    default:
      return undefined;
  }
}

/** 挂牌督办 levels (supervising government level). */
export const SUPERVISION_LEVELS = ['区级', '市级', '省级'] as const;
export const STOP_PRODUCTION_KINDS = ['全部停产', '局部停产'] as const;
export const PRODUCTION_STATES = ['停产治理', '申请复产', '已复产'] as const;

/** Hazard categories offered in forms (free text is accepted too). */
export const HAZARD_CATEGORIES = [
  '安全管理',
  '消防安全',
  '电气安全',
  '危化品管理',
  '特种设备',
  '特种作业',
  '有限空间',
  '粉尘防爆',
  '燃气安全',
  '建筑施工',
  '设备设施',
  '作业环境',
  '职业健康',
  '应急管理',
  '其他',
] as const;

/**
 * Who acts next and what they do, in the users' words (shown after registering and on the detail
 * page). `department` is the sector's supervising department, `street` the 属地 street.
 */
export function nextActorHint(h: { status: HazardStatus; grade: '一般' | '重大'; supervision?: string | null }, names: { department?: string | null; street?: string | null }): string | null {
  const gov = [names.street, names.department].filter(Boolean).join('或') || '属地街道或行业主管部门';
  switch (h.status) {
    case 'reported':
      return `下一步：由${gov}确认定级（或不予确认）`;
    case 'confirmed':
      return h.grade === '重大' ? '下一步：企业制定重大隐患治理方案，落实五落实后开始整改' : '下一步：企业落实五落实（措施、责任、资金、时限、预案）并开始整改';
    case 'rectifying':
      return '下一步：企业整改完成后申请验收';
    case 'pending_acceptance':
      return `下一步：由${gov}组织验收（通过即销号）`;
    default:
      return null;
  }
}
