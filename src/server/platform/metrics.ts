import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import type { DbFailure, DbHealth } from '../db';

/**
 * Prometheus metrics: request counts and latencies by route, the database's availability, process
 * metrics. The registry is served by the system table's `metrics` endpoint (GET /metrics).
 */
export function installMetrics(app: FastifyInstance, opts: { health?: DbHealth } = {}): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'anzhi_' });
  const requests = new client.Counter({
    name: 'anzhi_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'anzhi_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const health = opts.health;
  if (health) {
    new client.Gauge({
      name: 'anzhi_db_available',
      help: '1 while the database answers, 0 while it is unreachable (requests needing it get 503)',
      registers: [registry],
      collect() {
        this.set(health.available ? 1 : 0);
      },
    });
    const seen: Record<DbFailure, number> = { unavailable: 0, storage: 0 };
    new client.Counter({
      name: 'anzhi_db_errors_total',
      help: 'Database errors observed: kind="unavailable" (connection lost or refused, failed probes), kind="storage" (disk full or unwritable)',
      labelNames: ['kind'] as const,
      registers: [registry],
      collect() {
        const now = health.errorCounts;
        for (const kind of Object.keys(seen) as DbFailure[]) {
          this.inc({ kind }, now[kind] - seen[kind]);
          seen[kind] = now[kind];
        }
      },
    });
  }
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
  return registry;
}
