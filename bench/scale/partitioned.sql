-- Prototype: ledger_entry partitioned by month of occurred_at, beside today's table.
--
-- A unique index on a partitioned table must contain the partition key, so the idempotency
-- key (partner_id, external_ref) cannot stay a unique constraint of the entries. It moves to a
-- table of its own, ledger_entry_key, hash-partitioned by partner_id: partner_id is part of the
-- key, so the key is unique across the whole table. An entry and its key row are written in one
-- statement; a replay finds the key row (and through it the entry's id and month) first.
-- The primary key of the entries becomes (id, occurred_at) for the same reason; the self
-- reference "reverses" can no longer be a foreign key (it would need the sale's occurred_at as
-- well), the reversal trigger checks it instead.
create table ledger_entry_part (
    id             uuid        not null,
    partner_id     integer     not null references partner (id),
    external_ref   varchar(100) not null check (external_ref ~ '^[!-~]{1,100}$'),
    campaign_id    integer     not null references campaign (id),
    umkm_id        uuid        not null references umkm (id),
    kind           text        not null check (kind in ('SALE', 'REVERSAL')),
    reverses       uuid,
    amount         numeric(20, 2) not null,
    currency       char(3)     not null check (currency ~ '^[A-Z]{3}$'),
    fx_rate_to_idr numeric(22, 10) check (fx_rate_to_idr > 0),
    amount_idr     numeric(20, 2) not null check (abs(amount_idr) <= 1000000000000000),
    channel        text        not null check (channel in ('MARKETPLACE', 'E_KATALOG', 'QRIS', 'EXPO',
                                                           'OFFLINE', 'EXPORT', 'OTHER')),
    occurred_at    timestamptz not null,
    recorded_at    timestamptz not null default clock_timestamp(),
    region_code    varchar(13) not null references region (code),
    metadata       jsonb check (metadata is null
                                or (jsonb_typeof(metadata) = 'object' and octet_length(metadata::text) <= 8192)),
    reason         text check (length(reason) <= 500),
    request_digest bytea       not null check (octet_length(request_digest) = 32),
    primary key (id, occurred_at),
    check ((kind = 'SALE' and reverses is null and amount > 0 and amount_idr > 0)
        or (kind = 'REVERSAL' and reverses is not null and amount < 0 and amount_idr < 0)),
    check ((currency = 'IDR' and fx_rate_to_idr is null and amount_idr = amount)
        or (currency <> 'IDR' and fx_rate_to_idr is not null))
) partition by range (occurred_at);

-- The same secondary indexes as today's table (partitioned: one per month).
create index ledger_entry_part_reverses on ledger_entry_part (reverses) where reverses is not null;
create index ledger_entry_part_partner_recent on ledger_entry_part (partner_id, occurred_at desc, id desc);
create index ledger_entry_part_recent on ledger_entry_part (occurred_at desc, id desc);
create index ledger_entry_part_campaign on ledger_entry_part (campaign_id, occurred_at);
create index ledger_entry_part_campaign_recorded on ledger_entry_part (campaign_id, recorded_at);

-- Months in Asia/Jakarta, the ledger's reporting zone: a month's entries are one partition.
do $$
declare
    m date;
begin
    for m in select generate_series(date '2023-01-01', date '2024-12-01', interval '1 month')::date loop
        execute format('create table ledger_entry_%s partition of ledger_entry_part
                          for values from (%L) to (%L)',
                       to_char(m, 'YYYY_MM'),
                       (m::timestamp at time zone 'Asia/Jakarta'),
                       ((m + interval '1 month')::timestamp at time zone 'Asia/Jakarta'));
    end loop;
end;
$$;
-- No default partition: a month is created ahead of time (pg_partman, or a scheduled statement),
-- and an entry for a month that does not exist fails loudly. A default partition would also
-- forbid DETACH ... CONCURRENTLY, which archiving a month needs.

create table ledger_entry_key (
    partner_id   integer      not null,
    external_ref varchar(100) not null,
    entry_id     uuid         not null,
    occurred_at  timestamptz  not null,   -- finds the entry's partition on a replay
    primary key (partner_id, external_ref)
) partition by hash (partner_id);
do $$
begin
    for i in 0..15 loop
        execute format('create table ledger_entry_key_%s partition of ledger_entry_key
                          for values with (modulus 16, remainder %s)', i, i);
    end loop;
end;
$$;

create trigger ledger_entry_part_no_update_or_delete
    before update or delete on ledger_entry_part
    for each row execute function ledger_entry_is_immutable();
