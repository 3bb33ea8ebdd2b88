import { definePermissions } from '../../platform/access';
import type { AppModule } from '../../platform/deps';
import { registerFileAccess } from '../../platform/files';
import { prng, registerCreditFlags } from '../org';
import { registerEnforcementCaseOpener } from '../report';
import { openEnforcementCaseInTx } from './inspection.cases';
import { dishonestFlags } from './inspection.credit';
import { inspectionRoutes } from './inspection.routes';
import { seedInspection } from './inspection.seed';
import { SIGNATURE_PURPOSE, signatureVisible } from './inspection.field';

/**
 * 执法检查 (inspection and enforcement): 检查对象名录 with 分类分级, 执法人员名录 with 回避, verifiable
 * 双随机 draws (commit-reveal, `anzhi draw verify`), on-site inspections (四不两直, checklist items,
 * failed items into the hazard ledger, signature, 现场检查记录), enforcement cases with 法制审核,
 * numbered documents (.docx), 裁量基准, statistics. Other modules call what is exported here.
 */
export { openEnforcementCaseInTx } from './inspection.cases';
export { verifyAllDraws, runDrawVerifyCli } from './inspection.draws';
export { runDraw, seedHash, type DrawPool, type DrawAssignment } from './inspection.draw';
export { enforcementCases, inspections, inspectionDraws } from './inspection.schema';
export { dishonestEnterpriseIds } from './inspection.directory';

// A verified public report (12350) opens an enforcement case here, in the report's transaction.
registerEnforcementCaseOpener((tx, deps, ctx, input) => openEnforcementCaseInTx(tx, deps, ctx, { enterpriseId: input.enterpriseId, source: 'report', sourceRef: input.sourceRef.slice(0, 100), summary: input.summary }));

// The 失信 tag on the registry (org) and the hazard ledger: org reads the list in force through this provider.
registerCreditFlags(dishonestFlags);

definePermissions({
  // Government units and inspectors see the work in their scope; enterprises their own inspections and cases.
  'inspection.read': ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'],
  // 名录库: class overrides, certificates, conflicts — the office and the supervising departments.
  'inspection.directory': ['admin', 'office', 'department'],
  // 双随机: a department draws for itself, the office for any department.
  'inspection.draw': ['office', 'department'],
  // On-site work: inspectors (and departments arranging it).
  'inspection.conduct': ['department', 'inspector'],
  // Cases and documents: the law-enforcing department and its inspectors.
  'inspection.case': ['department', 'inspector'],
  // 重大执法决定法制审核: the office's and departments' legal staff (never the case handler).
  'inspection.legal': ['office', 'department'],
  'inspection.stats': ['admin', 'office', 'department', 'inspector'],
  // 执法计划: a supervising department derives, adjusts and submits its own annual plan…
  'inspection.plan': ['department'],
  // …and the office (安委办) accepts it or returns it.
  'inspection.plan_review': ['office'],
  // 严重失信主体名单: listed by the office or the supervising department, which also review 信用修复.
  'inspection.credit': ['office', 'department'],
  // 信用修复 is applied for by the enterprise itself (or on its behalf by the government units).
  'inspection.credit_repair': ['office', 'department', 'enterprise'],
});

registerFileAccess(SIGNATURE_PURPOSE, async (deps, ctx, file) => !!ctx.actor && (await signatureVisible(deps, ctx.actor, file.id)));

export const inspectionModule: AppModule = {
  name: 'inspection',
  description: '执法检查（分类分级名录、双随机一公开、四不两直、现场检查、执法文书、法制审核、执法统计）',
  routes: inspectionRoutes,
  async seed(deps, opts) {
    await seedInspection(deps, opts.level, opts.demoPasswordHash, prng(opts.randomSeed + 12));
  },
};
