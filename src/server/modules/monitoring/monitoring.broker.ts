import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AuthenticateError, Client as BrokerClient } from 'aedes';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { parseTopic } from '../../../shared/monitoring/payload';
import { ingesterOf } from './monitoring.ingest';

/**
 * MQTT ingestion. Embedded: an aedes broker on MQTT_PORT; a device connects with username = its
 * id and password = its secret, and may publish only to anzhi/{its enterprise}/{itself}/data
 * (subscribe only to …/cmd). A QoS 1 publish is acknowledged once its readings are stored
 * (authorizePublish waits for the ingester); when they cannot be stored the broker closes the
 * connection without PUBACK and the device resends. External (MQTT_URL): the app subscribes with
 * the shared subscription $share/anzhi/anzhi/+/+/data (the broker authenticates devices and
 * enforces its ACL; the app still checks that the topic names an enabled device of that
 * enterprise) and acknowledges a message after it is stored (mqtt.js handleMessage).
 */
export interface BrokerHandle {
  mode: 'embedded' | 'external';
  port: number | null;
  clients(): number;
  close(): Promise<void>;
}

let current: BrokerHandle | undefined;
export const brokerInfo = () => current;

type DeviceClient = BrokerClient & { anzhiDevice?: { id: string; enterpriseId: string } };

function authError(message: string, code: 3 | 4 | 5): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: code }) as AuthenticateError;
}

/** Is the error of a kind that means "drop this message" (bad payload) rather than "retry later"? */
const isDrop = (e: unknown) => e instanceof AppError && (e.code === 'VALIDATION' || e.code === 'BAD_REQUEST');

export async function startEmbeddedBroker(deps: AppDeps, port: number, host = '0.0.0.0'): Promise<BrokerHandle> {
  const ing = ingesterOf(deps);
  const byDevice = new Map<string, Set<DeviceClient>>();
  // aedes and mqtt.js load when a broker or a subscription starts (~14 MB and ~22 MB): a process that
  // runs neither (the CLI, a bench's export server) does not carry them.
  const { Aedes } = await import('aedes');
  const broker = await Aedes.createBroker({
    authenticate(client: DeviceClient, username, password, done) {
      ing
        .authenticate(username ?? '', password?.toString('utf8'))
        .then((d) => {
          if (!d) {
            ing.counters.refused++;
            return done(authError('设备编号或密钥错误，或设备已停用', 4), false);
          }
          client.anzhiDevice = { id: d.id, enterpriseId: d.enterpriseId };
          let set = byDevice.get(d.id);
          if (!set) byDevice.set(d.id, (set = new Set()));
          set.add(client);
          done(null, true);
        })
        .catch((e) => {
          deps.log.error({ err: e }, 'MQTT 设备认证失败（数据库不可用？）');
          done(authError('服务暂不可用', 3), false);
        });
    },
    authorizePublish(client: DeviceClient | null, packet, callback) {
      if (!client) return callback(null); // the broker's own messages ($SYS)
      const dev = client.anzhiDevice;
      const t = parseTopic(packet.topic);
      if (!dev || !t || t.deviceId !== dev.id || t.enterpriseId !== dev.enterpriseId) {
        ing.counters.refused++;
        return callback(new Error('无权发布到该主题'));
      }
      ing
        .authenticatedDevice(dev.id)
        .then((d) => {
          if (!d) {
            ing.counters.refused++;
            throw new Error('设备已停用');
          }
          return ing.submit(d, packet.payload, 'durable');
        })
        .then(
          () => callback(null),
          (e) => (isDrop(e) ? callback(null) : callback(e instanceof Error ? e : new Error(String(e)))),
        );
    },
    authorizeSubscribe(client: DeviceClient, sub, callback) {
      const dev = client.anzhiDevice;
      if (dev && sub.topic === `anzhi/${dev.enterpriseId}/${dev.id}/cmd`) return callback(null, sub);
      // Refused with a negative SUBACK (0x80); the session stays open.
      ing.counters.refused++;
      callback(null, null);
    },
  });
  broker.on('clientDisconnect', (c: DeviceClient) => {
    if (c.anzhiDevice) byDevice.get(c.anzhiDevice.id)?.delete(c);
  });
  ing.kick = (deviceId) => {
    for (const c of byDevice.get(deviceId) ?? []) c.close();
    byDevice.delete(deviceId);
  };
  const server = net.createServer(broker.handle as (s: net.Socket) => void);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as net.AddressInfo).port;
  const handle: BrokerHandle = {
    mode: 'embedded',
    port: actual,
    clients: () => broker.connectedClients,
    close: async () => {
      ing.kick = undefined;
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
      server.unref();
      if (current === handle) current = undefined;
    },
  };
  current = handle;
  return handle;
}

export async function startExternalSubscriber(deps: AppDeps, url: string): Promise<BrokerHandle> {
  const ing = ingesterOf(deps);
  const mqtt = (await import('mqtt')).default;
  const client = mqtt.connect(url, { clientId: `anzhi-app-${randomBytes(4).toString('hex')}`, clean: true, reconnectPeriod: 2000, protocolVersion: 5 });
  client.handleMessage = (packet, callback) => {
    const t = parseTopic(packet.topic);
    const done = (e?: Error) => callback(e as never);
    if (!t) {
      ing.counters.refused++;
      return done();
    }
    ing
      .authenticatedDevice(t.deviceId)
      .then((d) => {
        if (!d || d.enterpriseId !== t.enterpriseId) {
          ing.counters.refused++;
          return;
        }
        return ing.submit(d, packet.payload, 'durable').then(() => undefined);
      })
      .then(
        () => done(),
        (e) => (isDrop(e) ? done() : done(e instanceof Error ? e : new Error(String(e)))),
      );
  };
  client.on('connect', () => {
    client.subscribe('$share/anzhi/anzhi/+/+/data', { qos: 1 }, (err) => {
      if (err) deps.log.error({ err }, 'MQTT 共享订阅失败');
    });
  });
  client.on('error', (err) => deps.log.warn({ err: err.message }, 'MQTT 外部代理连接出错'));
  const handle: BrokerHandle = {
    mode: 'external',
    port: null,
    clients: () => (client.connected ? 1 : 0),
    close: async () => {
      await client.endAsync();
      if (current === handle) current = undefined;
    },
  };
  current = handle;
  return handle;
}

/**
 * onReady of the module: the ingestion journal (MONITORING_JOURNAL: what an earlier run acknowledged
 * and did not store is queued first), then the external subscriber with MQTT_URL, else the embedded
 * broker. The stop closes the broker, stores what is queued and closes the journal.
 */
export async function startIngestion(deps: AppDeps): Promise<(() => Promise<void>) | undefined> {
  const c = deps.config;
  const ing = ingesterOf(deps);
  if (c.monitoringJournal) {
    const dir = path.join(c.dataDir, 'monitoring-journal');
    try {
      await ing.openJournal(dir);
    } catch (e) {
      // Devices are then acknowledged after the database commit, as without a journal.
      deps.log.error({ err: e }, `监测数据日志未打开：${(e as Error).message}（设备数据改为入库后确认）`);
    }
  }
  let broker: BrokerHandle | undefined;
  try {
    if (c.mqttUrl) {
      broker = await startExternalSubscriber(deps, c.mqttUrl);
      deps.log.info({ url: c.mqttUrl.replace(/\/\/[^@]*@/, '//***@') }, 'MQTT：已连接外部代理（共享订阅 $share/anzhi）');
    } else if (c.mqttEnabled) {
      broker = await startEmbeddedBroker(deps, c.mqttPort);
      deps.log.info({ port: broker.port }, `MQTT：内置代理已监听端口 ${broker.port}`);
    }
  } catch (e) {
    // The HTTP API and the HTTP ingestion keep working; the operator sees why MQTT did not start.
    deps.log.error({ err: e }, `MQTT 接入未启动：${(e as Error).message}（检查 MQTT_PORT 是否被占用，或设置 MQTT_URL / MQTT_ENABLED=false）`);
  }
  return async () => {
    await broker?.close();
    await ing.closeJournal();
  };
}
