-- The backfill reads all of ledger_monthly: longer than the statement timeout of the API.
-- (Flyway runs each migration in its own transaction, so this ends with it.)
set local statement_timeout = 0;

-- Monthly totals per region snapshot and partner: ledger_monthly without channel and currency.
-- Progress and the breakdowns by province and regency need neither, yet ledger_monthly makes them
-- read one row per channel and currency as well, and a young campaign has filled only part of
-- those rows: its reads grew until every combination had a sale. Here a campaign has one row per
-- month, region and partner as soon as it has sales in most regions, so a read costs the same
-- at ten thousand entries and at ten million.
-- The partner stays in the key for the same reason as in the other totals: two partners' writers
-- never wait on each other's rows. No foreign keys, as in V3: every row derives from entries
-- whose own keys are checked.
create table ledger_region_monthly (
    campaign_id integer     not null,
    month       date        not null check (extract(day from month) = 1),
    region_code varchar(13) not null,
    partner_id  integer     not null,
    amount_idr  numeric(24, 2) not null,
    sale_count  bigint      not null check (sale_count >= 0),
    primary key (campaign_id, month, region_code, partner_id)
);

insert into ledger_region_monthly (campaign_id, month, region_code, partner_id, amount_idr, sale_count)
select campaign_id, month, region_code, partner_id, sum(amount_idr), sum(sale_count)
  from ledger_monthly
 group by 1, 2, 3, 4;
