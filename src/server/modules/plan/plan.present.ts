/**
 * What the review page shows beside the tree: counts, and the live review checks (a task without a
 * lead, names the registry does not know) computed from the corrected tree, so they disappear as
 * the clerk fixes them. The parser's structural warnings are stored with the draft.
 */
import type { PlanDraftListItem, PlanDraftView, PlanSummary } from '../../../shared/contracts/plan';
import type { PlanNode, PlanWarning } from '../../../shared/plan/types';
import type { PlanDraftListRow } from './plan.repo';
import type { PlanDraftRow, StoredPlan } from './plan.schema';

/** Warning codes recomputed from the tree on every read (the parser's own copies are dropped). */
const LIVE_CODES = new Set(['TASK_WITHOUT_LEAD', 'UNRESOLVED_UNITS']);

export function liveWarnings(plan: StoredPlan): PlanWarning[] {
  const out: PlanWarning[] = [];
  const kids = childrenIndex(plan.tasks);
  const anyLead = (n: PlanNode): boolean => n.leadUnits.length > 0 || (kids.get(n.id) ?? []).some(anyLead);
  for (const n of plan.tasks) {
    if (n.kind === 'task' && !anyLead(n)) {
      out.push({ code: 'TASK_WITHOUT_LEAD', message: `任务“${n.id} ${n.title}”未确定牵头单位，请补充。`, nodeId: n.id, start: n.start, end: n.start + n.marker.length });
    }
    if (n.unresolvedUnits.length) {
      out.push({
        code: 'UNRESOLVED_UNITS',
        message: `“${n.id} ${n.title}”中的单位未能在组织机构库中找到：${n.unresolvedUnits.join('、')}。请改为库中单位，或在组织机构中补充别名后重新解析。`,
        nodeId: n.id,
      });
    }
  }
  return out;
}

export function reviewWarnings(plan: StoredPlan, stored: PlanWarning[]): PlanWarning[] {
  return [...stored.filter((w) => !LIVE_CODES.has(w.code)), ...liveWarnings(plan)];
}

function childrenIndex(nodes: PlanNode[]): Map<string, PlanNode[]> {
  const m = new Map<string, PlanNode[]>();
  for (const n of nodes) {
    if (n.parentId === null) continue;
    const list = m.get(n.parentId) ?? [];
    list.push(n);
    m.set(n.parentId, list);
  }
  return m;
}

export function summarize(plan: StoredPlan, stored: PlanWarning[]): PlanSummary {
  const count = (k: PlanNode['kind']) => plan.tasks.filter((n) => n.kind === k).length;
  const resolved = new Set<string>();
  const generic = new Set<string>();
  const unresolved = new Set<string>();
  let deadlines = 0;
  let targets = 0;
  let recurrences = 0;
  for (const n of plan.tasks) {
    for (const u of n.units) {
      if (u.code) resolved.add(u.name);
      else if (u.generic) generic.add(u.name);
    }
    for (const name of n.unresolvedUnits) unresolved.add(name);
    deadlines += n.deadlines.length;
    targets += n.targets.length;
    recurrences += n.recurrences.length;
  }
  const warnings = reviewWarnings(plan, stored);
  return {
    sections: count('section'),
    groups: count('group'),
    tasks: count('task'),
    items: count('item'),
    unitsResolved: resolved.size,
    unitsUnresolved: unresolved.size,
    unitsGeneric: generic.size,
    unresolvedNames: [...unresolved].slice(0, 100),
    deadlines,
    targets,
    recurrences,
    tasksWithoutLead: warnings.filter((w) => w.code === 'TASK_WITHOUT_LEAD').length,
    warnings: warnings.length,
  };
}

export function presentListItem(r: PlanDraftListRow): PlanDraftListItem {
  return {
    id: r.id,
    fileName: r.fileName,
    fileSize: r.fileSize,
    title: r.title,
    docNumber: r.docNumber,
    status: r.status as PlanDraftListItem['status'],
    campaignId: r.campaignId,
    version: r.version,
    regionCode: r.regionCode,
    summary: r.summary,
    createdBy: r.createdBy,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function presentDraft(r: PlanDraftRow, createdByName: string, opts: { withText: boolean; sameDocCampaigns?: { id: string; name: string }[] }): PlanDraftView {
  return {
    ...presentListItem({ ...r, createdByName }),
    sha256: r.sha256,
    plan: r.parsed,
    warnings: reviewWarnings(r.parsed, r.warnings),
    ...(opts.withText ? { sourceText: r.sourceText } : {}),
    sameDocCampaigns: opts.sameDocCampaigns ?? [],
  };
}
