-- Campaign Ledger schema, version 1.
-- The ledger rules of SPEC.md are enforced here as well as in the services, so that no
-- code path (a bug, a manual psql session, a future batch loader) can break them.

-- Kemendagri area codes: province "36", regency/city "36.02", district "36.02.17",
-- village "36.02.17.2001". Aggregation works by prefix, so the code itself carries the
-- hierarchy; parent_code makes it explicit for joins and integrity.
create table region (
    code        varchar(13) primary key
                check (code ~ '^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$'),
    name        text        not null check (length(name) between 1 and 200),
    level       smallint    not null check (level between 1 and 4),
    parent_code varchar(13) references region (code),
    check (level = 1 + length(code) - length(replace(code, '.', ''))),
    check ((level = 1) = (parent_code is null)),
    check (parent_code is null or code like parent_code || '.%')
);

create table campaign (
    id          integer generated always as identity primary key,
    code        varchar(32) not null unique check (code ~ '^[A-Z][A-Z0-9_-]{1,31}$'),
    name        text        not null check (length(name) between 1 and 200),
    description text check (length(description) <= 2000),
    starts_on   date        not null,
    ends_on     date,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    check (ends_on is null or ends_on >= starts_on)
);

create table partner (
    id         integer generated always as identity primary key,
    code       varchar(40) not null unique check (code ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
    name       text        not null check (length(name) between 1 and 200),
    kind       text        not null check (kind in ('MARKETPLACE', 'E_KATALOG', 'QRIS_ACQUIRER',
                                                    'EXPO_ORGANISER', 'GOVERNMENT', 'OTHER')),
    roles      text[]      not null check (cardinality(roles) between 1 and 3
                                           and roles <@ array ['ADMIN', 'PARTNER', 'VIEWER']),
    created_at timestamptz not null default now()
);

-- Keys are shown once and stored only as SHA-256 of the key: they carry >= 128 random
-- bits, so a slow password hash would add latency to every request without adding safety.
create table api_key (
    id         uuid        primary key,
    partner_id integer     not null references partner (id),
    key_hash   bytea       not null unique check (octet_length(key_hash) = 32),
    prefix     varchar(16) not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    check (revoked_at is null or revoked_at >= created_at)
);
create index api_key_partner on api_key (partner_id);

-- A target keeps its current values here; every version, the current one included, is
-- also in target_revision, which is append-only.
create table target (
    id           uuid        primary key,
    campaign_id  integer     not null references campaign (id),
    name         text check (length(name) <= 200),
    metric       text        not null check (metric in ('TRANSACTION_VALUE', 'TRANSACTION_COUNT', 'ACTIVE_UMKM')),
    amount       numeric(20, 2) not null check (amount > 0),
    region_code  varchar(13) references region (code),
    period_start date        not null,
    period_end   date        not null,
    version      integer     not null check (version >= 1),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    check (period_end >= period_start),
    check (metric = 'TRANSACTION_VALUE' or amount = trunc(amount))
);
create index target_campaign on target (campaign_id);

create table target_revision (
    target_id    uuid        not null references target (id),
    version      integer     not null check (version >= 1),
    name         text,
    metric       text        not null,
    amount       numeric(20, 2) not null check (amount > 0),
    region_code  varchar(13) references region (code),
    period_start date        not null,
    period_end   date        not null,
    reason       text check (length(reason) <= 500),
    revised_at   timestamptz not null default now(),
    revised_by   varchar(40) not null,
    primary key (target_id, version)
);

create table umkm (
    id               uuid        primary key,
    nib              char(13) unique check (nib ~ '^[0-9]{13}$'),
    name             text        not null check (length(name) between 1 and 200),
    region_code      varchar(13) not null references region (code),
    sector           varchar(5) check (sector ~ '^[0-9]{2,5}$'),
    scale            text        not null check (scale in ('MIKRO', 'KECIL', 'MENENGAH')),
    curated          boolean     not null default false,
    export_ready     boolean     not null default false,
    digital_payments boolean     not null default false,
    registered_by    integer references partner (id),
    created_at       timestamptz not null default now()
);
create index umkm_region on umkm (region_code text_pattern_ops, id);

-- The ledger. Entries are inserted and never changed: see the triggers below.
create table ledger_entry (
    id             uuid        primary key,
    partner_id     integer     not null references partner (id),
    external_ref   varchar(100) not null check (external_ref ~ '^[!-~]{1,100}$'),
    campaign_id    integer     not null references campaign (id),
    umkm_id        uuid        not null references umkm (id),
    kind           text        not null check (kind in ('SALE', 'REVERSAL')),
    reverses       uuid references ledger_entry (id),
    amount         numeric(20, 2) not null,
    currency       char(3)     not null check (currency ~ '^[A-Z]{3}$'),
    fx_rate_to_idr numeric(22, 10) check (fx_rate_to_idr > 0),
    amount_idr     numeric(20, 2) not null check (abs(amount_idr) <= 1000000000000000),
    channel        text        not null check (channel in ('MARKETPLACE', 'E_KATALOG', 'QRIS', 'EXPO',
                                                           'OFFLINE', 'EXPORT', 'OTHER')),
    occurred_at    timestamptz not null,
    recorded_at    timestamptz not null default clock_timestamp(),
    region_code    varchar(13) not null references region (code),
    -- The API bounds metadata at 4 KiB of compact JSON; jsonb's text form spaces it out.
    metadata       jsonb check (metadata is null
                                or (jsonb_typeof(metadata) = 'object' and octet_length(metadata::text) <= 8192)),
    reason         text check (length(reason) <= 500),
    -- Digest of the request as the partner sent it: an idempotent replay must match it.
    request_digest bytea       not null check (octet_length(request_digest) = 32),
    unique (partner_id, external_ref),
    -- A sale is positive and points nowhere; a reversal is negative and points at a sale.
    check ((kind = 'SALE' and reverses is null and amount > 0 and amount_idr > 0)
        or (kind = 'REVERSAL' and reverses is not null and amount < 0 and amount_idr < 0)),
    -- IDR entries carry no rate and amount_idr = amount; foreign ones need a rate.
    check ((currency = 'IDR' and fx_rate_to_idr is null and amount_idr = amount)
        or (currency <> 'IDR' and fx_rate_to_idr is not null))
);
create index ledger_entry_reverses on ledger_entry (reverses) where reverses is not null;
create index ledger_entry_partner_recent on ledger_entry (partner_id, occurred_at desc, id desc);
create index ledger_entry_recent on ledger_entry (occurred_at desc, id desc);
create index ledger_entry_campaign on ledger_entry (campaign_id, occurred_at);

create function ledger_entry_is_immutable() returns trigger
    language plpgsql as
$$
begin
    raise exception 'ledger entries are immutable: % is refused; post a reversal instead', tg_op
        using errcode = 'restrict_violation';
end;
$$;

create trigger ledger_entry_no_update_or_delete
    before update or delete on ledger_entry
    for each row execute function ledger_entry_is_immutable();

create trigger ledger_entry_no_truncate
    before truncate on ledger_entry
    for each statement execute function ledger_entry_is_immutable();

-- A reversal must match its sale and, with the reversals before it, never exceed it.
-- Locking the sale row (FOR NO KEY UPDATE: no row is changed, and foreign-key checks
-- of other inserts are not blocked) serialises concurrent reversals of one sale only.
create function ledger_entry_check_reversal() returns trigger
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
    if (sale.partner_id, sale.campaign_id, sale.umkm_id, sale.currency, sale.channel, sale.region_code)
        is distinct from
       (new.partner_id, new.campaign_id, new.umkm_id, new.currency, new.channel, new.region_code) then
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

create trigger ledger_entry_reversal_within_sale
    before insert on ledger_entry
    for each row execute function ledger_entry_check_reversal();

-- Reference data: the 38 provinces (Kemendagri, 2022) and Banten's regencies and cities.
insert into region (code, name, level, parent_code) values
    ('11', 'Aceh', 1, null),
    ('12', 'Sumatera Utara', 1, null),
    ('13', 'Sumatera Barat', 1, null),
    ('14', 'Riau', 1, null),
    ('15', 'Jambi', 1, null),
    ('16', 'Sumatera Selatan', 1, null),
    ('17', 'Bengkulu', 1, null),
    ('18', 'Lampung', 1, null),
    ('19', 'Kepulauan Bangka Belitung', 1, null),
    ('21', 'Kepulauan Riau', 1, null),
    ('31', 'DKI Jakarta', 1, null),
    ('32', 'Jawa Barat', 1, null),
    ('33', 'Jawa Tengah', 1, null),
    ('34', 'DI Yogyakarta', 1, null),
    ('35', 'Jawa Timur', 1, null),
    ('36', 'Banten', 1, null),
    ('51', 'Bali', 1, null),
    ('52', 'Nusa Tenggara Barat', 1, null),
    ('53', 'Nusa Tenggara Timur', 1, null),
    ('61', 'Kalimantan Barat', 1, null),
    ('62', 'Kalimantan Tengah', 1, null),
    ('63', 'Kalimantan Selatan', 1, null),
    ('64', 'Kalimantan Timur', 1, null),
    ('65', 'Kalimantan Utara', 1, null),
    ('71', 'Sulawesi Utara', 1, null),
    ('72', 'Sulawesi Tengah', 1, null),
    ('73', 'Sulawesi Selatan', 1, null),
    ('74', 'Sulawesi Tenggara', 1, null),
    ('75', 'Gorontalo', 1, null),
    ('76', 'Sulawesi Barat', 1, null),
    ('81', 'Maluku', 1, null),
    ('82', 'Maluku Utara', 1, null),
    ('91', 'Papua', 1, null),
    ('92', 'Papua Barat', 1, null),
    ('93', 'Papua Selatan', 1, null),
    ('94', 'Papua Tengah', 1, null),
    ('95', 'Papua Pegunungan', 1, null),
    ('96', 'Papua Barat Daya', 1, null),
    ('36.01', 'Kabupaten Pandeglang', 2, '36'),
    ('36.02', 'Kabupaten Lebak', 2, '36'),
    ('36.03', 'Kabupaten Tangerang', 2, '36'),
    ('36.04', 'Kabupaten Serang', 2, '36'),
    ('36.71', 'Kota Tangerang', 2, '36'),
    ('36.72', 'Kota Cilegon', 2, '36'),
    ('36.73', 'Kota Serang', 2, '36'),
    ('36.74', 'Kota Tangerang Selatan', 2, '36');
