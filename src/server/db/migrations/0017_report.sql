CREATE SEQUENCE "public"."report_case_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "report_api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by_name" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "report_api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "report_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"text" text NOT NULL,
	"actor_name" text NOT NULL,
	"unit_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_holidays" (
	"date" date PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"workday" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_rewards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"basis" text NOT NULL,
	"fine_amount" integer NOT NULL,
	"penalty_doc_no" text NOT NULL,
	"amount" integer NOT NULL,
	"status" text NOT NULL,
	"exclusion_checked" boolean NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_by_name" text NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"proposal_note" text DEFAULT '' NOT NULL,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"paid_on" date,
	"voucher_no" text,
	"pay_method" text,
	"paid_by_name" text,
	CONSTRAINT "report_rewards_report_id_unique" UNIQUE("report_id")
);
--> statement-breakpoint
CREATE TABLE "report_salt" (
	"id" integer PRIMARY KEY NOT NULL,
	"salt" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_no" text NOT NULL,
	"tracking_hash" text NOT NULL,
	"channel" text DEFAULT 'web' NOT NULL,
	"partner_key_id" uuid,
	"category" text NOT NULL,
	"sector" text,
	"department_unit_id" uuid,
	"department_name" text NOT NULL,
	"region_code" text NOT NULL,
	"street_name" text NOT NULL,
	"description" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"enterprise_name" text DEFAULT '' NOT NULL,
	"enterprise_id" uuid,
	"anonymous" boolean NOT NULL,
	"reporter_name_enc" text,
	"reporter_phone_enc" text,
	"reporter_email_enc" text,
	"ip_hash" text,
	"device_hash" text,
	"status" text DEFAULT 'submitted' NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"ack_due_on" date NOT NULL,
	"reply_due_on" date NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"handler_user_id" uuid,
	"handler_name" text,
	"verified_at" timestamp with time zone,
	"verify_result" text,
	"finding" text,
	"duplicate_of_id" uuid,
	"verify_note" text,
	"closed_at" timestamp with time zone,
	"hazard_id" uuid,
	"hazard_code" text,
	"case_id" text,
	"case_code" text,
	"possible_duplicate_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"ack_overdue" boolean DEFAULT false NOT NULL,
	"reply_overdue" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "reports_case_no_unique" UNIQUE("case_no"),
	CONSTRAINT "reports_tracking_hash_unique" UNIQUE("tracking_hash")
);
--> statement-breakpoint
ALTER TABLE "report_events" ADD CONSTRAINT "report_events_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_photos" ADD CONSTRAINT "report_photos_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_rewards" ADD CONSTRAINT "report_rewards_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_events_report_idx" ON "report_events" USING btree ("report_id","at");--> statement-breakpoint
CREATE INDEX "report_photos_report_idx" ON "report_photos" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "reports_region_idx" ON "reports" USING btree ("region_code","submitted_at");--> statement-breakpoint
CREATE INDEX "reports_status_idx" ON "reports" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "reports_category_idx" ON "reports" USING btree ("category","submitted_at");--> statement-breakpoint
CREATE INDEX "reports_ip_idx" ON "reports" USING btree ("ip_hash","submitted_at");--> statement-breakpoint
CREATE INDEX "reports_device_idx" ON "reports" USING btree ("device_hash","submitted_at");