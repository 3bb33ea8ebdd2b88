CREATE TABLE "emergency_accident_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"accident_id" uuid NOT NULL,
	"milestone" text NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"title" text NOT NULL,
	"unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	CONSTRAINT "emergency_accident_notices_uq" UNIQUE("accident_id","milestone"),
	CONSTRAINT "emergency_accident_notices_milestone_chk" CHECK ("emergency_accident_notices"."milestone" in ('first_late','final_overdue'))
);
--> statement-breakpoint
ALTER TABLE "emergency_accident_notices" ADD CONSTRAINT "emergency_accident_notices_accident_id_emergency_accidents_id_fk" FOREIGN KEY ("accident_id") REFERENCES "public"."emergency_accidents"("id") ON DELETE cascade ON UPDATE no action;