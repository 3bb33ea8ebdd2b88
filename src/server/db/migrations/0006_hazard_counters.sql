-- Hazard counters (hazard module): exact counts by region/sector/source/status/grade/overdue at five
-- grains (see hazard.schema.ts), kept by statement-level triggers in the same transaction as every
-- change of `hazards`. Deltas are applied in key order, so concurrent single-statement writers lock
-- counter rows in the same order and cannot deadlock on them.
CREATE OR REPLACE FUNCTION hazard_counters_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH d AS (SELECT region_code, sector, source, status, grade, overdue, 1 AS d FROM new_rows)
    INSERT INTO hazard_counters AS c (lvl, region, sector, source, status, grade, overdue, n)
    SELECT lvl, region, sector, source, status, grade, overdue, n FROM (
      SELECT 1::smallint AS lvl, left(region_code, 6) AS region, ''::text AS sector, ''::text AS source, status, grade, overdue, sum(d)::bigint AS n FROM d GROUP BY 2, 5, 6, 7
      UNION ALL SELECT 2::smallint, region_code, '', '', status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 5, 6, 7
      UNION ALL SELECT 3::smallint, left(region_code, 6), sector, '', status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 3, 5, 6, 7
      UNION ALL SELECT 4::smallint, region_code, sector, '', status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 3, 5, 6, 7
      UNION ALL SELECT 5::smallint, region_code, sector, source, status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 3, 4, 5, 6, 7
    ) x
    WHERE n <> 0
    ORDER BY lvl, region, sector, source, status, grade, overdue
    ON CONFLICT (lvl, region, sector, source, status, grade, overdue) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Only rows whose counted attributes changed contribute (most updates change none).
    WITH ch AS (
      SELECT o.region_code AS o_region, o.sector AS o_sector, o.source AS o_source, o.status AS o_status, o.grade AS o_grade, o.overdue AS o_overdue,
             n.region_code, n.sector, n.source, n.status, n.grade, n.overdue
        FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE (o.region_code, o.sector, o.source, o.status, o.grade, o.overdue) IS DISTINCT FROM (n.region_code, n.sector, n.source, n.status, n.grade, n.overdue)
    ), d AS (
      SELECT o_region AS region_code, o_sector AS sector, o_source AS source, o_status AS status, o_grade AS grade, o_overdue AS overdue, -1 AS d FROM ch
      UNION ALL SELECT region_code, sector, source, status, grade, overdue, 1 FROM ch
    )
    INSERT INTO hazard_counters AS c (lvl, region, sector, source, status, grade, overdue, n)
    SELECT lvl, region, sector, source, status, grade, overdue, n FROM (
      SELECT 1::smallint AS lvl, left(region_code, 6) AS region, ''::text AS sector, ''::text AS source, status, grade, overdue, sum(d)::bigint AS n FROM d GROUP BY 2, 5, 6, 7
      UNION ALL SELECT 2::smallint, region_code, '', '', status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 5, 6, 7
      UNION ALL SELECT 3::smallint, left(region_code, 6), sector, '', status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 3, 5, 6, 7
      UNION ALL SELECT 4::smallint, region_code, sector, '', status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 3, 5, 6, 7
      UNION ALL SELECT 5::smallint, region_code, sector, source, status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 3, 4, 5, 6, 7
    ) x
    WHERE n <> 0
    ORDER BY lvl, region, sector, source, status, grade, overdue
    ON CONFLICT (lvl, region, sector, source, status, grade, overdue) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSE
    WITH d AS (SELECT region_code, sector, source, status, grade, overdue, -1 AS d FROM old_rows)
    INSERT INTO hazard_counters AS c (lvl, region, sector, source, status, grade, overdue, n)
    SELECT lvl, region, sector, source, status, grade, overdue, n FROM (
      SELECT 1::smallint AS lvl, left(region_code, 6) AS region, ''::text AS sector, ''::text AS source, status, grade, overdue, sum(d)::bigint AS n FROM d GROUP BY 2, 5, 6, 7
      UNION ALL SELECT 2::smallint, region_code, '', '', status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 5, 6, 7
      UNION ALL SELECT 3::smallint, left(region_code, 6), sector, '', status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 3, 5, 6, 7
      UNION ALL SELECT 4::smallint, region_code, sector, '', status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 3, 5, 6, 7
      UNION ALL SELECT 5::smallint, region_code, sector, source, status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 3, 4, 5, 6, 7
    ) x
    WHERE n <> 0
    ORDER BY lvl, region, sector, source, status, grade, overdue
    ON CONFLICT (lvl, region, sector, source, status, grade, overdue) DO UPDATE SET n = c.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER hazard_counters_ins AFTER INSERT ON hazards REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hazard_counters_trigger();
--> statement-breakpoint
CREATE TRIGGER hazard_counters_upd AFTER UPDATE ON hazards REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hazard_counters_trigger();
--> statement-breakpoint
CREATE TRIGGER hazard_counters_del AFTER DELETE ON hazards REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION hazard_counters_trigger();
--> statement-breakpoint
-- Repair and verification: recompute every counter from the hazards themselves.
CREATE OR REPLACE FUNCTION hazard_counters_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  LOCK TABLE hazards IN SHARE MODE;
  DELETE FROM hazard_counters;
  WITH d AS (SELECT region_code, sector, source, status, grade, overdue, 1 AS d FROM hazards)
    INSERT INTO hazard_counters AS c (lvl, region, sector, source, status, grade, overdue, n)
    SELECT lvl, region, sector, source, status, grade, overdue, n FROM (
      SELECT 1::smallint AS lvl, left(region_code, 6) AS region, ''::text AS sector, ''::text AS source, status, grade, overdue, sum(d)::bigint AS n FROM d GROUP BY 2, 5, 6, 7
      UNION ALL SELECT 2::smallint, region_code, '', '', status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 5, 6, 7
      UNION ALL SELECT 3::smallint, left(region_code, 6), sector, '', status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 3, 5, 6, 7
      UNION ALL SELECT 4::smallint, region_code, sector, '', status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 3, 5, 6, 7
      UNION ALL SELECT 5::smallint, region_code, sector, source, status, grade, overdue, sum(d)::bigint FROM d GROUP BY 2, 3, 4, 5, 6, 7
    ) x
    WHERE n <> 0
    ORDER BY lvl, region, sector, source, status, grade, overdue
    ON CONFLICT (lvl, region, sector, source, status, grade, overdue) DO UPDATE SET n = c.n + EXCLUDED.n;
END
$fn$;
