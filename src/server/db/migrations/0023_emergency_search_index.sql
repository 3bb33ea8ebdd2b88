DROP INDEX "emergency_search_keys_idx";--> statement-breakpoint
-- Search documents written before this migration get the keys searchDocKeys (shared/emergency/search.ts)
-- now writes: the kind (k:teams) and the title's keys (t:液氯). A title's keys are among the document's
-- keys (the title is part of its text): a Chinese key is the title's when the title holds it, a Latin key
-- (the start of a word; a one-letter key is a whole word) when a word of the lower-cased title starts with it.
UPDATE "emergency_search" SET "keys" = ARRAY['k:' || "kind"]
  || ARRAY(SELECT 't:' || k FROM unnest("keys") AS k WHERE CASE
    WHEN k ~ '^[0-9a-z]$' THEN lower("title") ~ ('(^|[^0-9a-z])' || k || '($|[^0-9a-z])')
    WHEN k ~ '^[0-9a-z]+$' THEN lower("title") ~ ('(^|[^0-9a-z])' || k)
    ELSE strpos("title", k) > 0 END)
  || "keys"
WHERE NOT ("keys" @> ARRAY['k:' || "kind"]);--> statement-breakpoint
CREATE INDEX "emergency_search_keys_idx" ON "emergency_search" USING gin ("keys") WITH (gin_pending_list_limit=256);
