/**
 * The campaign module's SQL, by use case. Every query of unit-owned records carries the scope in
 * its WHERE clause (scope.ts). Units are the org module's: queries return unit ids, the services
 * add names and the organisation's order (campaign.units.ts).
 */
export * from './scope';
export * from './bulk';
export * from './campaigns';
export * from './tree';
export * from './duties';
export * from './periods';
export * from './reports';
export * from './consolidated';
export * from './stats';
export * from './lists';
export * from './summaries';
export * from './reminders';
export * from './seed';
