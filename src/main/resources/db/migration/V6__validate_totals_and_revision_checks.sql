-- The existing rows against the checks V5 added (NOT VALID). Its own migration, so its own
-- transaction: V5's brief ACCESS EXCLUSIVE locks are released before this scan, which takes
-- SHARE UPDATE EXCLUSIVE only and lets reads and writes go on. A scan may take longer than the
-- statement timeout of the API.
set local statement_timeout = 0;

alter table target_revision validate constraint target_revision_metric_check;
alter table ledger_daily validate constraint ledger_daily_channel_check;
alter table ledger_daily validate constraint ledger_daily_currency_check;
alter table ledger_monthly validate constraint ledger_monthly_channel_check;
alter table ledger_monthly validate constraint ledger_monthly_currency_check;
