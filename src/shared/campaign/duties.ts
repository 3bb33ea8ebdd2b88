/**
 * Who reports on what (pure). The campaign's task tree holds sections and groups (headings),
 * tasks (rows of the 任务分解表) and items (一是… inside a task). Work is reported on *work items*:
 * every item, and every task without items (the task is then its own item).
 *
 * Units are named on the node whose text carries the responsibility clause and are not inherited
 * by the parser (src/shared/plan/README.md): a work item's lead and co units are its own when it
 * names any, else those of its nearest ancestor that does. 属地 duty (各街道办事处负有属地管理责任) is
 * declared on tasks and applies to each of their items. A unit has one duty per item, with the
 * strongest role: lead > co > territorial.
 */

export type NodeKind = 'section' | 'group' | 'task' | 'item';
export type DutyRole = 'lead' | 'co' | 'territorial';
export const DUTY_ROLES: DutyRole[] = ['lead', 'co', 'territorial'];
export const DUTY_ROLE_LABELS: Record<DutyRole, string> = { lead: '牵头', co: '配合', territorial: '属地' };
const ROLE_RANK: Record<DutyRole, number> = { lead: 0, co: 1, territorial: 2 };

export interface TreeNode {
  id: string;
  parentId: string | null;
  kind: NodeKind;
}

export interface NodeAssignment {
  nodeId: string;
  role: DutyRole;
  /** the unit that files reports for this assignment (a 专委会's lead department); null = text only */
  reportingUnitId: string | null;
}

export interface Duty {
  itemId: string;
  /** the task the item belongs to (itself for a task without items) */
  taskId: string;
  unitId: string;
  role: DutyRole;
}

/** Work items of a tree: items, and tasks without item children. */
export function workItems<T extends TreeNode>(nodes: T[]): T[] {
  const hasItems = new Set(nodes.filter((n) => n.kind === 'item' && n.parentId).map((n) => n.parentId!));
  return nodes.filter((n) => n.kind === 'item' || (n.kind === 'task' && !hasItems.has(n.id)));
}

/** The task a node belongs to: itself for a task, the nearest task ancestor for an item (null for headings). */
export function taskOf(nodes: Map<string, TreeNode>, id: string): string | null {
  let n = nodes.get(id);
  let guard = 0;
  while (n && guard++ < 64) {
    if (n.kind === 'task') return n.id;
    if (n.kind !== 'item') return null;
    n = n.parentId ? nodes.get(n.parentId) : undefined;
  }
  // An item directly under a heading (no task above it) is its own task.
  const self = nodes.get(id);
  return self?.kind === 'item' ? self.id : null;
}

function ancestors(nodes: Map<string, TreeNode>, id: string): string[] {
  const out: string[] = [];
  let n = nodes.get(id);
  let guard = 0;
  while (n && guard++ < 64) {
    out.push(n.id);
    n = n.parentId ? nodes.get(n.parentId) : undefined;
  }
  return out;
}

/** Expand node assignments into one duty per (work item, unit), strongest role wins. */
export function expandDuties(nodeList: TreeNode[], assignments: NodeAssignment[]): Duty[] {
  const nodes = new Map(nodeList.map((n) => [n.id, n]));
  const byNode = new Map<string, NodeAssignment[]>();
  for (const a of assignments) {
    if (!byNode.has(a.nodeId)) byNode.set(a.nodeId, []);
    byNode.get(a.nodeId)!.push(a);
  }
  const out: Duty[] = [];
  for (const item of workItems(nodeList)) {
    const chain = ancestors(nodes, item.id);
    const taskId = taskOf(nodes, item.id) ?? item.id;
    // lead/co: the nearest node (self first) naming any lead or co unit
    const named = chain.find((id) => (byNode.get(id) ?? []).some((a) => a.role !== 'territorial'));
    const territorialFrom = chain.find((id) => (byNode.get(id) ?? []).some((a) => a.role === 'territorial'));
    const picked = new Map<string, DutyRole>();
    const take = (a: NodeAssignment) => {
      if (!a.reportingUnitId) return;
      const prev = picked.get(a.reportingUnitId);
      if (!prev || ROLE_RANK[a.role] < ROLE_RANK[prev]) picked.set(a.reportingUnitId, a.role);
    };
    if (named) for (const a of byNode.get(named)!) if (a.role !== 'territorial') take(a);
    if (territorialFrom) for (const a of byNode.get(territorialFrom)!) if (a.role === 'territorial') take(a);
    for (const [unitId, role] of picked) out.push({ itemId: item.id, taskId, unitId, role });
  }
  return out;
}

export interface NodeMilestone {
  nodeId: string;
  dueDate: string | null;
  kind: string;
}

/**
 * Due date of each work item: the latest dated milestone of the item itself, else of its nearest
 * ancestor with one, else the campaign end. An item whose nearest milestones are all 长期坚持
 * (ongoing, or recurring) has no due date and never falls overdue.
 */
export function effectiveDueDates(nodeList: TreeNode[], milestones: NodeMilestone[], campaignEnd: string): Map<string, string | null> {
  const nodes = new Map(nodeList.map((n) => [n.id, n]));
  const byNode = new Map<string, NodeMilestone[]>();
  for (const m of milestones) {
    if (!byNode.has(m.nodeId)) byNode.set(m.nodeId, []);
    byNode.get(m.nodeId)!.push(m);
  }
  const out = new Map<string, string | null>();
  for (const item of workItems(nodeList)) {
    let due: string | null | undefined;
    for (const id of ancestors(nodes, item.id)) {
      const ms = byNode.get(id);
      if (!ms?.length) continue;
      const dated = ms.map((m) => m.dueDate).filter((d): d is string => !!d);
      if (dated.length) due = dated.sort().at(-1)!;
      else if (ms.every((m) => m.kind === 'ongoing' || m.kind === 'recurring')) due = null;
      if (due !== undefined) break;
    }
    out.set(item.id, due === undefined ? campaignEnd : due);
  }
  return out;
}
