import type { AppModule } from '../../platform/deps';
import { definePermissions } from '../../platform/access';
import { emergencyRoutes } from './emergency.routes';
import { seedDemoEmergency } from './emergency.seed';
import { remindStaleLiaisons } from './emergency.liaisons';
import { seedDemoDutyAndAccidents } from './emergency.duty.seed';
import { ACCIDENT_OVERDUE_JOB, notifyOverdueAccidents } from './emergency.accidents';
import { registerFileAccess } from '../../platform/files';
import { PLAN_FILE_PURPOSE, remindPlanRevisions } from './emergency.plans';
import { DRILL_PHOTO_PURPOSE } from './emergency.drills';
import { drillPhotoVisible, planFileVisible } from './emergency.plans.repo';
import { seedDemoPlansAndDrills } from './emergency.plans.seed';

/**
 * 应急管理: the five databases (五库: 救援队伍, 设备物资, 专家, 法规标准, 典型案例) with Excel import/export and
 * one Chinese-aware search across them, the contact network (一网) and the 七有 self-assessment.
 */
export { searchAll } from './emergency.search';
/** 需修订 after an accident finding (the accident module calls it inside its own transaction). */
export { flagPlanForRevisionInTx } from './emergency.plans';

definePermissions({
  // The district's emergency resources are read by every unit of the district.
  'emergency.read': ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'],
  // Government units keep the databases: the office for the district, others for their own records.
  'emergency.manage': ['office', 'department', 'street'],
  // Phones of liaisons, team contacts and experts in clear (the units that must call); others see masks.
  'emergency.phones': ['office', 'department', 'street'],
  // 一网: each unit (and enterprise) names and confirms its own liaisons.
  'emergency.liaison': ['office', 'department', 'street', 'enterprise'],
  // 七有: streets, departments (and the office) assess themselves; the office sees the overview.
  'emergency.assess': ['office', 'department', 'street'],
  'emergency.overview': ['admin', 'office'],
  // ---------- 值守、事故信息、资源地图 ----------
  // The district reads every unit's duty roster (whom to call); each unit keeps its own, the office any.
  'emergency.duty.read': ['admin', 'office', 'department', 'street', 'inspector'],
  'emergency.duty': ['office', 'department', 'street'],
  // 493号令: the enterprise reports its own accident; streets, departments and the office those of their scope.
  'emergency.accident.read': ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'],
  'emergency.accident.report': ['office', 'department', 'street', 'enterprise'],
  'emergency.accident.stats': ['admin', 'office', 'department', 'street', 'inspector'],
  // ---------- 预案与演练 ----------
  // Each unit and enterprise registers, uploads and files its own plans and organises its drills.
  'emergency.plan': ['office', 'department', 'street', 'enterprise'],
  // 审查: the 安委办 (plans of streets, departments, parks) and the streets (plans of their enterprises, 属地).
  'emergency.plan.review': ['office', 'street'],
  'emergency.drill': ['office', 'department', 'street', 'enterprise'],
});

// Whoever sees a plan may read its documents; whoever sees a drill its photos.
registerFileAccess(PLAN_FILE_PURPOSE, async (deps, ctx, file) => !!ctx.actor && (await planFileVisible(deps.db, ctx.actor, file.id)));
registerFileAccess(DRILL_PHOTO_PURPOSE, async (deps, ctx, file) => !!ctx.actor && (await drillPhotoVisible(deps.db, ctx.actor, file.id)));

export const emergencyModule: AppModule = {
  name: 'emergency',
  description: '应急管理（一网五库、五库统一检索、七有自评、预案与演练、应急值守、事故信息报送、资源分布）',
  routes: emergencyRoutes,
  async seed(deps, opts) {
    if (opts.level === 'demo') {
      await seedDemoEmergency(deps, opts.randomSeed);
      // ---------- 值守、事故信息、资源地图 ----------
      await seedDemoDutyAndAccidents(deps, opts.randomSeed);
      // ---------- 预案与演练 ----------
      await seedDemoPlansAndDrills(deps, opts.randomSeed);
    }
  },
  jobs: [
    { name: 'emergency.liaison-reminders', everySeconds: 3600, run: (deps) => remindStaleLiaisons(deps) },
    // ---------- 预案与演练 ----------
    { name: 'emergency.plan-revisions', everySeconds: 3600, run: (deps) => remindPlanRevisions(deps) },
    // ---------- 事故信息报送: 首报迟报 and 终报逾期, told once each ----------
    { name: ACCIDENT_OVERDUE_JOB, everySeconds: 900, run: (deps) => notifyOverdueAccidents(deps) },
  ],
};
