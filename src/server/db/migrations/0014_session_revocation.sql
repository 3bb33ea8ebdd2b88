-- Session revocation for the in-process session caches of every app instance (platform/auth.ts):
-- a removed session, a session changed otherwise than by the routine last-seen touch, or a change
-- to what a user may do is announced on channel
-- `anzhi_session_revoked` when the transaction commits ("s:<session id>" or "u:<user id>");
-- each instance LISTENs and drops the cached entries at once.
CREATE OR REPLACE FUNCTION anzhi_session_revoked() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'sessions' THEN
    PERFORM pg_notify('anzhi_session_revoked', 's:' || OLD.id);
  ELSE
    PERFORM pg_notify('anzhi_session_revoked', 'u:' || NEW.id::text);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER sessions_revoked AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION anzhi_session_revoked();
--> statement-breakpoint
CREATE TRIGGER sessions_changed AFTER UPDATE ON sessions
  FOR EACH ROW WHEN (
    NEW.last_seen_at < OLD.last_seen_at OR NEW.expires_at IS DISTINCT FROM OLD.expires_at OR
    NEW.csrf_token IS DISTINCT FROM OLD.csrf_token OR NEW.user_id IS DISTINCT FROM OLD.user_id)
  EXECUTE FUNCTION anzhi_session_revoked();
--> statement-breakpoint
CREATE TRIGGER users_access_changed AFTER UPDATE OF active, roles, unit_id, enterprise_id, display_name, username, must_change_password ON users
  FOR EACH ROW WHEN (
    OLD.active IS DISTINCT FROM NEW.active OR OLD.roles IS DISTINCT FROM NEW.roles OR
    OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.enterprise_id IS DISTINCT FROM NEW.enterprise_id OR
    OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.username IS DISTINCT FROM NEW.username OR
    OLD.must_change_password IS DISTINCT FROM NEW.must_change_password)
  EXECUTE FUNCTION anzhi_session_revoked();
