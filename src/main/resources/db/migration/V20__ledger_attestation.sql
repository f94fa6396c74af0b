-- Attestation: a hash chain over the ledger (ledger_seal), the queue that feeds it, the running
-- totals of sealed entries per campaign, and signed checkpoints. See docs/verification.md.
-- Written to run online: new tables, nullable columns without a default, a constraint marked
-- valid only after its check, and one trigger.
set local lock_timeout = '10s';
set local statement_timeout = 0;

-- Who recorded an entry: the partner and the API key that posted it (null where unknown, as for
-- every entry posted before these columns). Both are part of the chain as "recordedBy".
-- The foreign keys are NOT VALID: every existing row is null, so nothing needs a scan under lock;
-- rows written from now on are checked as usual.
alter table ledger_entry add column recorded_by_partner_id integer;
alter table ledger_entry add column recorded_by_key_id uuid;
alter table ledger_entry add constraint ledger_entry_recorded_by_partner_fk
    foreign key (recorded_by_partner_id) references partner (id) not valid;
alter table ledger_entry add constraint ledger_entry_recorded_by_key_fk
    foreign key (recorded_by_key_id) references api_key (id) not valid;

-- AUDITOR: may export the ledger and read checkpoints, nothing else.
alter table partner drop constraint partner_roles_check;
alter table partner add constraint partner_roles_check
    check (cardinality(roles) between 1 and 4 and roles <@ array ['ADMIN', 'PARTNER', 'VIEWER', 'AUDITOR']) not valid;
alter table partner validate constraint partner_roles_check;

-- Entries waiting to be sealed. Filled in the posting transaction by the trigger below, so that
-- no committed entry can be missed, whatever code path inserted it; emptied by the sealer.
create table ledger_seal_queue (
    entry_id    uuid        primary key,
    campaign_id integer     not null,
    recorded_at timestamptz not null,
    queued_at   timestamptz not null default clock_timestamp()
);
-- The seal order: recorded_at, then id.
create index ledger_seal_queue_order on ledger_seal_queue (recorded_at, entry_id);
create index ledger_seal_queue_campaign on ledger_seal_queue (campaign_id);

-- One statement-level trigger per insert statement (not per row): a batch of 1,000 entries
-- queues them in one insert from the transition table.
create function ledger_seal_enqueue() returns trigger
    language plpgsql as
$$
begin
    insert into ledger_seal_queue (entry_id, campaign_id, recorded_at)
    select id, campaign_id, recorded_at from inserted_entries;
    return null;
end;
$$;

create trigger ledger_entry_seal_queue
    after insert on ledger_entry
    referencing new table as inserted_entries
    for each statement execute function ledger_seal_enqueue();

-- Entries already in the ledger are queued once, in the same transaction as the trigger, so
-- none is queued twice or left out.
insert into ledger_seal_queue (entry_id, campaign_id, recorded_at)
select id, campaign_id, recorded_at from ledger_entry;

-- The chain: one row per sealed entry. seq is gapless over the ledger, campaign_seq within the
-- campaign; hash and campaign_hash are SHA-256 (verify/Chain).
create table ledger_seal (
    seq           bigint      primary key check (seq >= 1),
    entry_id      uuid        not null unique, -- no foreign key: truncate on ledger_entry must still meet its own trigger first
    campaign_id   integer     not null,
    campaign_seq  bigint      not null check (campaign_seq >= 1),
    hash          bytea       not null check (octet_length(hash) = 32),
    campaign_hash bytea       not null check (octet_length(campaign_hash) = 32),
    sealed_at     timestamptz not null default clock_timestamp(),
    unique (campaign_id, campaign_seq)
);
-- A campaign's export resumes by seq.
create index ledger_seal_campaign_seq on ledger_seal (campaign_id, seq);

-- Per campaign, the head of its chain and the totals of its sealed entries: what a checkpoint signs.
create table ledger_seal_campaign (
    campaign_id  integer        primary key references campaign (id),
    campaign_seq bigint         not null check (campaign_seq >= 1),
    head_hash    bytea          not null check (octet_length(head_hash) = 32),
    sale_count   bigint         not null check (sale_count >= 0),
    amount_idr   numeric(24, 2) not null
);

-- Signed checkpoints, kept as the exact text that was signed and is served.
create table ledger_checkpoint (
    seq        bigint      primary key check (seq >= 1),
    created_at timestamptz not null,
    head_seq   bigint      not null check (head_seq >= 0),
    key_id     text        not null,
    document   text        not null
);

-- A campaign's number of entries in each checkpoint, for progress answers to say whether they
-- match the latest one without parsing documents.
create table ledger_checkpoint_campaign (
    checkpoint_seq bigint  not null references ledger_checkpoint (seq),
    campaign_id    integer not null,
    entries        bigint  not null,
    primary key (campaign_id, checkpoint_seq)
);

-- Seals and checkpoints are evidence: like entries, never changed or removed.
create trigger ledger_seal_no_update_or_delete
    before update or delete on ledger_seal
    for each row execute function ledger_entry_is_immutable();
create trigger ledger_checkpoint_no_update_or_delete
    before update or delete on ledger_checkpoint
    for each row execute function ledger_entry_is_immutable();
