CREATE TABLE "major_hazard_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"evaluated_on" date NOT NULL,
	"reason" text NOT NULL,
	"people_exposed" integer NOT NULL,
	"alpha" double precision NOT NULL,
	"s_value" double precision NOT NULL,
	"r_value" double precision NOT NULL,
	"is_major" boolean NOT NULL,
	"grade" text,
	"substances" jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "major_hazard_filings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"filing_no" text NOT NULL,
	"filed_on" date NOT NULL,
	"authority" text NOT NULL,
	"note" text,
	"file_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "major_hazard_installations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"tag" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"medium" text DEFAULT '' NOT NULL,
	"capacity" text DEFAULT '' NOT NULL,
	"status" text DEFAULT '在用' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "major_hazard_installations_status_chk" CHECK ("major_hazard_installations"."status" in ('在用','停用'))
);
--> statement-breakpoint
CREATE TABLE "major_hazard_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"unit_kind" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"people_exposed" integer NOT NULL,
	"alpha" double precision NOT NULL,
	"s_value" double precision NOT NULL,
	"r_value" double precision NOT NULL,
	"is_major" boolean NOT NULL,
	"grade" text,
	"status" text DEFAULT '在用' NOT NULL,
	"main_name" text NOT NULL,
	"main_phone_enc" text,
	"tech_name" text NOT NULL,
	"tech_phone_enc" text,
	"op_name" text NOT NULL,
	"op_phone_enc" text,
	"evaluated_on" date NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "major_hazard_sources_unit_chk" CHECK ("major_hazard_sources"."unit_kind" in ('生产单元','储存单元')),
	CONSTRAINT "major_hazard_sources_status_chk" CHECK ("major_hazard_sources"."status" in ('在用','已核销')),
	CONSTRAINT "major_hazard_sources_grade_chk" CHECK (("major_hazard_sources"."is_major" AND "major_hazard_sources"."grade" in ('一级','二级','三级','四级')) OR (NOT "major_hazard_sources"."is_major" AND "major_hazard_sources"."grade" IS NULL)),
	CONSTRAINT "major_hazard_sources_people_chk" CHECK ("major_hazard_sources"."people_exposed" >= 0)
);
--> statement-breakpoint
CREATE TABLE "major_hazard_substances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"catalog_id" text,
	"name" text NOT NULL,
	"cas" text,
	"symbol" text,
	"hazard_class" text NOT NULL,
	"quantity" double precision NOT NULL,
	"critical_quantity" double precision NOT NULL,
	"q_source" text NOT NULL,
	"beta" double precision NOT NULL,
	"beta_source" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "major_hazard_substances_q_chk" CHECK ("major_hazard_substances"."quantity" > 0 AND "major_hazard_substances"."critical_quantity" > 0 AND "major_hazard_substances"."beta" > 0)
);
--> statement-breakpoint
CREATE TABLE "risk_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"risk_point_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"method" text NOT NULL,
	"factors" jsonb NOT NULL,
	"score" double precision NOT NULL,
	"band" text NOT NULL,
	"level" text NOT NULL,
	"rules_version" integer NOT NULL,
	"assessed_on" date NOT NULL,
	"assessor" text NOT NULL,
	"note" text,
	"active" boolean DEFAULT true NOT NULL,
	"superseded_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_assessments_method_chk" CHECK ("risk_assessments"."method" in ('LEC','LS')),
	CONSTRAINT "risk_assessments_level_chk" CHECK ("risk_assessments"."level" in ('重大','较大','一般','低')),
	CONSTRAINT "risk_assessments_score_chk" CHECK ("risk_assessments"."score" >= 0)
);
--> statement-breakpoint
CREATE TABLE "risk_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"risk_point_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"kind" text NOT NULL,
	"content" text NOT NULL,
	"responsible_level" text NOT NULL,
	"responsible_person" text DEFAULT '' NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "risk_measures_kind_chk" CHECK ("risk_measures"."kind" in ('工程技术','管理','个体防护','应急处置')),
	CONSTRAINT "risk_measures_level_chk" CHECK ("risk_measures"."responsible_level" in ('公司','车间','班组','岗位'))
);
--> statement-breakpoint
CREATE TABLE "risk_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"department" text DEFAULT '' NOT NULL,
	"control_level" text NOT NULL,
	"responsible_person" text DEFAULT '' NOT NULL,
	"hazard_factors" text[] DEFAULT '{}'::text[] NOT NULL,
	"accident_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"emergency" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"review_cycle_days" integer DEFAULT 365 NOT NULL,
	"next_review_on" date,
	"status" text DEFAULT '在用' NOT NULL,
	"card_token" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_points_card_token_unique" UNIQUE("card_token"),
	CONSTRAINT "risk_points_kind_chk" CHECK ("risk_points"."kind" in ('场所','设备设施','作业活动','岗位')),
	CONSTRAINT "risk_points_control_chk" CHECK ("risk_points"."control_level" in ('公司','车间','班组','岗位')),
	CONSTRAINT "risk_points_status_chk" CHECK ("risk_points"."status" in ('在用','停用'))
);
--> statement-breakpoint
ALTER TABLE "major_hazard_evaluations" ADD CONSTRAINT "major_hazard_evaluations_source_id_major_hazard_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."major_hazard_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_hazard_filings" ADD CONSTRAINT "major_hazard_filings_source_id_major_hazard_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."major_hazard_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_hazard_filings" ADD CONSTRAINT "major_hazard_filings_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_hazard_installations" ADD CONSTRAINT "major_hazard_installations_source_id_major_hazard_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."major_hazard_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_hazard_sources" ADD CONSTRAINT "major_hazard_sources_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_hazard_substances" ADD CONSTRAINT "major_hazard_substances_source_id_major_hazard_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."major_hazard_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_risk_point_id_risk_points_id_fk" FOREIGN KEY ("risk_point_id") REFERENCES "public"."risk_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_measures" ADD CONSTRAINT "risk_measures_risk_point_id_risk_points_id_fk" FOREIGN KEY ("risk_point_id") REFERENCES "public"."risk_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_points" ADD CONSTRAINT "risk_points_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "major_hazard_evaluations_source_idx" ON "major_hazard_evaluations" USING btree ("source_id","created_at");--> statement-breakpoint
CREATE INDEX "major_hazard_filings_source_idx" ON "major_hazard_filings" USING btree ("source_id","filed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "major_hazard_installations_tag_uq" ON "major_hazard_installations" USING btree ("source_id","tag");--> statement-breakpoint
CREATE UNIQUE INDEX "major_hazard_sources_enterprise_code_uq" ON "major_hazard_sources" USING btree ("enterprise_id","code");--> statement-breakpoint
CREATE INDEX "major_hazard_sources_sector_idx" ON "major_hazard_sources" USING btree ("sector","region_code");--> statement-breakpoint
CREATE INDEX "major_hazard_sources_region_pattern_idx" ON "major_hazard_sources" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "major_hazard_substances_source_idx" ON "major_hazard_substances" USING btree ("source_id","sort");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_assessments_one_active_uq" ON "risk_assessments" USING btree ("risk_point_id") WHERE "risk_assessments"."active";--> statement-breakpoint
CREATE INDEX "risk_assessments_point_idx" ON "risk_assessments" USING btree ("risk_point_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_assessments_active_level_idx" ON "risk_assessments" USING btree ("level","region_code") WHERE "risk_assessments"."active";--> statement-breakpoint
CREATE INDEX "risk_measures_point_idx" ON "risk_measures" USING btree ("risk_point_id","sort");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_points_enterprise_code_uq" ON "risk_points" USING btree ("enterprise_id","code");--> statement-breakpoint
CREATE INDEX "risk_points_sector_idx" ON "risk_points" USING btree ("sector","region_code");--> statement-breakpoint
CREATE INDEX "risk_points_region_pattern_idx" ON "risk_points" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "risk_points_review_idx" ON "risk_points" USING btree ("next_review_on");