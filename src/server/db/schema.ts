// Every table of the product, collected for drizzle (queries and drizzle-kit migrations).
// A module adds one `export *` line for its own `<module>.schema.ts`.
export * from '../platform/platform.schema';
export * from '../modules/org/org.schema';
export * from '../modules/plan/plan.schema';
export * from '../modules/hazard/hazard.schema';
export * from '../modules/campaign/campaign.schema';
export * from '../modules/risk/risk.schema';
export * from '../modules/checklist/checklist.schema';
export * from '../modules/monitoring/monitoring.schema';
export * from '../modules/emergency/emergency.schema';
export * from '../modules/emergency/emergency-duty.schema';
export * from '../modules/report/report.schema';
export * from '../modules/inspection/inspection.schema';
export * from '../modules/emergency/emergency-plans.schema';
