import { definePermissions } from '../../platform/access';
import type { AppModule } from '../../platform/deps';
import { registerFileAccess } from '../../platform/files';
import { riskRoutes } from './risk.routes';
import { canReadFilingFile } from './major-hazard.service';
import { seedRisk } from './risk.seed';

/**
 * 风险分级管控 and 重大危险源. Other modules may call what is exported here, e.g. the monitoring
 * module attaches sensors to `major_hazard_installations.id` and looks an installation up with
 * findInstallation (scoped).
 */
definePermissions({
  'risk.read': ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'],
  // Enterprises identify and assess their own risks; government units may do it within their scope.
  'risk.write': ['admin', 'office', 'department', 'street', 'enterprise'],
  // Band tables, colour mapping and the enterprise rule are district policy.
  'risk.config': ['admin', 'office'],
});

registerFileAccess('risk.filing', (deps, ctx, f) => canReadFilingFile(deps, ctx, f.id));

export { findInstallation, listInstallations } from './major-hazard.repo';
// For the monitoring module (devices bound to a 重大危险源 / 风险点; scoped lookups).
export { findSource, listSources } from './major-hazard.repo';
export { findPoint, listPoints } from './risk.repo';
// Names of sources, installations and points beside other modules' rows (risk builds the SQL naming its tables).
export { installationRef, majorHazardSourceRef } from './major-hazard.repo';
export { riskPointRef } from './risk.repo';
export { loadRules, refreshEnterpriseLevels } from './risk.service';

export const riskModule: AppModule = {
  name: 'risk',
  description: '风险分级管控（风险点、LEC/LS 评价、四色分布、告知卡）与重大危险源（GB 18218-2018）',
  routes: riskRoutes,
  seed: seedRisk,
};
