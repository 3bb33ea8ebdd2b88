-- The 16号令 statistics of a period (hazard.report.ts figures): every column the aggregate reads, so
-- a quarter of a district's hazards is an index-only scan instead of ~100,000 heap visits.
CREATE INDEX IF NOT EXISTS "hazards_report_idx" ON "hazards" USING btree ("found_at") INCLUDE ("region_code", "sector", "grade", "status", "closed_at", "deadline", "funds", "fixed_on_spot");
