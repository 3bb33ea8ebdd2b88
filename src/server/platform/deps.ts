import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { Database, Db } from '../db';
import type { Clock } from './clock';
import type { FieldCipher } from './crypto';
import type { EventBus } from './events';

/** What services need from the platform; built once by buildApp and passed to every service call. */
export interface AppDeps {
  config: Config;
  database: Database;
  db: Db;
  cipher: FieldCipher;
  /** the domain clock: today, now (tests set it; see platform/clock.ts) */
  clock: Clock;
  events: EventBus;
  log: FastifyBaseLogger;
  /** start-up state: module demo data is written in the background after the server listens */
  status: { seeding: boolean };
}

export interface SeedOptions {
  /** 'demo' seeds synthetic data too; 'org' only the organisation */
  level: 'demo' | 'org';
  /** password for demo users; the seed returns the logins it created */
  demoPassword: string;
  /** deterministic pseudo-random seed for synthetic data */
  randomSeed: number;
  /** the demo password's hash (scrypt, computed once per seed: ~0.1 s each time it is not) */
  demoPasswordHash(): Promise<string>;
}

export interface SeedReport {
  logins?: { username: string; role: string; unit: string }[];
}

/** A vertical module: its routes, and optionally demo/first-run seed data and scheduled jobs. */
export interface AppModule {
  /** also the OpenAPI tag of every route it registers */
  name: string;
  /** Chinese description for the OpenAPI tag */
  description: string;
  routes?: (app: FastifyInstance, deps: AppDeps) => Promise<void> | void;
  /** runs once on an empty database, in module order (org first) */
  seed?: (deps: AppDeps, opts: SeedOptions) => Promise<SeedReport | void>;
  jobs?: JobDefinition[];
  /** started after the app is built (e.g. the MQTT broker); returns its stopper for shutdown */
  onReady?: (deps: AppDeps) => Promise<(() => Promise<void> | void) | void>;
}

export interface JobDefinition {
  name: string;
  /** run every N seconds; the job decides idempotency with job_runs keys */
  everySeconds: number;
  run: (deps: AppDeps) => Promise<unknown>;
}
