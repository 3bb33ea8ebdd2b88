CREATE SEQUENCE "public"."hazard_code_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "hazard_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hazard_id" uuid NOT NULL,
	"title" text NOT NULL,
	"responsible" text,
	"due_date" date,
	"done" boolean DEFAULT false NOT NULL,
	"done_at" timestamp with time zone,
	"note" text,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_counters" (
	"lvl" smallint NOT NULL,
	"region" text NOT NULL,
	"sector" text NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"grade" text NOT NULL,
	"overdue" boolean NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "hazard_counters_pk" PRIMARY KEY("lvl","region","sector","source","status","grade","overdue")
);
--> statement-breakpoint
CREATE TABLE "hazard_extensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hazard_id" uuid NOT NULL,
	"old_deadline" date,
	"new_deadline" date NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"requested_by" uuid,
	"requested_by_name" text NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_name" text,
	"opinion" text
);
--> statement-breakpoint
CREATE TABLE "hazard_files" (
	"hazard_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hazard_files_hazard_id_file_id_pk" PRIMARY KEY("hazard_id","file_id"),
	CONSTRAINT "hazard_files_kind_chk" CHECK ("hazard_files"."kind" in ('before','after','document'))
);
--> statement-breakpoint
CREATE TABLE "hazard_plans" (
	"hazard_id" uuid PRIMARY KEY NOT NULL,
	"objectives" text NOT NULL,
	"methods" text NOT NULL,
	"funds_materials" text NOT NULL,
	"organization" text NOT NULL,
	"schedule" text NOT NULL,
	"safety_measures" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_report_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"period" text NOT NULL,
	"due" date NOT NULL,
	"principal_name" text NOT NULL,
	"note" text,
	"figures" jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by_name" text NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	CONSTRAINT "hazard_report_submissions_uq" UNIQUE("enterprise_id","period")
);
--> statement-breakpoint
CREATE TABLE "hazard_resumptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hazard_id" uuid NOT NULL,
	"application" text NOT NULL,
	"assessment" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_by_name" text NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_name" text,
	"opinion" text
);
--> statement-breakpoint
CREATE TABLE "hazard_steps" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hazard_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"hazard_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"step" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"comment" text
);
--> statement-breakpoint
CREATE TABLE "hazard_supervisions" (
	"hazard_id" uuid PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"level" text NOT NULL,
	"supervising_unit" text NOT NULL,
	"doc_no" text NOT NULL,
	"deadline" date NOT NULL,
	"signed_by" text NOT NULL,
	"signed_on" date NOT NULL,
	"requirements" text,
	"status" text DEFAULT 'listed' NOT NULL,
	"listed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delisted_at" timestamp with time zone,
	CONSTRAINT "hazard_supervisions_level_chk" CHECK ("hazard_supervisions"."level" in ('区级','市级','省级'))
);
--> statement-breakpoint
CREATE TABLE "hazards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"source" text NOT NULL,
	"origin_kind" text,
	"origin_id" text,
	"origin_label" text,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"place" text NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"grade" text DEFAULT '一般' NOT NULL,
	"standard_id" text,
	"standard_item" text,
	"status" text NOT NULL,
	"found_at" timestamp with time zone NOT NULL,
	"found_by" uuid,
	"found_by_name" text NOT NULL,
	"found_by_unit" text,
	"confirmed_at" timestamp with time zone,
	"confirmed_by_name" text,
	"measures" text,
	"responsible_person" text,
	"funds" numeric(14, 2),
	"deadline" date,
	"emergency_plan" text,
	"rectify_started_at" timestamp with time zone,
	"rectification_note" text,
	"acceptance_requested_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by_name" text,
	"acceptance_opinion" text,
	"fixed_on_spot" boolean DEFAULT false NOT NULL,
	"fix_note" text,
	"overdue" boolean DEFAULT false NOT NULL,
	"extension_pending" boolean DEFAULT false NOT NULL,
	"supervision" text,
	"stop_production" text,
	"production_state" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hazards_code_uq" UNIQUE("code"),
	CONSTRAINT "hazards_status_chk" CHECK ("hazards"."status" in ('reported','confirmed','rectifying','pending_acceptance','closed','dismissed')),
	CONSTRAINT "hazards_grade_chk" CHECK ("hazards"."grade" in ('一般','重大')),
	CONSTRAINT "hazards_source_chk" CHECK ("hazards"."source" in ('self_check','inspection','public_report','iot_alarm')),
	CONSTRAINT "hazards_major_clause_chk" CHECK ("hazards"."grade" <> '重大' or ("hazards"."standard_id" is not null and "hazards"."standard_item" is not null)),
	CONSTRAINT "hazards_supervision_chk" CHECK ("hazards"."supervision" is null or "hazards"."supervision" in ('listed','delisted'))
);
--> statement-breakpoint
ALTER TABLE "hazard_actions" ADD CONSTRAINT "hazard_actions_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_extensions" ADD CONSTRAINT "hazard_extensions_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_files" ADD CONSTRAINT "hazard_files_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_files" ADD CONSTRAINT "hazard_files_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_plans" ADD CONSTRAINT "hazard_plans_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_report_submissions" ADD CONSTRAINT "hazard_report_submissions_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_resumptions" ADD CONSTRAINT "hazard_resumptions_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_steps" ADD CONSTRAINT "hazard_steps_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_supervisions" ADD CONSTRAINT "hazard_supervisions_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hazard_actions_hazard_idx" ON "hazard_actions" USING btree ("hazard_id","sort");--> statement-breakpoint
CREATE INDEX "hazard_extensions_hazard_idx" ON "hazard_extensions" USING btree ("hazard_id","requested_at");--> statement-breakpoint
CREATE INDEX "hazard_files_file_idx" ON "hazard_files" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "hazard_report_submissions_region_idx" ON "hazard_report_submissions" USING btree ("region_code","period");--> statement-breakpoint
CREATE INDEX "hazard_resumptions_hazard_idx" ON "hazard_resumptions" USING btree ("hazard_id","applied_at");--> statement-breakpoint
CREATE INDEX "hazard_steps_hazard_idx" ON "hazard_steps" USING btree ("hazard_id","id");--> statement-breakpoint
CREATE INDEX "hazard_supervisions_public_idx" ON "hazard_supervisions" USING btree ("status","listed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_found_idx" ON "hazards" USING btree ("found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_status_found_idx" ON "hazards" USING btree ("status","found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_region_found_idx" ON "hazards" USING btree ("region_code","found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_region_status_found_idx" ON "hazards" USING btree ("region_code","status","found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_sector_found_idx" ON "hazards" USING btree ("sector","found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_sector_status_found_idx" ON "hazards" USING btree ("sector","status","found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_enterprise_found_idx" ON "hazards" USING btree ("enterprise_id","found_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "hazards_major_found_idx" ON "hazards" USING btree ("found_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "hazards"."grade" = '重大';--> statement-breakpoint
CREATE INDEX "hazards_deadline_open_idx" ON "hazards" USING btree ("deadline","id") WHERE "hazards"."status" in ('confirmed','rectifying');--> statement-breakpoint
CREATE INDEX "hazards_supervision_idx" ON "hazards" USING btree ("supervision","updated_at" DESC NULLS LAST) WHERE "hazards"."supervision" is not null;--> statement-breakpoint
CREATE INDEX "hazards_origin_idx" ON "hazards" USING btree ("origin_kind","origin_id") WHERE "hazards"."origin_id" is not null;--> statement-breakpoint
CREATE INDEX "hazards_search_trgm_idx" ON "hazards" USING gin (("code" || ' ' || "place" || ' ' || "category" || ' ' || "description") gin_trgm_ops);