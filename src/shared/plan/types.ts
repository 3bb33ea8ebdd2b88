/**
 * Output contract of the plan parser (see README.md in this folder).
 *
 * Everything here is plain data (JSON-serialisable) so the same result can travel from the
 * parser to the API, the CLI (`--json`) and the review UI unchanged.
 */

/**
 * Role of a node in the plan tree.
 * - `section`: a top-level part (一、总体要求 / 二、主要任务 …).
 * - `group`:   a heading that groups tasks (（一）认真落实4个专题任务), and every heading inside a
 *              non-task part (进度安排, 保障措施 …).
 * - `task`:    one row of the 任务分解表: the level that carries the responsibility clauses.
 * - `item`:    a numbered point inside a task (一是… / （1） / 1、 / ①).
 */
export type NodeKind = 'section' | 'group' | 'task' | 'item';

/** How a deadline binds. `date` is always the last day the work may take (or null). */
export type DeadlineKind =
  /** finish by the date, inclusive: 2021年底前, 到2022年底, 2020年10月底前, 6月30日前 */
  | 'by'
  /** finish before the period starts: 2020年10月前 → 2020-09-30 (the last day of the previous month) */
  | 'before'
  /** happens within the period; date = its last day: 2021年, 2022年度, 2024年第二季度, 上半年 */
  | 'during'
  /** a single day without 前: 2021年6月30日 */
  | 'on'
  /** 三年内 / 3年内 / 三年行动期间 → the campaign's last day */
  | 'campaign_end'
  /** 长期坚持 / 持续推进: no date */
  | 'ongoing';

export type Comparator = '>=' | '>' | '<=' | '<' | '=' | 'between';

export type SpanKind = 'lead' | 'co' | 'deadline' | 'target' | 'recurrence';

/** Offsets into `ParsedPlan.sourceText` (UTF-16 code units, end exclusive). */
export interface Span {
  kind: SpanKind;
  start: number;
  end: number;
}

export interface Deadline {
  /** YYYY-MM-DD, or null (ongoing; campaign end unknown; month without a year) */
  date: string | null;
  /** the words that produced it, as they stand in sourceText (a leading 在/于 is left out) */
  text: string;
  kind: DeadlineKind;
  start: number;
  end: number;
}

export interface Target {
  text: string;
  value: number;
  /** upper bound of a range such as 1-2次 (comparator 'between') */
  valueMax?: number;
  /** '%' or a counting word: 次, 个, 家, 人 … */
  unit: string;
  comparator: Comparator;
  /** the noun phrase the number measures (best effort), or null */
  subject: string | null;
  start: number;
  end: number;
}

export type RecurrencePeriod = 'day' | 'week' | 'tenday' | 'month' | 'quarter' | 'halfyear' | 'year';

export interface Recurrence {
  every: RecurrencePeriod;
  /** 每季度至少1次 → 1; null when the text gives no count */
  times: number | null;
  /** true for 至少 / 不少于 */
  atLeast: boolean;
  text: string;
  start: number;
  end: number;
}

export type UnitRole = 'lead' | 'co';

/** One unit named by a responsibility clause (or inherited from a 属地 statement). */
export interface UnitMention {
  /** canonical directory name when resolved, else the name as written */
  name: string;
  /** as written in the text (without a trailing parenthesis) */
  written: string;
  role: UnitRole;
  /** directory code, null when unresolved or generic */
  code: string | null;
  /** a collective marker (有关单位, 各街道办事处, 专委会成员单位 …), not a registry unit */
  generic: boolean;
  /**
   * Names in a trailing parenthesis after the unit, resolved like units: a committee's lead
   * department (区消防专委会（区消防救援大队）), an office's constituent bodies
   * (区委统战部（台办、民宗局）), or an included unit (各街道办事处（常青花园社管办）).
   */
  departments: string[];
  /** comes from a 属地管理责任 statement */
  territorial: boolean;
  /** offsets of the name in sourceText; null for a mention inherited from a global statement */
  start: number | null;
  end: number | null;
}

export interface PlanNode {
  /** path of ordinals, e.g. "2.1.3.4"; a restarted numbering run gets a letter: "2.2.24.b1" */
  id: string;
  parentId: string | null;
  /** the number as written (一 → 1, （3） → 3) */
  ordinal: number;
  /** the marker as written, e.g. "（一）", "1.", "四是" */
  marker: string;
  kind: NodeKind;
  /** depth in the tree, 1 = top */
  level: number;
  title: string;
  /** the node's whole text (children included), without its marker */
  text: string;
  /** range of the node in sourceText, marker included */
  start: number;
  end: number;
  leadUnits: string[];
  coUnits: string[];
  /** every unit mention behind leadUnits/coUnits, with spans and departments */
  units: UnitMention[];
  /** the streets' 属地 duty applies (a global statement covers this task) */
  territorialDuty: boolean;
  deadlines: Deadline[];
  targets: Target[];
  /** the first recurrence of the node, or null */
  recurrence: Recurrence | null;
  /** all recurrences of the node */
  recurrences: Recurrence[];
  /** names (as written) that the directory could not resolve and are not generic markers */
  unresolvedUnits: string[];
  spans: Span[];
  /** label of a restarted numbering run, e.g. "建筑垃圾消纳场安全整治" */
  series?: string;
}

export interface PlanDocumentMeta {
  title: string | null;
  /** normalised to the GB/T 9704 form with 〔〕, e.g. 东安〔2020〕7号 */
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
}

export interface Phase {
  name: string;
  start: string | null;
  end: string | null;
  text: string;
  nodeId: string | null;
}

export interface PlanWarning {
  code: string;
  /** Chinese, for the reviewing clerk */
  message: string;
  nodeId?: string;
  start?: number;
  end?: number;
}

export interface ParsedPlan {
  document: PlanDocumentMeta;
  phases: Phase[];
  /** the campaign period used for 三年内; from options, else the phases, else the title */
  campaign: { start: string | null; end: string | null };
  /** every node (sections, groups, tasks, items) in document order */
  tasks: PlanNode[];
  /** the normalised text all offsets refer to */
  sourceText: string;
  warnings: PlanWarning[];
}

/** What the parser needs from an organisation registry (UnitDirectory satisfies it). */
export interface UnitResolver {
  resolve(name: string): { code: string; name: string } | undefined;
}

export interface ParsePlanOptions {
  /** registry to resolve unit names against; without it every name is kept as written */
  units?: UnitResolver;
  /** YYYY-MM-DD; overrides the campaign start inferred from the plan */
  campaignStart?: string;
  /** YYYY-MM-DD; overrides the campaign end inferred from the plan (used for 三年内) */
  campaignEnd?: string;
}
