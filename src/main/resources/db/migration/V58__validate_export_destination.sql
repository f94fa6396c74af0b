-- V57's check on the destination, over the rows that existed before it (all of them null): in a
-- transaction of its own, under a lock that lets reads and writes go on (SHARE UPDATE EXCLUSIVE).
set local statement_timeout = 0;
alter table ledger_entry validate constraint ledger_entry_destination_check;
