import type { AppModule } from '../../platform/deps';
import { definePermissions } from '../../platform/access';
import { reportRoutes } from './report.routes';
import { seedDemoReports } from './report.seed';
import { sweepOverdueReports } from './report.admin';

/**
 * 12350 举报: the public form and tracking page, routing by sector and street, working-day SLAs,
 * handling (verify, hazard, enforcement case, reply), rewards (《安全生产领域举报奖励办法》), the
 * reporter's confidentiality, and Open311 GeoReport v2.
 *
 * The inspection module registers `registerEnforcementCaseOpener(fn)` so a verified report can open
 * an enforcement case; until then that action answers 409.
 */
export { registerEnforcementCaseOpener, type EnforcementCaseOpener } from './report.hooks';
export { reports } from './report.schema';

definePermissions({
  // 受理 and 办理: the 安委办, the supervising departments (their sectors) and the streets (属地).
  'report.read': ['office', 'department', 'street'],
  'report.handle': ['office', 'department', 'street'],
  'report.export': ['office', 'department', 'street'],
  'report.stats': ['office', 'department', 'street'],
  // 奖励审批与发放: the 安委办 (谁受理、谁奖励 at district level, 奖励办法第四条).
  'report.reward': ['office'],
  // Holidays and Open311 partner keys.
  'report.manage': ['admin', 'office'],
  // The working-day calendar the SLAs count on: read by whoever handles reports or keeps the table.
  'report.calendar': ['admin', 'office', 'department', 'street'],
});

export const reportModule: AppModule = {
  name: 'report',
  description: '12350 举报受理（公众举报、分办、核查答复、举报奖励、Open311 GeoReport v2）',
  routes: reportRoutes,
  async seed(deps, opts) {
    if (opts.level === 'demo') await seedDemoReports(deps, opts.randomSeed);
  },
  jobs: [{ name: 'report.overdue', everySeconds: 900, run: (deps) => sweepOverdueReports(deps) }],
};
