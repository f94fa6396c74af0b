-- What one API key recorded (GET /api/v1/transactions?recordedByKey=, the question after a key
-- leaked) was found by reading the partner's entries, or for an administrator the whole ledger,
-- newest first until a page was full: at national volume a full scan per request. This index
-- answers it in page order.
--
-- Built concurrently: writers go on while it builds (Flyway runs a migration with CREATE INDEX
-- CONCURRENTLY outside a transaction, and takes its own lock as a session lock,
-- operations/OnlineMigrations). An index of this name can only be the leftover of an earlier
-- attempt of this migration that failed half way (left invalid), so it is dropped first.
drop index concurrently if exists ledger_entry_recorded_by_key;
create index concurrently ledger_entry_recorded_by_key
    on ledger_entry (recorded_by_key_id, occurred_at desc, id desc)
    where recorded_by_key_id is not null;
