-- Webhooks: subscriptions and an outbox of messages, one per event and subscription.
-- Every table is new and empty, so the migration takes no lock on the ledger beyond the brief
-- one of creating its trigger.

create table webhook_subscription (
    id                   uuid        primary key,
    -- The owner: a partner, or null for the bootstrap administrator (which is not a partner row).
    partner_id           integer references partner (id),
    url                  text        not null check (length(url) between 8 and 2000),
    event_types          text[]      not null check (cardinality(event_types) between 1 and 5
                                                     and event_types <@ array ['transaction.recorded',
                                                         'transaction.reversed', 'import.completed',
                                                         'target.revised', 'target.milestone']),
    description          text check (length(description) <= 500),
    enabled              boolean     not null default true,
    disabled_reason      text check (length(disabled_reason) <= 500),
    -- Secrets sign every delivery, so they are kept as they are (unlike API keys, which are
    -- only ever compared and are stored as hashes).
    secret               text        not null check (secret like 'whsec\_%'),
    previous_secret      text check (previous_secret like 'whsec\_%'),
    previous_secret_until timestamptz,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    check ((previous_secret is null) = (previous_secret_until is null))
);
create index webhook_subscription_partner on webhook_subscription (partner_id);

-- The outbox. A message is written in the transaction of the fact it announces, and its id is
-- the Standard Webhooks "webhook-id", the same on every attempt.
create table webhook_message (
    id              uuid        primary key,
    subscription_id uuid        not null references webhook_subscription (id) on delete cascade,
    event_type      text        not null,
    payload         jsonb       not null,
    created_at      timestamptz not null default clock_timestamp(),
    status          text        not null default 'PENDING'
                    check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    -- Attempts made so far in all, and the position in the retry schedule (redelivery starts
    -- the schedule again).
    attempts        integer     not null default 0 check (attempts >= 0),
    step            integer     not null default 0 check (step >= 0),
    -- When it is due; also the lease of a dispatcher that is sending it (see Dispatcher).
    next_attempt_at timestamptz default clock_timestamp(),
    last_status     integer,
    last_error      text,
    delivered_at    timestamptz,
    check ((status = 'PENDING') = (next_attempt_at is not null))
);
create index webhook_message_due on webhook_message (next_attempt_at) where status = 'PENDING';
create index webhook_message_subscription on webhook_message (subscription_id, created_at desc, id desc);

create table webhook_attempt (
    message_id   uuid        not null references webhook_message (id) on delete cascade,
    number       integer     not null check (number >= 1),
    attempted_at timestamptz not null,
    status_code  integer,
    error        text check (length(error) <= 500),
    duration_ms  integer     not null,
    primary key (message_id, number)
);

-- transaction.recorded (a sale) and transaction.reversed (a reversal), to the subscriptions of
-- the partner that owns the entry only. Statement level with a transition table: one call per
-- inserting statement whatever its size, and nothing but one probe of a small table when
-- nobody subscribes. The posting code is not involved, so no committed entry lacks its event.
create function webhook_ledger_entry_events() returns trigger
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
                                  'reverses', n.reverses, 'reason', n.reason))
      from (select e.*,
                   case e.kind when 'SALE' then 'transaction.recorded' else 'transaction.reversed' end as type
              from new_entries e) n
      join webhook_subscription s on s.partner_id = n.partner_id and s.enabled and n.type = any (s.event_types)
      join partner p on p.id = n.partner_id
      join campaign c on c.id = n.campaign_id;
    return null;
end;
$$;

create trigger ledger_entry_webhook_events
    after insert on ledger_entry
    referencing new table as new_entries
    for each statement execute function webhook_ledger_entry_events();

-- target.revised: every revision after the first (target_revision is append-only), to every
-- subscription that asks for it.
create function webhook_target_revised_events() returns trigger
    language plpgsql as
$$
begin
    insert into webhook_message (id, subscription_id, event_type, payload)
    select gen_random_uuid(), s.id, 'target.revised',
           jsonb_build_object('type', 'target.revised',
                              'timestamp', to_char(clock_timestamp() at time zone 'UTC',
                                                   'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                              'data', jsonb_build_object(
                                  'targetId', r.target_id, 'campaign', c.code, 'version', r.version,
                                  'name', r.name, 'metric', r.metric, 'amount', r.amount::text,
                                  'regionCode', r.region_code, 'periodStart', r.period_start,
                                  'periodEnd', r.period_end, 'reason', r.reason,
                                  'revisedAt', to_char(r.revised_at at time zone 'UTC',
                                                       'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                  'revisedBy', r.revised_by))
      from new_revisions r
      join target t on t.id = r.target_id
      join campaign c on c.id = t.campaign_id
      join webhook_subscription s on s.enabled and 'target.revised' = any (s.event_types)
     where r.version > 1;
    return null;
end;
$$;

create trigger target_revision_webhook_events
    after insert on target_revision
    referencing new table as new_revisions
    for each statement execute function webhook_target_revised_events();
