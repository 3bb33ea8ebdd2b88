import type { AppModule } from '../../platform/deps';
import { definePermissions } from '../../platform/access';
import { registerFileAccess } from '../../platform/files';
import { hazardRoutes } from './hazard.routes';
import { seedDemoHazards, seedDemoReportSubmissions } from './hazard.seed';
import { DOCUMENT_PURPOSE, PHOTO_PURPOSE, sweepOverdueFlags } from './hazard.service';
import { fileVisibleInScope, findHazard } from './hazard.repo';
import type { DbOrTx } from '../../db';
import type { Scope } from '../../platform/access';

/**
 * Hazards (隐患排查治理, 16号令): the ledger, the closed loop, 重大隐患 挂牌督办, statistics.
 * Other modules register hazards through createHazardInTx (inside their own transaction, e.g. a
 * failed self-inspection item) or createHazard (its own transaction).
 */
export { createHazardInTx, createHazard, getHazard, PHOTO_PURPOSE, DOCUMENT_PURPOSE, uploadHazardFile } from './hazard.service';
export { hazardIdsOfOrigin, hazardRectified } from './hazard.repo';

/** A hazard the scope can see, read with the caller's transaction (its code and enterprise); undefined = not found. */
export async function findHazardInScope(db: DbOrTx, scope: Scope, id: string): Promise<{ id: string; code: string; enterpriseId: string } | undefined> {
  const h = await findHazard(db, scope, id);
  return h && { id: h.id, code: h.code, enterpriseId: h.enterpriseId };
}

definePermissions({
  'hazard.read': ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'],
  // 登记: enterprises (自查自报), inspectors (检查发现), government units.
  'hazard.create': ['office', 'department', 'street', 'enterprise', 'inspector'],
  // Workflow steps; the state machine (shared/hazard/workflow.ts) decides which party takes which step.
  'hazard.work': ['office', 'department', 'street', 'enterprise', 'inspector'],
  // 挂牌督办 is decided by the 安委办 and the supervising departments.
  'hazard.supervise': ['office', 'department'],
  'hazard.export': ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'],
  'hazard.stats': ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'],
});

// Whoever may see a hazard may see its photos and documents.
for (const purpose of [PHOTO_PURPOSE, DOCUMENT_PURPOSE]) {
  registerFileAccess(purpose, async (deps, ctx, file) => !!ctx.actor && (await fileVisibleInScope(deps.db, ctx.actor.scope, file.id)));
}

export const hazardModule: AppModule = {
  name: 'hazard',
  description: '隐患排查治理（隐患台账、闭环整改、重大隐患挂牌督办、统计分析）',
  routes: hazardRoutes,
  async seed(deps, opts) {
    if (opts.level === 'demo') {
      await seedDemoHazards(deps, opts.randomSeed);
      await seedDemoReportSubmissions(deps, opts.randomSeed);
    }
  },
  jobs: [{ name: 'hazard.overdue', everySeconds: 600, run: (deps) => sweepOverdueFlags(deps) }],
};
