-- Where an export goes: an EXPORT entry may name its destination country (ISO 3166-1 alpha-2),
-- and exports are added up by destination in totals of their own.
--
-- Written to run online. The column is nullable without a default (no rewrite); its check is
-- added NOT VALID (every existing row is null, and new rows are checked at once) and validated by
-- V58 in a transaction of its own under a lock that lets reads and writes go on. No backfill:
-- no entry posted before this migration has a destination.
set local lock_timeout = '10s';

alter table ledger_entry add column destination_country char(2);
alter table ledger_entry add constraint ledger_entry_destination_check
    check (destination_country is null or (channel = 'EXPORT' and destination_country ~ '^[A-Z]{2}$')) not valid;

-- A reversal takes back part of its sale, so it goes where the sale went: the check of V1, with
-- the destination among the fields a reversal must share with its sale.
create or replace function ledger_entry_check_reversal() returns trigger
    language plpgsql as
$$
declare
    sale     ledger_entry;
    reversed numeric;
begin
    if new.kind <> 'REVERSAL' then
        return new;
    end if;
    select * into sale from ledger_entry where id = new.reverses for no key update;
    if sale.kind <> 'SALE' then
        raise exception 'entry % is a reversal and cannot be reversed', new.reverses
            using errcode = 'check_violation';
    end if;
    if (sale.partner_id, sale.campaign_id, sale.umkm_id, sale.currency, sale.channel, sale.region_code,
        sale.destination_country)
        is distinct from
       (new.partner_id, new.campaign_id, new.umkm_id, new.currency, new.channel, new.region_code,
        new.destination_country) then
        raise exception 'reversal % does not match the entry it reverses', new.id
            using errcode = 'check_violation';
    end if;
    select coalesce(sum(amount_idr), 0) into reversed from ledger_entry where reverses = new.reverses;
    if sale.amount_idr + reversed + new.amount_idr < 0 then
        raise exception 'reversal of % exceeds what remains (% IDR)', new.reverses, sale.amount_idr + reversed
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

-- Exports by destination, kept by the inserting statement (totals/TotalsInsertPart) like the other
-- totals: per day, and per month for periods of whole months. Only entries with a destination;
-- the partner is in the key so that two partners never write the same row. No foreign keys (see V3).
create table ledger_destination_daily (
    campaign_id         integer     not null,
    day                 date        not null,
    destination_country char(2)     not null check (destination_country ~ '^[A-Z]{2}$'),
    partner_id          integer     not null,
    amount_idr          numeric(24, 2) not null,
    sale_count          bigint      not null check (sale_count >= 0),
    primary key (campaign_id, day, destination_country, partner_id)
);

create table ledger_destination_monthly (
    campaign_id         integer     not null,
    month               date        not null check (extract(day from month) = 1),
    destination_country char(2)     not null check (destination_country ~ '^[A-Z]{2}$'),
    partner_id          integer     not null,
    amount_idr          numeric(24, 2) not null,
    sale_count          bigint      not null check (sale_count >= 0),
    primary key (campaign_id, month, destination_country, partner_id)
);

-- Webhook payloads show the entry as GET /api/v1/transactions/{id} does: V30's function with the
-- destination added.
create or replace function webhook_ledger_entry_events() returns trigger
    language plpgsql as
$$
begin
    if not exists (select 1 from webhook_subscription
                    where enabled and event_types && array ['transaction.recorded', 'transaction.reversed']) then
        return null;
    end if;
    insert into webhook_message (id, subscription_id, event_type, payload)
    select gen_random_uuid(), s.id, n.type,
           jsonb_build_object('type', n.type,
                              'timestamp', to_char(clock_timestamp() at time zone 'UTC',
                                                   'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                              -- The entry as GET /api/v1/transactions/{id} shows it.
                              'data', jsonb_build_object(
                                  'id', n.id, 'partner', p.code, 'externalRef', n.external_ref,
                                  'campaign', c.code, 'umkmId', n.umkm_id, 'amount', n.amount::text,
                                  'currency', n.currency, 'fxRateToIdr', trim_scale(n.fx_rate_to_idr)::text,
                                  'amountIdr', n.amount_idr::text, 'channel', n.channel,
                                  'occurredAt', to_char(n.occurred_at at time zone 'UTC',
                                                        'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                  'recordedAt', to_char(n.recorded_at at time zone 'UTC',
                                                        'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                  'regionCode', n.region_code, 'metadata', n.metadata, 'kind', n.kind,
                                  'reverses', n.reverses, 'reason', n.reason,
                                  'destinationCountry', n.destination_country))
      from (select e.*,
                   case e.kind when 'SALE' then 'transaction.recorded' else 'transaction.reversed' end as type
              from new_entries e) n
      join webhook_subscription s on s.partner_id = n.partner_id and s.enabled and n.type = any (s.event_types)
      join partner p on p.id = n.partner_id
      join campaign c on c.id = n.campaign_id;
    return null;
end;
$$;

-- The new tables get the writer fence of V40 like every other table.
select ledger_fence_writers();
