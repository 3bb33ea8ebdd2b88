-- The audit log is append-only: rows may be inserted, never changed or removed (等保: 审计记录不可篡改).
-- `anzhi audit verify` still detects tampering by anyone able to disable this trigger.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '审计日志只允许追加，不允许修改或删除 (audit_log is append-only)';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
-- 64 independent chain lanes; a transaction takes any free lane (FOR UPDATE SKIP LOCKED).
INSERT INTO audit_heads (lane, seq, hash)
  SELECT g, 0, repeat('0', 64) FROM generate_series(0, 63) AS g;
