import type { AppModule } from '../platform/deps';
import { orgModule } from './org';
import { planModule } from './plan';
import { hazardModule } from './hazard';
import { checklistModule } from './checklist';
import { riskModule } from './risk';
import { campaignModule } from './campaign';
import { monitoringModule } from './monitoring';
import { emergencyModule } from './emergency';
import { reportModule } from './report';
import { inspectionModule } from './inspection';

/**
 * Every domain module, in seed order (org first: the others attach to its units and enterprises).
 * A new module adds one line here.
 */
export const MODULES: AppModule[] = [orgModule, planModule, hazardModule, checklistModule, riskModule, campaignModule, monitoringModule, emergencyModule, reportModule, inspectionModule];
