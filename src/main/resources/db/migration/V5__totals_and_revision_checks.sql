-- Checks the schema review found missing: every value these columns can hold is already
-- checked where it comes from (target.metric, ledger_entry.channel and .currency), so no
-- existing row can fail them; they keep a manual session or a future writer from storing
-- what the services would never read back.
--
-- Written to run online: NOT VALID adds each check at once, under a brief lock, for the rows
-- written from now on; V6 then checks the existing rows, in a transaction of its own, under a
-- lock that lets reads and writes go on (SHARE UPDATE EXCLUSIVE).

alter table target_revision
    add constraint target_revision_metric_check
    check (metric in ('TRANSACTION_VALUE', 'TRANSACTION_COUNT', 'ACTIVE_UMKM')) not valid;

alter table ledger_daily
    add constraint ledger_daily_channel_check
    check (channel in ('MARKETPLACE', 'E_KATALOG', 'QRIS', 'EXPO', 'OFFLINE', 'EXPORT', 'OTHER')) not valid,
    add constraint ledger_daily_currency_check check (currency ~ '^[A-Z]{3}$') not valid;

-- ledger_monthly holds the same columns, summed from the same rows.
alter table ledger_monthly
    add constraint ledger_monthly_channel_check
    check (channel in ('MARKETPLACE', 'E_KATALOG', 'QRIS', 'EXPO', 'OFFLINE', 'EXPORT', 'OTHER')) not valid,
    add constraint ledger_monthly_currency_check check (currency ~ '^[A-Z]{3}$') not valid;
