-- Daily totals per campaign, ledger-zone day, region snapshot, channel, currency and partner,
-- maintained in the same statement that inserts entries, so they always equal the sum of the
-- entries. The partner in the key keeps two partners' writers off each other's rows; the
-- row count is bounded by days × regions × channels × currencies × partners, not by entries.
create table ledger_daily (
    campaign_id integer     not null references campaign (id),
    day         date        not null,
    region_code varchar(13) not null references region (code),
    channel     text        not null,
    currency    char(3)     not null,
    partner_id  integer     not null references partner (id),
    amount_idr  numeric(24, 2) not null,
    sale_count  bigint      not null check (sale_count >= 0),
    primary key (campaign_id, day, region_code, channel, currency, partner_id)
);

insert into ledger_daily (campaign_id, day, region_code, channel, currency, partner_id, amount_idr, sale_count)
select campaign_id, (occurred_at at time zone '${ledger_time_zone}')::date, region_code, channel, currency, partner_id,
       sum(amount_idr), count(*) filter (where kind = 'SALE')
  from ledger_entry
 group by 1, 2, 3, 4, 5, 6;
