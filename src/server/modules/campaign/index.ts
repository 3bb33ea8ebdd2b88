import { definePermissions } from '../../platform/access';
import type { AppModule } from '../../platform/deps';
import { registerFileAccess } from '../../platform/files';
import { prng } from '../org';
import { campaignRoutes } from './campaign.routes';
import { canReadReportFile } from './campaign.reports';
import { REMINDER_JOB, runCampaignReminders } from './campaign.reminders';
import { seedDemoCampaign } from './campaign.seed';

/**
 * Campaign ledger (专项整治台账): campaigns from a plan or by hand, the task tree with lead/co units
 * and 属地 duty, monthly reports with review, reminders, 三个清单, summaries, dashboard, assessment.
 * Other modules call what is exported here.
 */
export { createCampaignFromPlan, type CreateFromPlanResult } from './campaign.plan';
export { campaignsWithDocNumber } from './campaign.lookup';
export { runCampaignReminders, REMINDER_JOB } from './campaign.reminders';
export { renderOfficialDocx, type OfficialDocument } from './campaign.docx';
export { campaigns, campaignTasks, campaignListEntries } from './campaign.schema';

definePermissions({
  // Who takes part: the office runs the campaign; member departments and streets report.
  'campaign.read': ['admin', 'office', 'department', 'street'],
  // Set up and steer the campaign (tree, units, deadlines, periods, 一票否决).
  'campaign.manage': ['admin', 'office'],
  // File the own unit's monthly report and keep its 三个清单.
  'campaign.report': ['office', 'department', 'street'],
  // Review reports (accept / return), the month's consolidated report, the assessment.
  'campaign.review': ['admin', 'office'],
  // Keep 三个清单: a unit that reports keeps its own; the office (and admin) may keep one for any unit.
  'campaign.lists': ['admin', 'office', 'department', 'street'],
});

// A report attachment is readable by whoever may see the report, and by the lead unit of its item.
registerFileAccess('campaign.report', (deps, ctx, file) => canReadReportFile(deps, ctx, file.id));

export const campaignModule: AppModule = {
  name: 'campaign',
  description: '专项整治台账（任务分解、月度报送、审核、督办提醒、三个清单、总结、驾驶舱、考核）',
  routes: campaignRoutes,
  async seed(deps, opts) {
    if (opts.level === 'demo') await seedDemoCampaign(deps, prng(opts.randomSeed + 7));
  },
  jobs: [{ name: REMINDER_JOB, everySeconds: 600, run: (deps) => runCampaignReminders(deps) }],
};
