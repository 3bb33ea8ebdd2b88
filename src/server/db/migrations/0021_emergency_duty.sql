CREATE TABLE "emergency_accident_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"accident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_name" text NOT NULL,
	"actor_unit" text NOT NULL,
	"content" text NOT NULL,
	"deaths" integer NOT NULL,
	"missing" integer NOT NULL,
	"serious_injuries" integer NOT NULL,
	"minor_injuries" integer NOT NULL,
	"direct_loss_wan" numeric(14, 2) NOT NULL,
	"grade" text NOT NULL,
	CONSTRAINT "emergency_accident_reports_kind_chk" CHECK ("emergency_accident_reports"."kind" in ('first','follow','final'))
);
--> statement-breakpoint
CREATE TABLE "emergency_accidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"sector" text NOT NULL,
	"enterprise_id" uuid,
	"enterprise_name" text NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"known_at" timestamp with time zone,
	"place" text NOT NULL,
	"summary" text NOT NULL,
	"cause" text,
	"measures" text,
	"deaths" integer NOT NULL,
	"missing" integer DEFAULT 0 NOT NULL,
	"serious_injuries" integer NOT NULL,
	"minor_injuries" integer DEFAULT 0 NOT NULL,
	"direct_loss_wan" numeric(14, 2) NOT NULL,
	"grade" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reporter_unit_id" uuid,
	"reporter_unit_name" text NOT NULL,
	"first_reported_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"final_due_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"last_report_at" timestamp with time zone NOT NULL,
	"report_count" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_accidents_status_chk" CHECK ("emergency_accidents"."status" in ('open','closed')),
	CONSTRAINT "emergency_accidents_grade_chk" CHECK ("emergency_accidents"."grade" in ('一般','较大','重大','特别重大')),
	CONSTRAINT "emergency_accidents_counts_chk" CHECK ("emergency_accidents"."deaths" >= 0 and "emergency_accidents"."missing" >= 0 and "emergency_accidents"."serious_injuries" >= 0 and "emergency_accidents"."minor_injuries" >= 0 and "emergency_accidents"."direct_loss_wan" >= 0)
);
--> statement-breakpoint
CREATE TABLE "emergency_duty_handovers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_name" text NOT NULL,
	"region_code" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"from_name" text NOT NULL,
	"to_name" text NOT NULL,
	"notes" text NOT NULL,
	"pending" text,
	"recorded_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emergency_duty_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_name" text NOT NULL,
	"unit_kind" text NOT NULL,
	"region_code" text NOT NULL,
	"duty_date" date NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"leader_name" text NOT NULL,
	"leader_phone_enc" text,
	"officer_name" text NOT NULL,
	"officer_phone_enc" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_duty_shifts_unit_start_uq" UNIQUE("unit_id","starts_at"),
	CONSTRAINT "emergency_duty_shifts_span_chk" CHECK ("emergency_duty_shifts"."ends_at" > "emergency_duty_shifts"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "emergency_accident_reports" ADD CONSTRAINT "emergency_accident_reports_accident_id_emergency_accidents_id_fk" FOREIGN KEY ("accident_id") REFERENCES "public"."emergency_accidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "emergency_accident_reports_accident_idx" ON "emergency_accident_reports" USING btree ("accident_id","at");--> statement-breakpoint
CREATE INDEX "emergency_accidents_region_idx" ON "emergency_accidents" USING btree ("region_code","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "emergency_accidents_sector_idx" ON "emergency_accidents" USING btree ("sector","occurred_at");--> statement-breakpoint
CREATE INDEX "emergency_accidents_enterprise_idx" ON "emergency_accidents" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "emergency_duty_handovers_unit_idx" ON "emergency_duty_handovers" USING btree ("unit_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "emergency_duty_handovers_region_idx" ON "emergency_duty_handovers" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "emergency_duty_shifts_time_idx" ON "emergency_duty_shifts" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "emergency_duty_shifts_region_idx" ON "emergency_duty_shifts" USING btree ("region_code","duty_date");