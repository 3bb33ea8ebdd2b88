/**
 * The device payload (MQTT topic `anzhi/{enterpriseId}/{deviceId}/data`, or the HTTP batch
 * endpoint): UTF-8 JSON, a batch of readings of one device's sensors.
 *
 *   { "readings": [ { "sensor": "GT-101", "ts": "2026-12-04T10:00:00+08:00", "value": 12.5 }, … ] }
 *
 * or, several sensors sampled at one instant:
 *
 *   { "ts": 1796364000000, "values": { "GT-101": 12.5, "LT-201": 6.42 } }
 *
 * `sensor` is the sensor's 位号 (tag) on the device; `ts` an ISO 8601 time with offset or epoch
 * milliseconds (omitted: the time of receipt); `value` a finite number (视频在线: 1 online, 0 offline).
 * At most MAX_READINGS per message.
 *
 * Timestamps: a reading more than FUTURE_TOLERANCE_MS ahead of the server's clock, or older than
 * the raw-data retention, is dropped and counted (`future` / `tooOld`); older readings that are
 * still inside retention are stored (backfill after an outage) but do not drive alarms when older
 * than the sensor's last evaluated reading.
 */
export const MAX_READINGS = 1000;
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface ParsedReading {
  sensor: string;
  /** epoch ms */
  at: number;
  value: number;
}

export type ParseResult = { ok: true; readings: ParsedReading[]; skipped: number } | { ok: false; error: string };

function toTime(ts: unknown, received: number): number | undefined {
  if (ts === undefined || ts === null) return received;
  if (typeof ts === 'number') return Number.isFinite(ts) && ts > 0 ? Math.round(ts) : undefined;
  if (typeof ts === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(ts)) {
    const v = Date.parse(ts);
    return Number.isNaN(v) ? undefined : v;
  }
  return undefined;
}

const utf8 = new TextDecoder();

/** Parse a payload; individual bad readings are skipped (counted), a bad envelope fails the message. */
export function parsePayload(raw: string | Uint8Array | unknown, received: number): ParseResult {
  let body: unknown = raw;
  if (typeof raw === 'string' || raw instanceof Uint8Array) {
    try {
      body = JSON.parse(typeof raw === 'string' ? raw : utf8.decode(raw));
    } catch {
      return { ok: false, error: '报文不是有效的 JSON' };
    }
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, error: '报文应为 JSON 对象（含 readings 或 values）' };
  const b = body as Record<string, unknown>;
  const out: ParsedReading[] = [];
  let skipped = 0;
  if (Array.isArray(b.readings)) {
    if (b.readings.length > MAX_READINGS) return { ok: false, error: `一条报文最多 ${MAX_READINGS} 个读数` };
    for (const r of b.readings) {
      if (!r || typeof r !== 'object') {
        skipped++;
        continue;
      }
      const x = r as Record<string, unknown>;
      const at = toTime(x.ts, received);
      if (typeof x.sensor !== 'string' || x.sensor.length === 0 || x.sensor.length > 64 || typeof x.value !== 'number' || !Number.isFinite(x.value) || at === undefined) {
        skipped++;
        continue;
      }
      out.push({ sensor: x.sensor, at, value: x.value });
    }
  } else if (b.values && typeof b.values === 'object' && !Array.isArray(b.values)) {
    const at = toTime(b.ts, received);
    if (at === undefined) return { ok: false, error: 'ts 应为带时区的 ISO 8601 时间或毫秒时间戳' };
    const entries = Object.entries(b.values as Record<string, unknown>);
    if (entries.length > MAX_READINGS) return { ok: false, error: `一条报文最多 ${MAX_READINGS} 个读数` };
    for (const [sensor, value] of entries) {
      if (typeof value !== 'number' || !Number.isFinite(value) || sensor.length > 64) {
        skipped++;
        continue;
      }
      out.push({ sensor, at, value });
    }
  } else {
    return { ok: false, error: '报文应含 readings 数组或 values 对象' };
  }
  return { ok: true, readings: out, skipped };
}

/** `anzhi/{enterpriseId}/{deviceId}/data` → the ids, or undefined for any other topic. */
export function parseTopic(topic: string): { enterpriseId: string; deviceId: string } | undefined {
  const m = /^anzhi\/([0-9a-f-]{36})\/([0-9a-f-]{36})\/data$/i.exec(topic);
  return m ? { enterpriseId: m[1].toLowerCase(), deviceId: m[2].toLowerCase() } : undefined;
}

export const topicOf = (enterpriseId: string, deviceId: string) => `anzhi/${enterpriseId}/${deviceId}/data`;
