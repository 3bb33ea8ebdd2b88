CREATE TABLE "emergency_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_name" text NOT NULL,
	"unit_kind" text NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"items" jsonb NOT NULL,
	"score" numeric(5, 1) NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by_name" text NOT NULL,
	CONSTRAINT "emergency_assessments_unit_year_uq" UNIQUE("unit_id","year")
);
--> statement-breakpoint
CREATE TABLE "emergency_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"owner_unit_id" uuid,
	"owner_unit_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"title" text NOT NULL,
	"occurred_on" date NOT NULL,
	"place" text NOT NULL,
	"sector_name" text,
	"accident_type" text NOT NULL,
	"deaths" integer DEFAULT 0 NOT NULL,
	"injuries" integer DEFAULT 0 NOT NULL,
	"direct_loss" numeric(16, 3),
	"cause" text NOT NULL,
	"measures" text,
	"process" text,
	"lessons" text,
	"problems" text,
	"suggestions" text,
	"expert_opinion" text,
	CONSTRAINT "emergency_cases_since_chk" CHECK ("emergency_cases"."occurred_on" >= '2000-01-01')
);
--> statement-breakpoint
CREATE TABLE "emergency_experts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"owner_unit_id" uuid,
	"owner_unit_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"field" text NOT NULL,
	"title" text,
	"organisation" text NOT NULL,
	"position" text,
	"phone_enc" text,
	"availability" text NOT NULL,
	"expertise" text
);
--> statement-breakpoint
CREATE TABLE "emergency_liaisons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_name" text NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"position" text,
	"duty_phone_enc" text,
	"office_phone_enc" text,
	"mobile_enc" text,
	"note" text,
	"confirmed_at" timestamp with time zone NOT NULL,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_liaisons_kind_chk" CHECK ("emergency_liaisons"."owner_kind" in ('street','department','park','enterprise','office'))
);
--> statement-breakpoint
CREATE TABLE "emergency_materials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"owner_unit_id" uuid,
	"owner_unit_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"spec" text,
	"unit_of_measure" text NOT NULL,
	"quantity" numeric(16, 3) DEFAULT 0 NOT NULL,
	"min_quantity" numeric(16, 3) DEFAULT 0 NOT NULL,
	"depot" text NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"owner_name" text NOT NULL,
	"contact_name" text,
	"contact_phone_enc" text,
	"expiry_date" date,
	CONSTRAINT "emergency_materials_quantity_chk" CHECK ("emergency_materials"."quantity" >= 0),
	CONSTRAINT "emergency_materials_min_chk" CHECK ("emergency_materials"."min_quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "emergency_regulations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"owner_unit_id" uuid,
	"owner_unit_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"issuer" text NOT NULL,
	"doc_number" text,
	"issued_on" date,
	"effective_on" date,
	"status" text NOT NULL,
	"full_text" text DEFAULT '' NOT NULL,
	CONSTRAINT "emergency_regulations_status_chk" CHECK ("emergency_regulations"."status" in ('现行','废止'))
);
--> statement-breakpoint
CREATE TABLE "emergency_search" (
	"kind" text NOT NULL,
	"ref_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"keys" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_search_kind_ref_id_pk" PRIMARY KEY("kind","ref_id")
);
--> statement-breakpoint
CREATE TABLE "emergency_stock_moves" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"material_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"delta" numeric(16, 3) NOT NULL,
	"balance_after" numeric(16, 3) NOT NULL,
	"counterpart_id" uuid,
	"counterpart_name" text,
	"note" text,
	"actor_user_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "emergency_stock_moves_kind_chk" CHECK ("emergency_stock_moves"."kind" in ('in','out','transfer','write_off')),
	CONSTRAINT "emergency_stock_moves_balance_chk" CHECK ("emergency_stock_moves"."balance_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "emergency_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"owner_unit_id" uuid,
	"owner_unit_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"unit_name" text NOT NULL,
	"kind" text NOT NULL,
	"specialty" text NOT NULL,
	"size" integer NOT NULL,
	"equipment" text,
	"base_address" text NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"contact_name" text NOT NULL,
	"contact_phone_enc" text,
	"readiness" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "emergency_stock_moves" ADD CONSTRAINT "emergency_stock_moves_material_id_emergency_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."emergency_materials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "emergency_assessments_region_idx" ON "emergency_assessments" USING btree ("region_code","year");--> statement-breakpoint
CREATE INDEX "emergency_cases_region_idx" ON "emergency_cases" USING btree ("region_code","occurred_on" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "emergency_experts_region_idx" ON "emergency_experts" USING btree ("region_code","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "emergency_experts_owner_idx" ON "emergency_experts" USING btree ("owner_unit_id");--> statement-breakpoint
CREATE INDEX "emergency_liaisons_owner_idx" ON "emergency_liaisons" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "emergency_liaisons_region_idx" ON "emergency_liaisons" USING btree ("region_code","owner_kind");--> statement-breakpoint
CREATE INDEX "emergency_liaisons_confirmed_idx" ON "emergency_liaisons" USING btree ("confirmed_at");--> statement-breakpoint
CREATE INDEX "emergency_materials_region_idx" ON "emergency_materials" USING btree ("region_code","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "emergency_materials_owner_idx" ON "emergency_materials" USING btree ("owner_unit_id");--> statement-breakpoint
CREATE INDEX "emergency_materials_expiry_idx" ON "emergency_materials" USING btree ("expiry_date") WHERE "emergency_materials"."expiry_date" is not null;--> statement-breakpoint
CREATE INDEX "emergency_regulations_region_idx" ON "emergency_regulations" USING btree ("region_code","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "emergency_search_keys_idx" ON "emergency_search" USING gin ("keys");--> statement-breakpoint
CREATE INDEX "emergency_search_region_idx" ON "emergency_search" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "emergency_stock_moves_material_idx" ON "emergency_stock_moves" USING btree ("material_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "emergency_teams_region_idx" ON "emergency_teams" USING btree ("region_code","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "emergency_teams_owner_idx" ON "emergency_teams" USING btree ("owner_unit_id");