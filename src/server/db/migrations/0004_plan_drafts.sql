CREATE TABLE "plan_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"file_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"source_text" text NOT NULL,
	"parsed" jsonb NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"title" text,
	"doc_number" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"campaign_id" uuid,
	"imported_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"region_code" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_drafts_status_chk" CHECK ("plan_drafts"."status" in ('draft','importing','imported')),
	CONSTRAINT "plan_drafts_imported_chk" CHECK ("plan_drafts"."status" <> 'imported' or "plan_drafts"."campaign_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "plan_drafts" ADD CONSTRAINT "plan_drafts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_drafts_region_idx" ON "plan_drafts" USING btree ("region_code" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "plan_drafts_sha_idx" ON "plan_drafts" USING btree ("sha256");