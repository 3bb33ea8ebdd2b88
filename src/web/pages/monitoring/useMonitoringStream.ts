import { useEffect, useRef, useState } from 'react';
import { urlOf } from '../../lib/client';
import { monitoringApi } from '../../../shared/contracts/monitoring.api';
import type { StreamAlarmEvent, StreamReadyEvent, StreamValuesEvent } from '../../../shared/contracts/monitoring';

export interface StreamHandlers {
  onAlarm?: (e: StreamAlarmEvent) => void;
  onValues?: (e: StreamValuesEvent) => void;
  /** (re)connected: reload what the stream does not replay (the events missed while away) */
  onReady?: (e: StreamReadyEvent) => void;
}

/**
 * The live stream of alarms and latest values (GET /api/monitoring/stream, SSE). EventSource
 * reconnects by itself after a network error; when it gives up (the server answered an error, e.g.
 * 503 during a database outage) it is opened again after a pause. `live` says whether the stream is
 * up now — pages poll slowly only while it is not. `event: end` (the session ended) closes it for
 * good: the page's next request leads to the login.
 */
export function useMonitoringStream(opts: { enterpriseId?: string; values?: boolean; enabled?: boolean }, handlers: StreamHandlers): { live: boolean } {
  const [live, setLive] = useState(false);
  const ref = useRef(handlers);
  ref.current = handlers;
  const { enterpriseId, values = true, enabled = true } = opts;
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let es: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    let attempts = 0;
    const url = urlOf(monitoringApi.stream, { query: { enterpriseId, values: values ? undefined : 'false' } });
    const parse = <T,>(m: MessageEvent): T | undefined => {
      try {
        return JSON.parse(String(m.data)) as T;
      } catch {
        return undefined;
      }
    };
    const open = () => {
      if (stopped) return;
      es = new EventSource(url, { withCredentials: true });
      es.addEventListener('ready', (m) => {
        attempts = 0;
        setLive(true);
        const e = parse<StreamReadyEvent>(m);
        if (e) ref.current.onReady?.(e);
      });
      es.addEventListener('alarm', (m) => {
        const e = parse<StreamAlarmEvent>(m);
        if (e) ref.current.onAlarm?.(e);
      });
      es.addEventListener('values', (m) => {
        const e = parse<StreamValuesEvent>(m);
        if (e) ref.current.onValues?.(e);
      });
      es.addEventListener('end', () => {
        stopped = true;
        es?.close();
        setLive(false);
      });
      es.onerror = () => {
        setLive(false);
        if (es && es.readyState === EventSource.CLOSED) {
          es = null;
          attempts++;
          retry = setTimeout(open, Math.min(30_000, 2_000 * attempts));
        }
      };
    };
    open();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      es?.close();
      setLive(false);
    };
  }, [enterpriseId, values, enabled]);
  return { live };
}
