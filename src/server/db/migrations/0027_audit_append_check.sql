-- The audit rows a transaction sends with its commit append to a lane on condition that the lane's head
-- is the one read under the lane's lock; this refuses the commit when they were not all written.
CREATE OR REPLACE FUNCTION audit_append_check(written integer, expected integer) RETURNS integer AS $$
BEGIN
  IF written <> expected THEN
    RAISE EXCEPTION '审计链写入失败：链头已被改变，事务已撤销 (audit lane head moved: % of % rows written)', written, expected
      USING ERRCODE = '40001';
  END IF;
  RETURN written;
END;
$$ LANGUAGE plpgsql;
