import type { DbOrTx } from '../../db';
import { effectiveDueDates, expandDuties, taskOf, workItems, type TreeNode } from '../../../shared/campaign/duties';
import * as repo from './repo';
import type { CampaignRow } from './repo';
import { loadUnits } from './campaign.units';

/**
 * Recompute the duties (one per work item and reporting unit), the work flags and the effective due
 * dates of the whole tree, then each duty's status from the accepted reports. Runs in the caller's
 * transaction after every change of the tree, the assignments or the milestones.
 */
export async function rebuildDuties(tx: DbOrTx, campaign: Pick<CampaignRow, 'id' | 'endDate'>, opts: { fresh?: boolean } = {}): Promise<{ duties: number; items: number }> {
  // One connection per transaction: queries in sequence.
  const tasks = await repo.listTreeShape(tx, campaign.id);
  const assigns = await repo.listAssignments(tx, campaign.id);
  const milestones = await repo.listMilestones(tx, campaign.id);
  const units = await loadUnits(tx);
  const nodes: TreeNode[] = tasks.map((t) => ({ id: t.id, parentId: t.parentId, kind: t.kind as TreeNode['kind'] }));
  const nodeMap = new Map(nodes.map((n) => [n.id, n]));
  const work = new Set(workItems(nodes).map((n) => n.id));
  const dues = effectiveDueDates(
    nodes,
    milestones.map((m) => ({ nodeId: m.taskId, dueDate: m.dueDate, kind: m.kind })),
    campaign.endDate,
  );
  const changed = tasks
    .map((t) => {
      const isWork = work.has(t.id);
      return { id: t.id, isWork, taskId: taskOf(nodeMap, t.id), dueDate: isWork ? (dues.get(t.id) ?? null) : null, prev: t };
    })
    .filter((v) => v.isWork !== v.prev.isWork || v.taskId !== v.prev.taskId || v.dueDate !== v.prev.dueDate);
  await repo.updateWorkColumns(
    tx,
    campaign.id,
    changed.map(({ prev: _p, ...v }) => v),
  );
  const duties = expandDuties(
    nodes,
    assigns.map((a) => ({ nodeId: a.taskId, role: a.role as 'lead' | 'co' | 'territorial', reportingUnitId: a.reportingUnitId })),
  );
  // A duty carries its unit's region: the office's scope over unit-owned rows is a region prefix.
  await repo.replaceDuties(
    tx,
    campaign.id,
    duties.map((d) => ({ campaignId: campaign.id, itemId: d.itemId, taskId: d.taskId, unitId: d.unitId, role: d.role, regionCode: units.get(d.unitId)?.regionCode ?? '', dueDate: dues.get(d.itemId) ?? null })),
  );
  // A campaign just imported has no reports yet: every duty starts 未开始.
  if (!opts.fresh) await repo.refreshDutyStatus(tx, campaign.id);
  return { duties: duties.length, items: work.size };
}
