import type { Config } from '../../config';
import type { AppDeps } from '../../platform/deps';
import { loadCredentials, provisionSimulator, runSimulation, saveCredentials, type SimDevice } from './monitoring.simulate';

export const SIMULATE_USAGE = '用法：npx anzhi simulate --sensors N --rate R [--seconds S] [--mqtt URL] [--leak-every S] [--offline-every S] [--seed N]';

function flags(argv: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`无法识别的参数 ${a}`);
    const [k, inline] = a.slice(2).split('=', 2);
    const v = inline ?? argv[++i];
    if (v === undefined) throw new Error(`参数 --${k} 缺少取值`);
    m.set(k, v);
  }
  return m;
}

function num(m: Map<string, string>, key: string, def: number | undefined, min: number, max: number): number | undefined {
  const v = m.get(key);
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${key} 应为 ${min}–${max} 的数字（收到 ${v}）`);
  return n;
}

/**
 * `npx anzhi simulate`: register (or reuse) the simulated gateways in the app's database, then
 * publish to the app's broker (the embedded one at MQTT_PORT on this machine unless --mqtt).
 * With the embedded database held by the running server, the credentials of an earlier run
 * (DATA_DIR/simulator-devices.json) are used instead.
 */
export async function runSimulateCli(
  config: Config,
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void; openApp: () => Promise<{ deps: AppDeps; release: () => Promise<void> }> },
): Promise<number> {
  const { out, err } = io;
  let m: Map<string, string>;
  let sensors: number, rate: number, seconds: number | undefined, leakEvery: number, offlineEvery: number, seed: number;
  try {
    m = flags(argv);
    for (const k of m.keys()) if (!['sensors', 'rate', 'seconds', 'mqtt', 'leak-every', 'offline-every', 'seed'].includes(k)) throw new Error(`未知参数 --${k}`);
    sensors = num(m, 'sensors', 40, 1, 100_000)!;
    rate = num(m, 'rate', 100, 1, 1_000_000)!;
    seconds = num(m, 'seconds', undefined, 1, 86_400 * 30);
    leakEvery = num(m, 'leak-every', 60, 0, 86_400)!;
    offlineEvery = num(m, 'offline-every', 90, 0, 86_400)!;
    seed = num(m, 'seed', Date.now() % 1_000_000, 0, 2 ** 31)!;
  } catch (e) {
    err(`${(e as Error).message}\n${SIMULATE_USAGE}\n`);
    return 2;
  }
  const url = m.get('mqtt') ?? `mqtt://127.0.0.1:${config.mqttPort}`;
  let devices: SimDevice[] | undefined;
  let rt: Awaited<ReturnType<typeof io.openApp>> | undefined;
  try {
    rt = await io.openApp();
  } catch (e) {
    if (config.databaseUrl) throw e;
    devices = loadCredentials(config.dataDir);
    const have = devices?.reduce((s, d) => s + d.sensors, 0) ?? 0;
    if (!devices || have < sensors) {
      err(`${(e as Error).message}\n模拟设备尚未登记${devices ? `（已登记 ${have} 个传感器，少于 ${sensors}）` : ''}：请在服务停止时运行一次本命令（登记设备并保存其密钥），或使用 PostgreSQL。\n`);
      return 1;
    }
    devices = trim(devices, sensors);
    out(`嵌入式数据库正由服务使用：沿用已登记的 ${devices.length} 台模拟采集终端（${config.dataDir}/simulator-devices.json）\n`);
  }
  if (rt) {
    try {
      devices = await provisionSimulator(rt.deps, sensors);
      const f = saveCredentials(config.dataDir, devices);
      out(`已登记/复用 ${devices.length} 台模拟采集终端（${sensors} 个传感器），已签发新密钥（库中仅存 SM3 摘要；明文存于 ${f}，仅本用户可读）\n`);
    } finally {
      await rt.release();
    }
  }
  out(`向 ${url} 发布（QoS 1）：${rate} 条读数/秒${seconds ? `，${seconds} 秒` : '，Ctrl-C 结束'}；平均每 ${leakEvery || '—'} 秒一次泄漏，每 ${offlineEvery || '—'} 秒一台终端离线\n`);
  let sim: Awaited<ReturnType<typeof runSimulation>>;
  try {
    sim = await runSimulation({
      url,
      devices: devices!,
      sensors,
      rate,
      seconds,
      seed,
      leakEverySeconds: leakEvery,
      offlineEverySeconds: offlineEvery,
      onSecond: (s) => out(`第 ${s.second} 秒：发布 ${s.published}，确认 ${s.acknowledged}${s.failed ? `，失败 ${s.failed}` : ''}，待确认 ${s.inFlight}；泄漏中 ${s.leaks}，离线 ${s.silent}\n`),
      onEvent: (e) => out(e.kind === 'leak' ? `  ! 泄漏：终端 ${e.device.id} 的可燃气体浓度升高\n` : `  ! 离线：终端 ${e.device.id} 停止上报\n`),
    });
  } catch (e) {
    err(`无法连接 MQTT 代理 ${url}：${(e as Error).message}（服务是否在运行？设备已登记，服务启动后再运行本命令即可）\n`);
    return 1;
  }
  const onSig = () => sim.stop();
  process.once('SIGINT', onSig);
  process.once('SIGTERM', onSig);
  const t = await sim.done;
  process.off('SIGINT', onSig);
  process.off('SIGTERM', onSig);
  out(`合计：${t.seconds.toFixed(1)} 秒发布 ${t.published} 条读数（${t.messages} 条报文），确认 ${t.acknowledged}（${Math.round(t.rate)} 条/秒）${t.failed ? `，失败 ${t.failed}` : ''}；泄漏 ${t.leaks} 次，离线 ${t.outages} 次\n`);
  return t.acknowledged > 0 ? 0 : 1;
}

/** The first gateways covering `sensors` sensors. */
function trim(devices: SimDevice[], sensors: number): SimDevice[] {
  const outList: SimDevice[] = [];
  let left = sensors;
  for (const d of devices) {
    if (left <= 0) break;
    outList.push({ ...d, sensors: Math.min(d.sensors, left) });
    left -= d.sensors;
  }
  return outList;
}
