CREATE TABLE "monitoring_alarm_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alarm_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_name" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "monitoring_alarms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"device_id" uuid NOT NULL,
	"sensor_id" uuid,
	"type" text NOT NULL,
	"severity" smallint NOT NULL,
	"band" text,
	"message" text NOT NULL,
	"first_value" double precision,
	"last_value" double precision,
	"peak_value" double precision,
	"count" integer DEFAULT 1 NOT NULL,
	"flapping" boolean DEFAULT false NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"cleared_at" timestamp with time zone,
	"cleared_by" text,
	"closed" boolean DEFAULT false NOT NULL,
	"assignee_name" text,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	"hazard_id" uuid,
	"hazard_code" text,
	"origin_key" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "monitoring_alarms_severity_chk" CHECK ("monitoring_alarms"."severity" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "monitoring_devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"source_id" uuid,
	"risk_point_id" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"interval_seconds" integer DEFAULT 60 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"secret_hash" text NOT NULL,
	"secret_issued_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone,
	"online" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_sensors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"device_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"installation_id" uuid,
	"tag" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"range_min" double precision,
	"range_max" double precision,
	"ll" double precision,
	"l" double precision,
	"h" double precision,
	"hh" double precision,
	"deadband" double precision DEFAULT 0 NOT NULL,
	"rate_limit" double precision,
	"frozen_minutes" integer,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_value" double precision,
	"last_at" timestamp with time zone,
	"rule_state" jsonb,
	"band" text DEFAULT 'N' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"raw_retention_days" integer DEFAULT 90 NOT NULL,
	"minute_retention_days" integer DEFAULT 400 NOT NULL,
	"escalate_after_minutes" integer DEFAULT 15 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"extra" jsonb
);
--> statement-breakpoint
ALTER TABLE "monitoring_alarm_events" ADD CONSTRAINT "monitoring_alarm_events_alarm_id_monitoring_alarms_id_fk" FOREIGN KEY ("alarm_id") REFERENCES "public"."monitoring_alarms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alarms" ADD CONSTRAINT "monitoring_alarms_device_id_monitoring_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."monitoring_devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_devices" ADD CONSTRAINT "monitoring_devices_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_sensors" ADD CONSTRAINT "monitoring_sensors_device_id_monitoring_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."monitoring_devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitoring_alarm_events_alarm_idx" ON "monitoring_alarm_events" USING btree ("alarm_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_alarms_open_uq" ON "monitoring_alarms" USING btree ("origin_key","type") WHERE NOT "monitoring_alarms"."closed";--> statement-breakpoint
CREATE INDEX "monitoring_alarms_scope_idx" ON "monitoring_alarms" USING btree ("region_code","sector","raised_at");--> statement-breakpoint
CREATE INDEX "monitoring_alarms_enterprise_idx" ON "monitoring_alarms" USING btree ("enterprise_id","raised_at");--> statement-breakpoint
CREATE INDEX "monitoring_alarms_open_idx" ON "monitoring_alarms" USING btree ("closed","acknowledged_at","raised_at");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_devices_code_uq" ON "monitoring_devices" USING btree ("enterprise_id","code");--> statement-breakpoint
CREATE INDEX "monitoring_devices_scope_idx" ON "monitoring_devices" USING btree ("region_code","sector");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_sensors_tag_uq" ON "monitoring_sensors" USING btree ("device_id","tag");--> statement-breakpoint
CREATE INDEX "monitoring_sensors_scope_idx" ON "monitoring_sensors" USING btree ("region_code","sector");--> statement-breakpoint
CREATE INDEX "monitoring_sensors_enterprise_idx" ON "monitoring_sensors" USING btree ("enterprise_id");--> statement-breakpoint
-- Hand-written (drizzle-kit cannot declare native partitions): raw readings partitioned by month
-- (partitions are created ahead by the monitoring.partitions job and on demand by ingestion;
-- retention drops whole months), and the 1-minute / 1-hour rollups kept at ingestion.
CREATE TABLE "monitoring_readings" (
	"sensor_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	PRIMARY KEY ("sensor_id", "at")
) PARTITION BY RANGE ("at");--> statement-breakpoint
CREATE TABLE "monitoring_rollup_1m" (
	"sensor_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"sum" double precision NOT NULL,
	"count" integer NOT NULL,
	PRIMARY KEY ("sensor_id", "bucket")
);--> statement-breakpoint
CREATE TABLE "monitoring_rollup_1h" (
	"sensor_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"sum" double precision NOT NULL,
	"count" integer NOT NULL,
	PRIMARY KEY ("sensor_id", "bucket")
);--> statement-breakpoint
INSERT INTO "monitoring_settings" ("key") VALUES ('default') ON CONFLICT DO NOTHING;
