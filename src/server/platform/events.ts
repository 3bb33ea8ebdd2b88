import { EventEmitter } from 'node:events';

/**
 * In-process event bus for server-sent events (notifications, alarms) and for modules reacting
 * to each other (e.g. an IoT alarm turning into a hazard). Events carry the region/sector/enterprise
 * of their subject so SSE subscribers only receive what their scope allows.
 */
export interface AppEvent {
  type: string;
  regionCode?: string | null;
  sector?: string | null;
  enterpriseId?: string | null;
  /** a single user, when the event is personal (a notification) */
  userId?: string | null;
  unitId?: string | null;
  payload: unknown;
}

export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  publish(event: AppEvent): void {
    this.emitter.emit('event', event);
  }
  subscribe(listener: (e: AppEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
