import type { FastifyInstance } from 'fastify';
import { registerApi } from '../../platform/api';
import type { AppDeps } from '../../platform/deps';
import { monitoringApi } from '../../../shared/contracts/monitoring.api';
import * as service from './monitoring.service';
import * as handling from './monitoring.handling';
import { deviceTemplate, importDevices } from './monitoring.import';
import { openStream, streamHubOf } from './monitoring.stream';
import { parseOrThrow } from '../../platform/errors';
import { readUpload } from '../../platform/files';
import { DeviceImportFields } from '../../../shared/contracts/monitoring';

/** Thin routes: the contract table (shared/contracts/monitoring.api.ts) validated the input; call the service. */
export async function monitoringRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // Open streams end before the server closes (they would otherwise hold it open).
  app.addHook('preClose', async () => streamHubOf(deps).closeAll());
  registerApi(app, monitoringApi, {
    overview: ({ ctx, query }) => service.overview(deps, ctx, query),
    listDevices: ({ ctx, query }) => service.listDevices(deps, ctx, query),
    createDevice: ({ ctx, body }) => service.createDevice(deps, ctx, body),
    importDevices: async ({ ctx, req }) => {
      const file = await readUpload(req, { maxBytes: Math.min(deps.config.uploadMaxBytes, 20 * 1024 * 1024), field: 'file' });
      return importDevices(deps, ctx, file.buffer, parseOrThrow(DeviceImportFields, file.fields));
    },
    deviceTemplate: async () => ({ body: await deviceTemplate(), fileName: '监测设备导入模板.xlsx' }),
    targets: ({ ctx, query }) => service.targets(deps, ctx, query.enterpriseId),
    getDevice: ({ ctx, params }) => service.getDevice(deps, ctx, params.id),
    updateDevice: ({ ctx, params, body }) => service.updateDevice(deps, ctx, params.id, body),
    setDeviceEnabled: ({ ctx, params, body }) => service.setDeviceEnabled(deps, ctx, params.id, body.enabled),
    rotateSecret: ({ ctx, params }) => service.rotateSecret(deps, ctx, params.id),
    addSensor: ({ ctx, params, body }) => service.addSensor(deps, ctx, params.id, body),
    updateSensor: ({ ctx, params, body }) => service.updateSensor(deps, ctx, params.id, body),
    deleteSensor: ({ ctx, params }) => service.deleteSensor(deps, ctx, params.id),
    series: ({ ctx, params, query }) => service.sensorSeries(deps, ctx, params.id, query),
    // Authenticated by the device's own credentials (HTTP Basic), not a session.
    ingest: ({ req, body }) => service.ingestHttp(deps, req.headers.authorization, body),
    ingestStats: () => service.ingestStats(deps),
    listAlarms: ({ ctx, query }) => handling.listAlarms(deps, ctx, query),
    getAlarm: ({ ctx, params }) => handling.getAlarm(deps, ctx, params.id),
    acknowledge: ({ ctx, params, body }) => handling.acknowledge(deps, ctx, params.id, body?.note),
    clear: ({ ctx, params, body }) => handling.clear(deps, ctx, params.id, body?.note),
    comment: ({ ctx, params, body }) => handling.comment(deps, ctx, params.id, body.text),
    assign: ({ ctx, params, body }) => handling.assign(deps, ctx, params.id, body.assigneeName),
    toHazard: ({ ctx, params, body }) => handling.toHazard(deps, ctx, params.id, body),
    stream: ({ ctx, query, req, reply }) => openStream(deps, ctx, query, req, reply),
    getSettings: () => service.getSettings(deps),
    updateSettings: ({ ctx, body }) => service.updateSettings(deps, ctx, body),
  });
}
