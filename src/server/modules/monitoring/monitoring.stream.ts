import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { inScope, requireActor, type RequestContext, type Scope } from '../../platform/access';
import type { FilePayload } from '../../platform/api';
import { SESSION_COOKIE, resolveSession } from '../../platform/auth';
import type { AppDeps } from '../../platform/deps';
import type { AppEvent } from '../../platform/events';
import type { StreamAlarmAction, StreamAlarmEvent, StreamQuery, StreamReadyEvent, StreamValue, StreamValuesEvent } from '../../../shared/contracts/monitoring';
import * as repo from './monitoring.repo';

/**
 * 实时推送 (SSE, GET /api/monitoring/stream): alarms and latest values, scoped exactly like the
 * alarm list — the same Scope and the same rule (`inScope` is the in-memory form of
 * `scopeCondition`), applied to the region/sector/enterprise each event carries.
 *
 * One hub per app: it alone listens on the EventBus while at least one stream is open, loads each
 * changed alarm once (one query per tick for all of them, however many screens watch) and fans out
 * to the connections whose scope contains it. Values are coalesced per connection (the newest per
 * sensor) and sent at most once per second. A heartbeat comment every 15 s keeps proxies from
 * closing the connection and re-reads the session: a session that ended (logout, deactivation,
 * idle) ends the stream with `event: end`. A client that reads too slowly (more than 1 MB
 * unsent) is dropped; EventSource reconnects and the `ready` event makes it reload the wall.
 */

export const HEARTBEAT_MS = 15_000;
const VALUES_EVERY_MS = 1_000;
const MAX_UNSENT_BYTES = 1 << 20;

/** What event producers (ingestion, handling, escalation) publish on the EventBus. */
export const ALARM_EVENT = 'monitoring.alarm';
export const VALUES_EVENT = 'monitoring.values';
export interface AlarmEventPayload {
  id: string;
  action: StreamAlarmAction;
  severity?: number;
  created?: boolean;
}
export interface ValuesEventPayload {
  values: StreamValue[];
}

interface Connection {
  scope: Scope;
  enterpriseId?: string;
  values: boolean;
  pending: Map<string, StreamValue>;
  write(chunk: string): void;
  close(): void;
}

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export class StreamHub {
  private readonly conns = new Set<Connection>();
  private off: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private alarms = new Map<string, StreamAlarmAction>();
  private loading = false;
  /** alarm events delivered to at least one connection (tests, bench) */
  delivered = 0;

  constructor(private readonly deps: AppDeps) {}

  get connections(): number {
    return this.conns.size;
  }

  /** Whether anyone listens for values (ingestion skips building them otherwise). */
  get wantsValues(): boolean {
    for (const c of this.conns) if (c.values) return true;
    return false;
  }

  add(c: Connection): void {
    this.conns.add(c);
    if (!this.off) this.off = this.deps.events.subscribe((e) => this.onEvent(e));
    if (!this.timer) {
      this.timer = setInterval(() => this.flushValues(), VALUES_EVERY_MS);
      this.timer.unref();
    }
  }

  remove(c: Connection): void {
    if (!this.conns.delete(c)) return;
    if (this.conns.size === 0) {
      this.off?.();
      this.off = null;
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** End every stream (app close). */
  closeAll(): void {
    for (const c of [...this.conns]) c.close();
  }

  private matches(c: Connection, e: { regionCode?: string | null; sector?: string | null; enterpriseId?: string | null }): boolean {
    return inScope(c.scope, e) && (!c.enterpriseId || c.enterpriseId === e.enterpriseId);
  }

  private onEvent(e: AppEvent): void {
    if (e.type === ALARM_EVENT) {
      const p = e.payload as AlarmEventPayload;
      // Several changes of one alarm in one tick: one event with its latest state; "opened" wins
      // so that a screen sees the alarm as new.
      if (this.alarms.get(p.id) !== 'opened') this.alarms.set(p.id, p.action);
      if (!this.loading) {
        this.loading = true;
        setImmediate(() => void this.sendAlarms());
      }
    } else if (e.type === VALUES_EVENT) {
      const p = e.payload as ValuesEventPayload;
      for (const c of this.conns) {
        if (!c.values || !this.matches(c, e)) continue;
        for (const v of p.values) c.pending.set(v.sensorId, v);
      }
    }
  }

  private async sendAlarms(): Promise<void> {
    try {
      while (this.alarms.size > 0) {
        const batch = this.alarms;
        this.alarms = new Map();
        if (this.conns.size === 0) continue;
        let rows: Awaited<ReturnType<typeof repo.alarmsByIds>>;
        try {
          rows = await repo.alarmsByIds(this.deps.db, [...batch.keys()]);
        } catch (err) {
          // Database unavailable: the screens reload the wall when they reconnect or poll.
          this.deps.log.warn({ err: (err as Error).message }, '实时推送：读取报警失败');
          continue;
        }
        for (const r of rows) {
          const ev: StreamAlarmEvent = { action: batch.get(r.a.id)!, alarm: repo.presentAlarm(r) };
          let text: string | undefined;
          for (const c of this.conns) {
            if (!this.matches(c, r.a)) continue;
            c.write((text ??= frame('alarm', ev)));
            this.delivered++;
          }
        }
      }
    } finally {
      this.loading = false;
    }
  }

  private flushValues(): void {
    for (const c of this.conns) {
      if (c.pending.size === 0) continue;
      const ev: StreamValuesEvent = { values: [...c.pending.values()] };
      c.pending = new Map();
      c.write(frame('values', ev));
    }
  }
}

const hubs = new WeakMap<AppDeps, StreamHub>();
/** The stream hub of an app. */
export function streamHubOf(deps: AppDeps): StreamHub {
  let h = hubs.get(deps);
  if (!h) hubs.set(deps, (h = new StreamHub(deps)));
  return h;
}
/** The hub if one was made (producers use it to skip work nobody listens for). */
export function existingHub(deps: AppDeps): StreamHub | undefined {
  return hubs.get(deps);
}

/**
 * Open a stream for the caller. A request that does not accept text/event-stream (a probe, curl
 * without the header, app.inject in the route tests) gets the `ready` event and the end of the
 * stream; EventSource always sends the header and keeps the connection.
 */
export function openStream(deps: AppDeps, ctx: RequestContext, q: StreamQuery, req: FastifyRequest, reply: FastifyReply): FilePayload {
  const actor = requireActor(ctx);
  const body = new PassThrough();
  const ready: StreamReadyEvent = { now: deps.clock.now().toISOString(), heartbeatSeconds: HEARTBEAT_MS / 1000 };
  body.write(`retry: 3000\n\n${frame('ready', ready)}`);
  reply.header('X-Accel-Buffering', 'no');
  const live = String(req.headers.accept ?? '').includes('text/event-stream');
  if (!live) {
    body.end();
    return { body, fileName: 'monitoring-stream.txt', mediaType: 'text/event-stream', inline: true, cacheControl: 'no-store' };
  }
  const hub = streamHubOf(deps);
  const token = req.cookies?.[SESSION_COOKIE];
  let closed = false;
  let heartbeat: NodeJS.Timeout | null = null;
  const conn: Connection = {
    scope: actor.scope,
    enterpriseId: q.enterpriseId,
    values: q.values !== false,
    pending: new Map(),
    write(chunk) {
      if (closed) return;
      body.write(chunk);
      if (body.writableLength + (reply.raw.writableLength ?? 0) > MAX_UNSENT_BYTES) conn.close();
    },
    close() {
      if (closed) return;
      closed = true;
      hub.remove(conn);
      if (heartbeat) clearInterval(heartbeat);
      body.end();
    },
  };
  heartbeat = setInterval(() => {
    void (async () => {
      if (closed) return;
      const s = token ? await resolveSession(deps, token).catch(() => ({ ok: true as const })) : { ok: false as const };
      if (!s.ok) {
        conn.write(frame('end', { reason: 'session' }));
        conn.close();
        return;
      }
      conn.write(': ping\n\n');
    })();
  }, HEARTBEAT_MS);
  heartbeat.unref();
  // The client went away (tab closed, network lost) or the response ended: forget the connection.
  reply.raw.once('close', () => conn.close());
  body.once('close', () => conn.close());
  hub.add(conn);
  return { body, fileName: 'monitoring-stream.txt', mediaType: 'text/event-stream', inline: true, cacheControl: 'no-cache' };
}
