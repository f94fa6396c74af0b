-- The yearly totals per UMKM (ledger_umkm_yearly) and the large sales (ledger_large_sale) of V11
-- were kept by a statement-level trigger on ledger_entry. From this version the statement that
-- inserts entries keeps them itself, like every other total (totals/TotalsInsertPart), and
-- reconcile recomputes them; so the trigger goes.
--
-- No backfill is needed: up to this transaction the trigger kept both tables exact, and dropping
-- it takes a lock on ledger_entry that waits for running inserts and holds new ones until this
-- transaction commits. After the commit every writer is a current instance (the writer fence of
-- V40 refuses inserts from instances that know an older schema), and current instances maintain
-- the tables in their inserting statement. The lock is held for the drop only (milliseconds); a
-- lock wait longer than 10 s fails the migration instead of queueing writers behind it.
set local lock_timeout = '10s';

drop trigger ledger_entry_umkm_yearly on ledger_entry;
drop function ledger_umkm_yearly_add();
