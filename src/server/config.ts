import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The ONLY reader of process.env. Every variable the product understands is declared here,
 * with one comment each; README.md's configuration table mirrors this schema.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const envSchema = z.object({
  // HTTP port of the UI + API.
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Interface to listen on.
  HOST: z.string().default('0.0.0.0'),
  // Directory of the embedded PGlite database, the generated secret key and other local state.
  DATA_DIR: z.string().default('./data'),
  // postgres://user:pass@host:5432/db switches from embedded PGlite to PostgreSQL 15+.
  DATABASE_URL: z.string().url().optional(),
  // Connection pool size per app instance on PostgreSQL.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  // 'demo' seeds the 东西湖区 organisation and demo data into an empty database; 'org' only the organisation; 'none' starts empty.
  ANZHI_SEED: z.enum(['demo', 'org', 'none']).default('demo'),
  // Password of the first admin on an empty database; generated and printed once when unset.
  ANZHI_ADMIN_PASSWORD: z.string().min(1).optional(),
  // Password given to every demo user on first seed; generated and printed once when unset.
  ANZHI_DEMO_PASSWORD: z.string().min(1).optional(),
  // SM4 key (32 hex chars) for personal data at rest; generated into DATA_DIR/secret.key on first embedded run.
  ANZHI_SECRET_KEY: z.string().regex(/^[0-9a-fA-F]{32}$/, '需要 32 位十六进制字符（128 位 SM4 密钥）').optional(),
  // Minutes of inactivity after which a session ends.
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  // Trust X-Forwarded-* headers (behind a reverse proxy that terminates TLS).
  TRUST_PROXY: bool.default(false),
  // Largest accepted upload (attachments, Excel/Word files), in MiB.
  UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(200).default(20),
  // Largest accepted JSON body, in KiB.
  BODY_LIMIT_KB: z.coerce.number().int().min(16).max(10240).default(1024),
  // Login attempts allowed per client IP per minute.
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(20),
  // Public base URL (used in QR codes and links inside generated documents).
  PUBLIC_BASE_URL: z.string().url().optional(),
  // Outgoing webhook for reminders (e.g. an SMS gateway); unset = in-app notifications only.
  ANZHI_WEBHOOK_URL: z.string().url().optional(),
  // Run scheduled jobs (reminders, escalation) in this instance.
  ANZHI_JOBS: bool.default(true),
  // Embedded MQTT broker (aedes) port for device data; 0 picks a free port.
  MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1883),
  // Run the embedded MQTT broker (ignored when MQTT_URL is set).
  MQTT_ENABLED: bool.default(true),
  // External broker (mqtt://user:pass@host:1883, Mosquitto/EMQX): the app subscribes with the shared subscription $share/anzhi/anzhi/+/+/data instead of running its own broker.
  MQTT_URL: z.string().url().optional(),
  // Acknowledge device data (MQTT PUBACK, HTTP 200) once it is in the local journal DATA_DIR/monitoring-journal (synced to disk) instead of after the database commit; the journal is stored behind and replayed after a crash. false = acknowledge after the commit.
  MONITORING_JOURNAL: bool.default(true),
  // pino log level.
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Directory of the built web UI.
  WEB_DIST_DIR: z.string().default('./dist/web'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  databasePoolSize: number;
  seed: 'demo' | 'org' | 'none';
  adminPassword?: string;
  demoPassword?: string;
  secretKey?: string;
  sessionIdleMinutes: number;
  trustProxy: boolean;
  uploadMaxBytes: number;
  bodyLimitBytes: number;
  loginRatePerMinute: number;
  publicBaseUrl: string;
  webhookUrl?: string;
  jobs: boolean;
  logLevel: Env['LOG_LEVEL'];
  mqttPort: number;
  mqttEnabled: boolean;
  mqttUrl?: string;
  /** acknowledge device data from the local journal (see monitoring.journal.ts) */
  monitoringJournal: boolean;
  webDistDir: string;
}

export class ConfigError extends Error {}

/** Parse configuration from an environment (process.env by default); throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置错误（环境变量）：\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    seed: e.ANZHI_SEED,
    adminPassword: e.ANZHI_ADMIN_PASSWORD,
    demoPassword: e.ANZHI_DEMO_PASSWORD,
    secretKey: e.ANZHI_SECRET_KEY,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    trustProxy: e.TRUST_PROXY,
    uploadMaxBytes: e.UPLOAD_MAX_MB * 1024 * 1024,
    bodyLimitBytes: e.BODY_LIMIT_KB * 1024,
    loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`,
    webhookUrl: e.ANZHI_WEBHOOK_URL,
    jobs: e.ANZHI_JOBS,
    logLevel: e.LOG_LEVEL,
    mqttPort: e.MQTT_PORT,
    mqttEnabled: e.MQTT_ENABLED,
    mqttUrl: e.MQTT_URL,
    monitoringJournal: e.MONITORING_JOURNAL,
    webDistDir: path.resolve(e.WEB_DIST_DIR),
  };
}

/**
 * Default configuration for tests and tools: the same schema, no environment. Tests share DATA_DIR,
 * so the ingestion journal is off unless a test opens one in a directory of its own.
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'silent', ANZHI_JOBS: 'false', MONITORING_JOURNAL: 'false' }), ...overrides };
}

/** Read a file if it exists (used for DATA_DIR/secret.key). */
export function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
