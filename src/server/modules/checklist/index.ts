import type { AppModule } from '../../platform/deps';
import { definePermissions } from '../../platform/access';
import { registerFileAccess } from '../../platform/files';
import { prng } from '../org';
import { checklistRoutes } from './checklist.routes';
import { installReferenceChecklists, seedDemoSelfInspection } from './checklist.seed';
import { markMissedRuns, PHOTO_PURPOSE } from './checklist.selfcheck';
import { photoVisible } from './checklist.repo';

/**
 * 检查清单 (versioned templates: 类别 → 项目 → 检查要点 + 检查依据 + 检查方法及判定标准, with Excel
 * import/export) and 企业自查 (plans on a cycle, runs, failures → hazards, 自查自改自报 tallies).
 */
export { getVersion, listTemplates } from './checklist.service';
export { getRun, listRuns } from './checklist.selfcheck';
export { checklistTemplates, checklistVersions, checklistItems, selfInspectionPlans, selfInspectionRuns, selfInspectionResults } from './checklist.schema';

definePermissions({
  'checklist.read': ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'],
  // Office: every sector; departments: the sectors they supervise (checked in the service).
  'checklist.manage': ['admin', 'office', 'department'],
  // Installing the shipped reference checklists is a district-level decision.
  'checklist.install': ['admin', 'office'],
  'selfcheck.read': ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'],
  // Plans: the enterprise itself, or the units responsible for it.
  'selfcheck.plan': ['office', 'department', 'street', 'enterprise'],
  // 自查 is the enterprise's own work (自查自改自报).
  'selfcheck.run': ['enterprise'],
  'selfcheck.stats': ['admin', 'office', 'department', 'street', 'inspector'],
});

// Whoever sees a run of the enterprise sees its photos (departments by sector included).
registerFileAccess(PHOTO_PURPOSE, async (deps, ctx, file) => !!ctx.actor && (await photoVisible(deps.db, ctx.actor.scope, file.id)));

export const checklistModule: AppModule = {
  name: 'checklist',
  description: '检查清单与企业自查（三级目录清单、版本、Excel 导入导出；自查计划、逐项检查、不合格项转隐患、自查自改自报统计）',
  routes: checklistRoutes,
  async seed(deps, opts) {
    await deps.db.transaction(async (tx) => {
      // Reference content at every seed level; demo plans and history only for the demo.
      await installReferenceChecklists(tx);
      if (opts.level === 'demo') await seedDemoSelfInspection(tx, prng(opts.randomSeed + 5), deps.clock.now());
    });
  },
  jobs: [{ name: 'checklist.missed', everySeconds: 900, run: (deps) => markMissedRuns(deps) }],
};
