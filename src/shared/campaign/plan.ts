/**
 * A parsed plan (src/shared/plan/types.ts) → the rows of a campaign ledger (pure).
 *
 * Nodes keep their plan ids, ordinals, markers, titles and text. Unit names are resolved by the
 * caller's resolver (the units table: name, short name, aliases); an unresolved name stays on the
 * assignment as text and is reported back — no name is dropped. A 专委会 leads through its lead
 * department (区城建专委会 → 区住建局): the department files the reports. `territorialDuty` gives
 * every street and park unit a 属地 duty on the task. Deadlines become milestones (ongoing and
 * recurrences kept), targets become indicators, phases stay phases.
 */
import type { ParsedPlan, PlanNode, UnitMention } from '../plan/types';
import type { DutyRole, NodeKind } from './duties';

export interface ResolvedUnit {
  unitId: string;
  name: string;
  kind: string;
  /** a 专委会's lead department */
  leadUnitId: string | null;
}

export interface PlanMappingInput {
  plan: ParsedPlan;
  resolve: (name: string) => ResolvedUnit | undefined;
  /** street and park units: they carry 属地 duty */
  territorialUnits: { unitId: string; name: string }[];
}

export interface MappedNode {
  nodeId: string;
  parentNodeId: string | null;
  ordinal: number;
  marker: string;
  kind: NodeKind;
  level: number;
  title: string;
  text: string;
  sort: number;
  series: string | null;
  territorialDuty: boolean;
  sourceStart: number | null;
  sourceEnd: number | null;
}

export interface MappedAssignment {
  nodeId: string;
  role: DutyRole;
  unitId: string | null;
  reportingUnitId: string | null;
  name: string;
  generic: boolean;
  sort: number;
}

export interface MappedMilestone {
  nodeId: string;
  title: string;
  dueDate: string | null;
  kind: string;
  text: string;
  recurrenceEvery: string | null;
  recurrenceTimes: number | null;
  atLeast: boolean;
}

export interface MappedIndicator {
  nodeId: string;
  name: string;
  unit: string;
  comparator: string;
  targetValue: number;
  targetValueMax: number | null;
  dueDate: string | null;
  text: string;
  aggregate: 'avg' | 'sum';
  sort: number;
}

export interface MappedPhase {
  ordinal: number;
  name: string;
  startDate: string | null;
  endDate: string | null;
  description: string;
  nodeId: string | null;
}

export interface PlanMapping {
  startDate: string | null;
  endDate: string | null;
  nodes: MappedNode[];
  assignments: MappedAssignment[];
  milestones: MappedMilestone[];
  indicators: MappedIndicator[];
  phases: MappedPhase[];
  unresolvedUnits: string[];
}

const GENERIC_NAMES = new Set(['园区', '成员单位', '专委会成员单位', '专委会相关成员单位', '相关部门', '有关部门', '有关单位', '相关单位']);

/** A collective marker (有关单位, 各街道办事处, 专委会成员单位…), not a registry unit. */
export function isGenericUnitName(name: string, mention?: UnitMention): boolean {
  if (mention) return mention.generic;
  const n = name.trim();
  return GENERIC_NAMES.has(n) || /^(各|有关|相关)/.test(n);
}

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

function campaignRange(plan: ParsedPlan): { start: string | null; end: string | null } {
  let start = plan.campaign?.start ?? null;
  let end = plan.campaign?.end ?? null;
  const starts = plan.phases.map((p) => p.start).filter((d): d is string => !!d).sort();
  const ends = plan.phases.map((p) => p.end).filter((d): d is string => !!d).sort();
  start ??= starts[0] ?? plan.document.issuedOn ?? null;
  end ??= ends.at(-1) ?? null;
  return { start, end };
}

export function mapPlanToCampaign(input: PlanMappingInput): PlanMapping {
  const { plan, resolve } = input;
  const { start, end } = campaignRange(plan);
  const unresolved = new Set<string>();
  const nodes: MappedNode[] = [];
  const assignments: MappedAssignment[] = [];
  const milestones: MappedMilestone[] = [];
  const indicators: MappedIndicator[] = [];
  const ids = new Set(plan.tasks.map((t) => t.id));
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));

  plan.tasks.forEach((t, i) => {
    nodes.push({
      nodeId: t.id,
      parentNodeId: t.parentId && ids.has(t.parentId) ? t.parentId : null,
      ordinal: Number.isFinite(t.ordinal) ? t.ordinal : i + 1,
      marker: t.marker ?? '',
      kind: t.kind,
      level: t.level ?? 1,
      title: clip(t.title ?? '', 500),
      text: t.text ?? '',
      sort: i,
      series: t.series ?? null,
      territorialDuty: !!t.territorialDuty,
      sourceStart: Number.isFinite(t.start) ? t.start : null,
      sourceEnd: Number.isFinite(t.end) ? t.end : null,
    });
    addAssignments(t, assignments, resolve, unresolved);
    const parent = t.parentId ? byId.get(t.parentId) : undefined;
    const territorialHere = t.territorialDuty && (t.kind === 'task' || (t.kind === 'item' && !parent?.territorialDuty));
    if (territorialHere) {
      input.territorialUnits.forEach((u, k) =>
        assignments.push({ nodeId: t.id, role: 'territorial', unitId: u.unitId, reportingUnitId: u.unitId, name: u.name, generic: false, sort: 1000 + k }),
      );
    }
    for (const d of t.deadlines ?? []) {
      milestones.push({
        nodeId: t.id,
        title: clip(t.title ?? '', 200),
        dueDate: d.date ?? (d.kind === 'campaign_end' ? end : null),
        kind: d.kind,
        text: d.text ?? '',
        recurrenceEvery: null,
        recurrenceTimes: null,
        atLeast: false,
      });
    }
    for (const r of t.recurrences ?? (t.recurrence ? [t.recurrence] : [])) {
      milestones.push({ nodeId: t.id, title: clip(t.title ?? '', 200), dueDate: null, kind: 'recurring', text: r.text ?? '', recurrenceEvery: r.every, recurrenceTimes: r.times ?? null, atLeast: !!r.atLeast });
    }
  });

  // Targets: due by the node's (or its ancestors') latest deadline, else the campaign end.
  const dueOf = (t: PlanNode | undefined): string | null => {
    let n = t;
    let guard = 0;
    while (n && guard++ < 64) {
      const dates = (n.deadlines ?? []).map((d) => d.date).filter((d): d is string => !!d).sort();
      if (dates.length) return dates.at(-1)!;
      n = n.parentId ? byId.get(n.parentId) : undefined;
    }
    return end;
  };
  plan.tasks.forEach((t) => {
    (t.targets ?? []).forEach((g) => {
      indicators.push({
        nodeId: t.id,
        name: clip((g.subject ?? t.title ?? g.text ?? '').trim() || g.text, 200),
        unit: g.unit ?? '',
        comparator: g.comparator,
        targetValue: g.value,
        targetValueMax: g.valueMax ?? null,
        dueDate: dueOf(t),
        text: g.text ?? '',
        // Rates are averaged over the reporting units; counts add up.
        aggregate: g.unit === '%' ? 'avg' : 'sum',
        sort: indicators.length,
      });
    });
  });

  const phases: MappedPhase[] = plan.phases.map((p, i) => ({ ordinal: i + 1, name: clip(p.name, 100), startDate: p.start, endDate: p.end, description: p.text ?? '', nodeId: p.nodeId && ids.has(p.nodeId) ? p.nodeId : null }));

  return { startDate: start, endDate: end, nodes, assignments, milestones, indicators, phases, unresolvedUnits: [...unresolved] };
}

function addAssignments(t: PlanNode, out: MappedAssignment[], resolve: PlanMappingInput['resolve'], unresolved: Set<string>) {
  const seen = new Set<string>();
  const mentions = t.units ?? [];
  const lists: [DutyRole, string[]][] = [
    ['lead', t.leadUnits ?? []],
    ['co', t.coUnits ?? []],
  ];
  let sort = 0;
  for (const [role, names] of lists) {
    for (const raw of names) {
      const name = raw.trim();
      if (!name || seen.has(name)) continue;
      seen.add(name);
      const mention = mentions.find((m) => m.name === name && m.role === role) ?? mentions.find((m) => m.name === name);
      const generic = isGenericUnitName(name, mention);
      const unit = resolve(name) ?? (mention && mention.written !== name ? resolve(mention.written) : undefined);
      if (!unit) {
        if (!generic) unresolved.add(name);
        out.push({ nodeId: t.id, role, unitId: null, reportingUnitId: null, name, generic, sort: sort++ });
        continue;
      }
      // A 专委会 reports through the department named with it, else its lead department.
      let reporting = unit.unitId;
      if (unit.kind === 'sector_committee') {
        const named = (mention?.departments ?? []).map((d) => resolve(d)).find((d) => d && d.kind === 'department');
        reporting = named?.unitId ?? unit.leadUnitId ?? unit.unitId;
      }
      out.push({ nodeId: t.id, role, unitId: unit.unitId, reportingUnitId: reporting, name: unit.name, generic: false, sort: sort++ });
    }
  }
}
