CREATE TABLE "dishonest_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"basis" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"status" text DEFAULT 'listed' NOT NULL,
	"repair_reason" text,
	"repair_applied_by_name" text,
	"repair_applied_at" timestamp with time zone,
	"repair_opinion" text,
	"repair_reviewed_by_name" text,
	"removed_on" date,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enforcement_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"classes" jsonb NOT NULL,
	"months" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"review_opinion" text,
	"reviewed_by_name" text,
	"reviewed_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "enforcement_plans_unit_year_uq" UNIQUE("unit_id","year")
);
--> statement-breakpoint
ALTER TABLE "dishonest_entries" ADD CONSTRAINT "dishonest_entries_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dishonest_entries" ADD CONSTRAINT "dishonest_entries_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_plans" ADD CONSTRAINT "enforcement_plans_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dishonest_entries_scope_idx" ON "dishonest_entries" USING btree ("region_code","sector");--> statement-breakpoint
CREATE INDEX "dishonest_entries_ent_idx" ON "dishonest_entries" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "enforcement_plans_region_idx" ON "enforcement_plans" USING btree ("region_code","year");