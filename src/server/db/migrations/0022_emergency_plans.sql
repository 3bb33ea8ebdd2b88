CREATE TABLE "emergency_drills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_name" text NOT NULL,
	"region_code" text NOT NULL,
	"title" text NOT NULL,
	"type" text NOT NULL,
	"scenario" text NOT NULL,
	"plan_id" uuid,
	"plan_title" text,
	"planned_on" date NOT NULL,
	"location" text NOT NULL,
	"participants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"participant_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"timeline" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"evaluation" jsonb,
	"improvements" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_drills_status_chk" CHECK ("emergency_drills"."status" in ('planned','running','ended','evaluated')),
	CONSTRAINT "emergency_drills_kind_chk" CHECK ("emergency_drills"."owner_kind" in ('street','department','park','enterprise','office'))
);
--> statement-breakpoint
CREATE TABLE "emergency_plan_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"file_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_mime" text NOT NULL,
	"file_size" integer NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"note" text,
	"uploaded_at" timestamp with time zone NOT NULL,
	"uploaded_by_name" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"decision" text,
	"decided_at" timestamp with time zone,
	"reviewer_name" text,
	"comment" text,
	CONSTRAINT "emergency_plan_versions_uq" UNIQUE("plan_id","version"),
	CONSTRAINT "emergency_plan_versions_decision_chk" CHECK ("emergency_plan_versions"."decision" is null or "emergency_plan_versions"."decision" in ('accepted','returned'))
);
--> statement-breakpoint
CREATE TABLE "emergency_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_name" text NOT NULL,
	"region_code" text NOT NULL,
	"reviewer_unit_id" uuid NOT NULL,
	"reviewer_name" text NOT NULL,
	"title" text NOT NULL,
	"level" text NOT NULL,
	"type" text NOT NULL,
	"event_type" text,
	"summary" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"current_version" integer DEFAULT 0 NOT NULL,
	"filing_no" text,
	"filed_on" date,
	"next_revision_on" date,
	"needs_revision" boolean DEFAULT false NOT NULL,
	"revision_reason" text,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"reminded_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_plans_filing_no_uq" UNIQUE("filing_no"),
	CONSTRAINT "emergency_plans_status_chk" CHECK ("emergency_plans"."status" in ('draft','submitted','returned','filed')),
	CONSTRAINT "emergency_plans_kind_chk" CHECK ("emergency_plans"."owner_kind" in ('street','department','park','enterprise','office'))
);
--> statement-breakpoint
ALTER TABLE "emergency_drills" ADD CONSTRAINT "emergency_drills_plan_id_emergency_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."emergency_plans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_plan_versions" ADD CONSTRAINT "emergency_plan_versions_plan_id_emergency_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."emergency_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "emergency_drills_owner_idx" ON "emergency_drills" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "emergency_drills_region_idx" ON "emergency_drills" USING btree ("region_code","planned_on" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "emergency_drills_running_idx" ON "emergency_drills" USING btree ("status");--> statement-breakpoint
CREATE INDEX "emergency_plans_owner_idx" ON "emergency_plans" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "emergency_plans_reviewer_idx" ON "emergency_plans" USING btree ("reviewer_unit_id","status");--> statement-breakpoint
CREATE INDEX "emergency_plans_region_idx" ON "emergency_plans" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "emergency_plans_revision_idx" ON "emergency_plans" USING btree ("next_revision_on");