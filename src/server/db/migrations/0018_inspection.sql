CREATE TABLE "enforcement_case_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"step" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"document_id" uuid
);
--> statement-breakpoint
CREATE TABLE "enforcement_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"source" text NOT NULL,
	"source_ref" text,
	"summary" text NOT NULL,
	"status" text DEFAULT 'filed' NOT NULL,
	"handler_id" uuid NOT NULL,
	"handler_name" text NOT NULL,
	"violation_code" text,
	"circumstance" text,
	"fine_amount" numeric(14, 2),
	"major" boolean DEFAULT false NOT NULL,
	"review_passed" boolean,
	"reviewer_name" text,
	"review_opinion" text,
	"decided_on" date,
	"closed_on" date,
	"filed_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "enforcement_cases_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "enforcement_document_counters" (
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "enforcement_document_counters_kind_year_pk" PRIMARY KEY("kind","year")
);
--> statement-breakpoint
CREATE TABLE "enforcement_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"case_id" uuid,
	"inspection_id" uuid,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"data" jsonb NOT NULL,
	"issued_by_name" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "enforcement_documents_number_uq" UNIQUE("kind","year","seq")
);
--> statement-breakpoint
CREATE TABLE "inspection_class_overrides" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"target_class" text NOT NULL,
	"reason" text NOT NULL,
	"by_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_draw_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"draw_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"inspector_ids" uuid[] NOT NULL,
	"inspection_id" uuid,
	CONSTRAINT "inspection_draw_targets_uq" UNIQUE("draw_id","seq")
);
--> statement-breakpoint
CREATE TABLE "inspection_draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"filters" jsonb NOT NULL,
	"count" integer NOT NULL,
	"per_target" integer NOT NULL,
	"algorithm" text NOT NULL,
	"pool" jsonb NOT NULL,
	"excluded" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"seed_hash" text NOT NULL,
	"seed" text NOT NULL,
	"result" jsonb,
	"status" text DEFAULT 'committed' NOT NULL,
	"planned_month" text,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"drawn_at" timestamp with time zone,
	CONSTRAINT "inspection_draws_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "inspection_items" (
	"inspection_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"category" text NOT NULL,
	"point" text NOT NULL,
	"result" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"photo_file_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"hazard_id" uuid,
	"hazard_code" text,
	"hazard_grade" text,
	CONSTRAINT "inspection_items_inspection_id_item_id_pk" PRIMARY KEY("inspection_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"origin" text NOT NULL,
	"draw_target_id" uuid,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"unannounced" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"checklist_version_id" uuid NOT NULL,
	"checklist_name" text NOT NULL,
	"team" uuid[] NOT NULL,
	"team_names" text[] NOT NULL,
	"planned_on" date NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"lat" double precision,
	"lng" double precision,
	"location_note" text,
	"signer_name" text,
	"signature_file_id" uuid,
	"summary" text,
	"client_key" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inspections_code_unique" UNIQUE("code"),
	CONSTRAINT "inspections_client_key_unique" UNIQUE("client_key")
);
--> statement-breakpoint
CREATE TABLE "inspector_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspector_conflicts_uq" UNIQUE("user_id","enterprise_id")
);
--> statement-breakpoint
CREATE TABLE "inspectors" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"cert_no" text NOT NULL,
	"cert_expiry" date NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "penalty_discretion" (
	"code" text PRIMARY KEY NOT NULL,
	"violation" text NOT NULL,
	"article" text NOT NULL,
	"basis" text NOT NULL,
	"ranges" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "enforcement_case_events" ADD CONSTRAINT "enforcement_case_events_case_id_enforcement_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."enforcement_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_cases" ADD CONSTRAINT "enforcement_cases_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_cases" ADD CONSTRAINT "enforcement_cases_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_documents" ADD CONSTRAINT "enforcement_documents_case_id_enforcement_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."enforcement_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_documents" ADD CONSTRAINT "enforcement_documents_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_documents" ADD CONSTRAINT "enforcement_documents_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_class_overrides" ADD CONSTRAINT "inspection_class_overrides_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_draw_targets" ADD CONSTRAINT "inspection_draw_targets_draw_id_inspection_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."inspection_draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_draw_targets" ADD CONSTRAINT "inspection_draw_targets_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_draws" ADD CONSTRAINT "inspection_draws_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_items" ADD CONSTRAINT "inspection_items_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_signature_file_id_files_id_fk" FOREIGN KEY ("signature_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_conflicts" ADD CONSTRAINT "inspector_conflicts_user_id_inspectors_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."inspectors"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_conflicts" ADD CONSTRAINT "inspector_conflicts_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspectors" ADD CONSTRAINT "inspectors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspectors" ADD CONSTRAINT "inspectors_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enforcement_case_events_case_idx" ON "enforcement_case_events" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "enforcement_cases_scope_idx" ON "enforcement_cases" USING btree ("region_code","sector");--> statement-breakpoint
CREATE INDEX "enforcement_cases_ent_idx" ON "enforcement_cases" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "enforcement_documents_case_idx" ON "enforcement_documents" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "inspection_draw_targets_ent_idx" ON "inspection_draw_targets" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "inspection_draws_unit_idx" ON "inspection_draws" USING btree ("unit_id","created_at");--> statement-breakpoint
CREATE INDEX "inspections_scope_idx" ON "inspections" USING btree ("region_code","sector");--> statement-breakpoint
CREATE INDEX "inspections_ent_idx" ON "inspections" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "inspections_planned_idx" ON "inspections" USING btree ("planned_on");--> statement-breakpoint
CREATE INDEX "inspectors_unit_idx" ON "inspectors" USING btree ("unit_id");