-- The backfill reads the whole ledger: longer than the statement timeout of the API.
-- (Flyway runs each migration in its own transaction, so this ends with it.)
set local statement_timeout = 0;

-- Yearly totals per UMKM: the realised sales of a business in a calendar year of the ledger time
-- zone (WIB by default), which the plausibility read compares with the ceiling of its registered
-- scale (PP 7/2021 Pasal 35 ayat 5). Reversals count in the year of their occurredAt, like every
-- other total. The region snapshot and partner are in the key as in ledger_umkm: two partners'
-- writers never wait on each other's rows, and the rows per campaign and year are bounded by
-- UMKM x regions x partners, not by entries.
create table ledger_umkm_yearly (
    campaign_id integer     not null,
    year        smallint    not null check (year between 1900 and 9999),
    umkm_id     uuid        not null,
    region_code varchar(13) not null,
    partner_id  integer     not null,
    amount_idr  numeric(24, 2) not null,
    sale_count  bigint      not null check (sale_count >= 0),
    primary key (campaign_id, year, umkm_id, region_code, partner_id)
);
-- A UMKM's year across all campaigns: its sales are one business's sales whatever the campaign.
create index ledger_umkm_yearly_umkm on ledger_umkm_yearly (umkm_id, year);

insert into ledger_umkm_yearly (campaign_id, year, umkm_id, region_code, partner_id, amount_idr, sale_count)
select campaign_id, extract(year from occurred_at at time zone '${ledger_time_zone}')::smallint, umkm_id,
       region_code, partner_id, sum(amount_idr), count(*) filter (where kind = 'SALE')
  from ledger_entry
 group by 1, 2, 3, 4, 5;

-- Sales above Rp 2 miliar, the lowest yearly ceiling of PP 7/2021 (mikro): the candidates for
-- "a single entry larger than its UMKM's yearly ceiling". Such sales are rare, so the read lists them
-- from this small table instead of scanning the ledger; an index on ledger_entry would have to be
-- built over the whole ledger, blocking writers while it is built.
create table ledger_large_sale (
    entry_id    uuid        primary key,
    campaign_id integer     not null,
    year        smallint    not null,
    umkm_id     uuid        not null,
    amount_idr  numeric(20, 2) not null check (amount_idr > 2000000000.00),
    occurred_at timestamptz not null
);
create index ledger_large_sale_campaign on ledger_large_sale (campaign_id, year, amount_idr desc);

insert into ledger_large_sale (entry_id, campaign_id, year, umkm_id, amount_idr, occurred_at)
select id, campaign_id, extract(year from occurred_at at time zone '${ledger_time_zone}')::smallint, umkm_id,
       amount_idr, occurred_at
  from ledger_entry
 where kind = 'SALE' and amount_idr > 2000000000.00;

-- Kept by a statement-level trigger over the rows the statement inserted (a transition table), so
-- every path that inserts entries (single posts, batches, imports, reversals) adds to it in the
-- same transaction, once per statement and in key order (two writers meeting on several rows lock
-- them in the same order).
create function ledger_umkm_yearly_add() returns trigger
    language plpgsql as
$$
begin
    insert into ledger_umkm_yearly as y (campaign_id, year, umkm_id, region_code, partner_id, amount_idr, sale_count)
    select campaign_id, extract(year from occurred_at at time zone '${ledger_time_zone}')::smallint, umkm_id,
           region_code, partner_id, sum(amount_idr), count(*) filter (where kind = 'SALE')
      from inserted
     group by 1, 2, 3, 4, 5
     order by 1, 2, 3, 4, 5
    on conflict (campaign_id, year, umkm_id, region_code, partner_id)
    do update set amount_idr = y.amount_idr + excluded.amount_idr,
                  sale_count = y.sale_count + excluded.sale_count;
    insert into ledger_large_sale (entry_id, campaign_id, year, umkm_id, amount_idr, occurred_at)
    select id, campaign_id, extract(year from occurred_at at time zone '${ledger_time_zone}')::smallint, umkm_id,
           amount_idr, occurred_at
      from inserted
     where kind = 'SALE' and amount_idr > 2000000000.00;
    return null;
end;
$$;

create trigger ledger_entry_umkm_yearly
    after insert on ledger_entry
    referencing new table as inserted
    for each statement execute function ledger_umkm_yearly_add();
