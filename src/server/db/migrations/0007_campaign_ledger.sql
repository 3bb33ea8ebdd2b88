CREATE TABLE "campaign_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"role" text NOT NULL,
	"unit_id" uuid,
	"reporting_unit_id" uuid,
	"name" text NOT NULL,
	"generic" boolean DEFAULT false NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_assignments_role_chk" CHECK ("campaign_assignments"."role" in ('lead','co','territorial'))
);
--> statement-breakpoint
CREATE TABLE "campaign_duties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"role" text NOT NULL,
	"region_code" text NOT NULL,
	"due_date" date,
	"status" text DEFAULT '未开始' NOT NULL,
	"status_period" text,
	CONSTRAINT "campaign_duties_item_unit_uq" UNIQUE("item_id","unit_id"),
	CONSTRAINT "campaign_duties_status_chk" CHECK ("campaign_duties"."status" in ('未开始','推进中','已完成','滞后'))
);
--> statement-breakpoint
CREATE TABLE "campaign_indicator_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"period" text NOT NULL,
	"value_number" double precision,
	"value_text" text,
	"value_bool" boolean,
	CONSTRAINT "campaign_indicator_values_uq" UNIQUE("report_id","indicator_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"task_id" uuid,
	"name" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"value_type" text DEFAULT 'number' NOT NULL,
	"comparator" text DEFAULT '>=' NOT NULL,
	"target_value" double precision,
	"target_value_max" double precision,
	"due_date" date,
	"aggregate" text DEFAULT 'avg' NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_indicators_type_chk" CHECK ("campaign_indicators"."value_type" in ('number','text','boolean'))
);
--> statement-breakpoint
CREATE TABLE "campaign_list_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"category" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"measures" text DEFAULT '' NOT NULL,
	"roadmap" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deadline" date,
	"responsible_person" text DEFAULT '' NOT NULL,
	"status" text DEFAULT '未开始' NOT NULL,
	"completion_note" text DEFAULT '' NOT NULL,
	"completed_on" date,
	"doc_number" text DEFAULT '' NOT NULL,
	"hazard_id" uuid,
	"hazard_level" text,
	"task_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_list_entries_kind_chk" CHECK ("campaign_list_entries"."kind" in ('hazard','selfcheck','measure')),
	CONSTRAINT "campaign_list_entries_status_chk" CHECK ("campaign_list_entries"."status" in ('未开始','推进中','已完成'))
);
--> statement-breakpoint
CREATE TABLE "campaign_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"due_date" date,
	"kind" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"recurrence_every" text,
	"recurrence_times" integer,
	"at_least" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_periods" (
	"campaign_id" uuid NOT NULL,
	"period" text NOT NULL,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by" uuid,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "campaign_periods_campaign_id_period_pk" PRIMARY KEY("campaign_id","period")
);
--> statement-breakpoint
CREATE TABLE "campaign_phases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"start_date" date,
	"end_date" date,
	"description" text DEFAULT '' NOT NULL,
	"node_id" text
);
--> statement-breakpoint
CREATE TABLE "campaign_report_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"period" text NOT NULL,
	"item_id" uuid NOT NULL,
	"status" text NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"review_comment" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_report_entries_item_uq" UNIQUE("report_id","item_id"),
	CONSTRAINT "campaign_report_entries_status_chk" CHECK ("campaign_report_entries"."status" in ('未开始','推进中','已完成','滞后'))
);
--> statement-breakpoint
CREATE TABLE "campaign_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"period" text NOT NULL,
	"region_code" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"due_date" date NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"problems" text DEFAULT '' NOT NULL,
	"next_plan" text DEFAULT '' NOT NULL,
	"first_submitted_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"late" boolean DEFAULT false NOT NULL,
	"submitted_by" uuid,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"review_comment" text,
	"return_count" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_reports_unit_period_uq" UNIQUE("campaign_id","unit_id","period"),
	CONSTRAINT "campaign_reports_status_chk" CHECK ("campaign_reports"."status" in ('draft','submitted','returned','accepted'))
);
--> statement-breakpoint
CREATE TABLE "campaign_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"action" text NOT NULL,
	"comment" text,
	"item_comments" jsonb,
	"actor_user_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_summaries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"unit_id" uuid,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"period_key" text NOT NULL,
	"title" text NOT NULL,
	"recipient" text DEFAULT '' NOT NULL,
	"doc_number" text DEFAULT '' NOT NULL,
	"issuer" text DEFAULT '' NOT NULL,
	"issued_on" date,
	"sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finalized_at" timestamp with time zone,
	CONSTRAINT "campaign_summaries_status_chk" CHECK ("campaign_summaries"."status" in ('draft','final'))
);
--> statement-breakpoint
CREATE TABLE "campaign_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"parent_id" uuid,
	"node_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"marker" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"level" integer DEFAULT 1 NOT NULL,
	"title" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"sort" integer NOT NULL,
	"series" text,
	"territorial_duty" boolean DEFAULT false NOT NULL,
	"is_work" boolean DEFAULT false NOT NULL,
	"task_id" uuid,
	"due_date" date,
	"source_start" integer,
	"source_end" integer,
	CONSTRAINT "campaign_tasks_node_uq" UNIQUE("campaign_id","node_id"),
	CONSTRAINT "campaign_tasks_kind_chk" CHECK ("campaign_tasks"."kind" in ('section','group','task','item'))
);
--> statement-breakpoint
CREATE TABLE "campaign_vetoes" (
	"campaign_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"set_by" uuid,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_vetoes_campaign_id_unit_id_pk" PRIMARY KEY("campaign_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_webhook_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_webhook_outbox_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"doc_number" text,
	"issuer" text,
	"issued_on" date,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"region_code" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source_draft_id" text,
	"source_text" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "campaigns_status_chk" CHECK ("campaigns"."status" in ('active','archived')),
	CONSTRAINT "campaigns_range_chk" CHECK ("campaigns"."start_date" <= "campaigns"."end_date")
);
--> statement-breakpoint
ALTER TABLE "campaign_assignments" ADD CONSTRAINT "campaign_assignments_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_assignments" ADD CONSTRAINT "campaign_assignments_task_id_campaign_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."campaign_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_assignments" ADD CONSTRAINT "campaign_assignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_assignments" ADD CONSTRAINT "campaign_assignments_reporting_unit_id_units_id_fk" FOREIGN KEY ("reporting_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_duties" ADD CONSTRAINT "campaign_duties_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_duties" ADD CONSTRAINT "campaign_duties_item_id_campaign_tasks_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."campaign_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_duties" ADD CONSTRAINT "campaign_duties_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_indicator_values" ADD CONSTRAINT "campaign_indicator_values_report_id_campaign_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."campaign_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_indicator_values" ADD CONSTRAINT "campaign_indicator_values_indicator_id_campaign_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."campaign_indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_indicators" ADD CONSTRAINT "campaign_indicators_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_indicators" ADD CONSTRAINT "campaign_indicators_task_id_campaign_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."campaign_tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_list_entries" ADD CONSTRAINT "campaign_list_entries_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_list_entries" ADD CONSTRAINT "campaign_list_entries_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_list_entries" ADD CONSTRAINT "campaign_list_entries_task_id_campaign_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."campaign_tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_milestones" ADD CONSTRAINT "campaign_milestones_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_milestones" ADD CONSTRAINT "campaign_milestones_task_id_campaign_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."campaign_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_periods" ADD CONSTRAINT "campaign_periods_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_phases" ADD CONSTRAINT "campaign_phases_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_report_entries" ADD CONSTRAINT "campaign_report_entries_report_id_campaign_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."campaign_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_report_entries" ADD CONSTRAINT "campaign_report_entries_item_id_campaign_tasks_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."campaign_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_reports" ADD CONSTRAINT "campaign_reports_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_reports" ADD CONSTRAINT "campaign_reports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_reviews" ADD CONSTRAINT "campaign_reviews_report_id_campaign_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."campaign_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_summaries" ADD CONSTRAINT "campaign_summaries_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_summaries" ADD CONSTRAINT "campaign_summaries_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_tasks" ADD CONSTRAINT "campaign_tasks_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_vetoes" ADD CONSTRAINT "campaign_vetoes_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_vetoes" ADD CONSTRAINT "campaign_vetoes_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_assignments_task_idx" ON "campaign_assignments" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "campaign_assignments_campaign_idx" ON "campaign_assignments" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "campaign_duties_unit_idx" ON "campaign_duties" USING btree ("campaign_id","unit_id");--> statement-breakpoint
CREATE INDEX "campaign_duties_task_idx" ON "campaign_duties" USING btree ("campaign_id","task_id");--> statement-breakpoint
CREATE INDEX "campaign_indicator_values_idx" ON "campaign_indicator_values" USING btree ("campaign_id","indicator_id","period");--> statement-breakpoint
CREATE INDEX "campaign_indicators_campaign_idx" ON "campaign_indicators" USING btree ("campaign_id","sort");--> statement-breakpoint
CREATE INDEX "campaign_list_entries_unit_idx" ON "campaign_list_entries" USING btree ("campaign_id","unit_id","kind","seq");--> statement-breakpoint
CREATE INDEX "campaign_list_entries_hazard_idx" ON "campaign_list_entries" USING btree ("hazard_id");--> statement-breakpoint
CREATE INDEX "campaign_milestones_task_idx" ON "campaign_milestones" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "campaign_milestones_due_idx" ON "campaign_milestones" USING btree ("campaign_id","due_date");--> statement-breakpoint
CREATE INDEX "campaign_phases_campaign_idx" ON "campaign_phases" USING btree ("campaign_id","ordinal");--> statement-breakpoint
CREATE INDEX "campaign_report_entries_period_idx" ON "campaign_report_entries" USING btree ("campaign_id","period","item_id");--> statement-breakpoint
CREATE INDEX "campaign_report_entries_unit_item_idx" ON "campaign_report_entries" USING btree ("unit_id","item_id","period");--> statement-breakpoint
CREATE INDEX "campaign_reports_period_idx" ON "campaign_reports" USING btree ("campaign_id","period","status");--> statement-breakpoint
CREATE INDEX "campaign_reviews_report_idx" ON "campaign_reviews" USING btree ("report_id","at");--> statement-breakpoint
CREATE INDEX "campaign_summaries_campaign_idx" ON "campaign_summaries" USING btree ("campaign_id","period_key");--> statement-breakpoint
CREATE INDEX "campaign_tasks_campaign_idx" ON "campaign_tasks" USING btree ("campaign_id","sort");--> statement-breakpoint
CREATE INDEX "campaign_tasks_parent_idx" ON "campaign_tasks" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "campaign_webhook_outbox_pending_idx" ON "campaign_webhook_outbox" USING btree ("delivered_at","created_at");--> statement-breakpoint
CREATE INDEX "campaigns_region_idx" ON "campaigns" USING btree ("region_code");