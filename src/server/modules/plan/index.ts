import { definePermissions } from '../../platform/access';
import type { AppModule } from '../../platform/deps';
import { planRoutes } from './plan.routes';

/** Plan import (方案导入): upload a plan, review and correct the parsed task tree, import it as a campaign. */
export { getDraft, draftAsParsedPlan, unitDirectoryFor } from './plan.service';
export { planDrafts } from './plan.schema';

definePermissions({
  // The office runs the campaign and turns the plan into its ledger; admins help with system setup.
  'plan.manage': ['admin', 'office'],
});

export const planModule: AppModule = {
  name: 'plan',
  description: '方案导入（上传方案、核对任务树、导入为专项行动）',
  routes: planRoutes,
};
