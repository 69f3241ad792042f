-- The planner's row estimate, for progress and ETA only (cheap, never a scan).
SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'certificate'::regclass
