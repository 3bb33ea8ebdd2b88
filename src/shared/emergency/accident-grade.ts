/**
 * 生产安全事故 grading and reporting deadlines — 《生产安全事故报告和调查处理条例》（国务院令第493号）.
 * Pure rules shared by the server (stored grade, overdue flags) and the web (the form shows the grade
 * live while the casualties are typed).
 */

export const ACCIDENT_GRADES = ['一般', '较大', '重大', '特别重大'] as const;
export type AccidentGrade = (typeof ACCIDENT_GRADES)[number];

export interface AccidentCasualties {
  /** 死亡人数 */
  deaths: number;
  /** 重伤人数（包括急性工业中毒） */
  seriousInjuries: number;
  /** 直接经济损失，万元 */
  directLossWan: number;
}

/**
 * 493号令 第三条: the grade is the highest any one of deaths / serious injuries / direct loss reaches.
 *   特别重大: 30人以上死亡，或者100人以上重伤（包括急性工业中毒），或者1亿元以上直接经济损失
 *   重大:     10人以上30人以下死亡，或者50人以上100人以下重伤，或者5000万元以上1亿元以下直接经济损失
 *   较大:     3人以上10人以下死亡，或者10人以上50人以下重伤，或者1000万元以上5000万元以下直接经济损失
 *   一般:     3人以下死亡，或者10人以下重伤，或者1000万元以下直接经济损失
 * 第三条 last paragraph: “以上”包括本数，“以下”不包括本数 — so every threshold is `>=`.
 * Loss is in 万元: 1亿元 = 10000 万元.
 */
const THRESHOLDS: { grade: AccidentGrade; deaths: number; serious: number; lossWan: number }[] = [
  { grade: '特别重大', deaths: 30, serious: 100, lossWan: 10_000 },
  { grade: '重大', deaths: 10, serious: 50, lossWan: 5_000 },
  { grade: '较大', deaths: 3, serious: 10, lossWan: 1_000 },
];

export function accidentGrade(c: AccidentCasualties): AccidentGrade {
  for (const t of THRESHOLDS) {
    if (c.deaths >= t.deaths || c.seriousInjuries >= t.serious || c.directLossWan >= t.lossWan) return t.grade;
  }
  return '一般';
}

/** 493号令 第九条: 单位负责人接到报告后，应当于1小时内向县级以上人民政府安全生产监督管理部门报告. */
export const FIRST_REPORT_HOURS = 1;

/**
 * The 首报 is due one hour after the accident became known to the reporting unit (`knownAt`, when it
 * learned later than it happened), else one hour after it occurred.
 */
export function firstReportDeadline(occurredAt: Date, knownAt?: Date | null): Date {
  const start = knownAt && knownAt.getTime() > occurredAt.getTime() ? knownAt : occurredAt;
  return new Date(start.getTime() + FIRST_REPORT_HOURS * 3600_000);
}

/**
 * 493号令 第十三条: 自事故发生之日起30日内，事故造成的伤亡人数发生变化的，应当及时补报；道路交通事故、
 * 火灾事故自发生之日起7日内. After that window the casualty count is final: an accident still open
 * (no 终报) past it is flagged overdue.
 */
export function supplementDays(type: string): number {
  return type === '火灾' || type === '车辆伤害' ? 7 : 30;
}

export function finalReportDue(occurredAt: Date, type: string): Date {
  return new Date(occurredAt.getTime() + supplementDays(type) * 86_400_000);
}

export const REPORT_KINDS = ['first', 'follow', 'final'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS: Record<ReportKind, string> = { first: '首报', follow: '续报', final: '终报' };
export const GRADE_COLOURS: Record<AccidentGrade, string> = { 一般: 'blue', 较大: 'gold', 重大: 'orange', 特别重大: 'red' };
