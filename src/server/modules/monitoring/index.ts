import { definePermissions } from '../../platform/access';
import { runAlone } from '../../platform/jobs';
import type { AppModule } from '../../platform/deps';
import { escalateAlarms } from './monitoring.alarms';
import { startIngestion } from './monitoring.broker';
import { sweepOffline } from './monitoring.ingest';
import { loadSettings } from './monitoring.repo';
import { monitoringRoutes } from './monitoring.routes';
import { seedMonitoring } from './monitoring.seed';
import { applyRetention, ensurePartitions } from './monitoring.series';

/**
 * 重大危险源在线监测预警: devices and sensors at enterprises' major hazard sources, MQTT / HTTP
 * ingestion, rules and alarms with escalation, time series in monthly partitions with rollups,
 * the monitoring wall. Other modules may call what is exported here.
 */
export { ingesterOf } from './monitoring.ingest';
export { startEmbeddedBroker, startExternalSubscriber } from './monitoring.broker';
export { monitoringDevices, monitoringSensors, monitoringAlarms } from './monitoring.schema';
export { runSimulateCli } from './monitoring.simulate-cli';
export { SimulatedPlant, SIM_SENSORS, provisionSimulator, runSimulation } from './monitoring.simulate';
export { streamHubOf } from './monitoring.stream';

definePermissions({
  'monitoring.read': ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'],
  // Devices and sensors: the enterprise registers its own; government units within their scope.
  'monitoring.manage': ['admin', 'office', 'department', 'street', 'enterprise'],
  // Alarm handling (确认、恢复、处置、转隐患): the parties of the escalation chain.
  'monitoring.handle': ['office', 'department', 'street', 'enterprise'],
  // Retention and escalation time are district policy; ingestion figures are for operators.
  'monitoring.config': ['admin', 'office'],
});

/** Partitions for this month and the next two, and retention (whole months dropped). */
export async function maintainSeries(deps: Parameters<NonNullable<AppModule['seed']>>[0]) {
  const now = deps.clock.now();
  await ensurePartitions(deps.database, now.getTime() - 86_400_000, now.getTime() + 62 * 86_400_000);
  const s = await loadSettings(deps.db);
  return applyRetention(deps.database, now, s.rawRetentionDays, s.minuteRetentionDays);
}

export const monitoringModule: AppModule = {
  name: 'monitoring',
  description: '重大危险源在线监测预警（设备与传感器、MQTT/HTTP 接入、报警规则、逐级上报、监测一张图）',
  routes: monitoringRoutes,
  async seed(deps, opts) {
    if (opts.level === 'demo') await seedMonitoring(deps, opts.randomSeed);
  },
  jobs: [
    { name: 'monitoring.offline', everySeconds: 60, run: (deps) => runAlone(deps, 'monitoring.offline', () => sweepOffline(deps)) },
    { name: 'monitoring.escalate', everySeconds: 60, run: (deps) => runAlone(deps, 'monitoring.escalate', () => escalateAlarms(deps)) },
    { name: 'monitoring.series', everySeconds: 3600, run: (deps) => runAlone(deps, 'monitoring.series', () => maintainSeries(deps)) },
  ],
  onReady: (deps) => startIngestion(deps),
};
