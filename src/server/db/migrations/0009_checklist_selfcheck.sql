CREATE TABLE "checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"category" text NOT NULL,
	"project" text NOT NULL,
	"point" text NOT NULL,
	"basis" text NOT NULL,
	"method" text NOT NULL,
	"major_standard" text,
	"major_item" text
);
--> statement-breakpoint
CREATE TABLE "checklist_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"sector" text NOT NULL,
	"region_code" text NOT NULL,
	"owner_unit_id" uuid,
	"builtin" boolean DEFAULT false NOT NULL,
	"current_version_id" uuid,
	"latest_version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checklist_templates_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "checklist_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"name" text NOT NULL,
	"applicability" text DEFAULT '' NOT NULL,
	"basis_note" text DEFAULT '' NOT NULL,
	"method_note" text DEFAULT '' NOT NULL,
	"change_note" text,
	"item_count" integer DEFAULT 0 NOT NULL,
	"major_count" integer DEFAULT 0 NOT NULL,
	"rev" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	CONSTRAINT "checklist_versions_template_version_uq" UNIQUE("template_id","version"),
	CONSTRAINT "checklist_versions_status_chk" CHECK ("checklist_versions"."status" in ('draft','published','superseded'))
);
--> statement-breakpoint
CREATE TABLE "self_inspection_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"template_id" uuid NOT NULL,
	"name" text NOT NULL,
	"cycle" text NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"responsible_name" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "self_inspection_plans_cycle_chk" CHECK ("self_inspection_plans"."cycle" in ('daily','weekly','monthly'))
);
--> statement-breakpoint
CREATE TABLE "self_inspection_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"result" text NOT NULL,
	"note" text,
	"place" text,
	"photo_file_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"fixed_on_spot" boolean DEFAULT false NOT NULL,
	"after_photo_file_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"fix_note" text,
	"confirm_major" boolean DEFAULT false NOT NULL,
	"hazard_id" uuid,
	"hazard_code" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "self_inspection_results_run_item_uq" UNIQUE("run_id","item_id"),
	CONSTRAINT "self_inspection_results_result_chk" CHECK ("self_inspection_results"."result" in ('pass','fail','na'))
);
--> statement-breakpoint
CREATE TABLE "self_inspection_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"template_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"cycle" text NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"period_key" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"inspector_name" text,
	"started_by" uuid,
	"started_at" timestamp with time zone,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"item_total" integer DEFAULT 0 NOT NULL,
	"pass_count" integer DEFAULT 0 NOT NULL,
	"fail_count" integer DEFAULT 0 NOT NULL,
	"na_count" integer DEFAULT 0 NOT NULL,
	"fixed_count" integer DEFAULT 0 NOT NULL,
	"hazard_count" integer DEFAULT 0 NOT NULL,
	"major_count" integer DEFAULT 0 NOT NULL,
	"rev" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "self_inspection_runs_plan_period_uq" UNIQUE("plan_id","period_key"),
	CONSTRAINT "self_inspection_runs_status_chk" CHECK ("self_inspection_runs"."status" in ('in_progress','submitted','missed'))
);
--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_version_id_checklist_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."checklist_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_templates" ADD CONSTRAINT "checklist_templates_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_versions" ADD CONSTRAINT "checklist_versions_template_id_checklist_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."checklist_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_inspection_plans" ADD CONSTRAINT "self_inspection_plans_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_inspection_plans" ADD CONSTRAINT "self_inspection_plans_template_id_checklist_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."checklist_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_inspection_results" ADD CONSTRAINT "self_inspection_results_run_id_self_inspection_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."self_inspection_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_inspection_results" ADD CONSTRAINT "self_inspection_results_item_id_checklist_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."checklist_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_inspection_runs" ADD CONSTRAINT "self_inspection_runs_plan_id_self_inspection_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."self_inspection_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_inspection_runs" ADD CONSTRAINT "self_inspection_runs_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_inspection_runs" ADD CONSTRAINT "self_inspection_runs_template_id_checklist_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."checklist_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_inspection_runs" ADD CONSTRAINT "self_inspection_runs_version_id_checklist_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."checklist_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checklist_items_version_idx" ON "checklist_items" USING btree ("version_id","seq");--> statement-breakpoint
CREATE INDEX "checklist_templates_sector_idx" ON "checklist_templates" USING btree ("sector");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_versions_one_draft_uq" ON "checklist_versions" USING btree ("template_id") WHERE "checklist_versions"."status" = 'draft';--> statement-breakpoint
CREATE INDEX "self_inspection_plans_enterprise_idx" ON "self_inspection_plans" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "self_inspection_plans_region_idx" ON "self_inspection_plans" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "self_inspection_plans_sector_idx" ON "self_inspection_plans" USING btree ("sector","region_code");--> statement-breakpoint
CREATE INDEX "self_inspection_results_hazard_idx" ON "self_inspection_results" USING btree ("hazard_id");--> statement-breakpoint
CREATE INDEX "self_inspection_runs_enterprise_idx" ON "self_inspection_runs" USING btree ("enterprise_id","period_end");--> statement-breakpoint
CREATE INDEX "self_inspection_runs_region_idx" ON "self_inspection_runs" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "self_inspection_runs_sector_idx" ON "self_inspection_runs" USING btree ("sector","period_end");--> statement-breakpoint
CREATE INDEX "self_inspection_runs_period_idx" ON "self_inspection_runs" USING btree ("period_end","status");