-- Building the totals reads the whole ledger: longer than the statement timeout of the API.
-- (Flyway runs each migration in its own transaction, so this ends with it.)
set local statement_timeout = 0;

-- Monthly totals: the daily totals' key with the month in place of the day. A period of whole
-- months reads twelve rows a year per region, channel, currency and partner instead of 365, so
-- a year's progress costs the same at ten thousand entries and at ten million.
-- No foreign keys: every row derives from entries whose own keys are checked, and a key check
-- would lock the referenced rows once more for every new bucket.
create table ledger_monthly (
    campaign_id integer     not null,
    month       date        not null check (extract(day from month) = 1),
    region_code varchar(13) not null,
    channel     text        not null,
    currency    char(3)     not null,
    partner_id  integer     not null,
    amount_idr  numeric(24, 2) not null,
    sale_count  bigint      not null check (sale_count >= 0),
    primary key (campaign_id, month, region_code, channel, currency, partner_id)
);

insert into ledger_monthly (campaign_id, month, region_code, channel, currency, partner_id, amount_idr, sale_count)
select campaign_id, date_trunc('month', day)::date, region_code, channel, currency, partner_id,
       sum(amount_idr), sum(sale_count)
  from ledger_daily
 group by 1, 2, 3, 4, 5, 6;

-- Totals per UMKM over the whole campaign: the number of active UMKM and the ranking by UMKM
-- without reading entries. first_sale_recorded_at answers "active as of" an earlier instant.
create table ledger_umkm (
    campaign_id            integer     not null,
    umkm_id                uuid        not null,
    region_code            varchar(13) not null,
    partner_id             integer     not null,
    amount_idr             numeric(24, 2) not null,
    sale_count             bigint      not null check (sale_count >= 0),
    first_sale_recorded_at timestamptz,
    check ((sale_count = 0) = (first_sale_recorded_at is null)),
    primary key (campaign_id, umkm_id, region_code, partner_id)
);

insert into ledger_umkm (campaign_id, umkm_id, region_code, partner_id, amount_idr, sale_count, first_sale_recorded_at)
select campaign_id, umkm_id, region_code, partner_id, sum(amount_idr), count(*) filter (where kind = 'SALE'),
       min(recorded_at) filter (where kind = 'SALE')
  from ledger_entry
 group by 1, 2, 3, 4;

-- Progress "as of" an earlier instant subtracts what was recorded after it from the totals.
create index ledger_entry_campaign_recorded on ledger_entry (campaign_id, recorded_at);
