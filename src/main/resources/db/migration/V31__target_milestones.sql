-- Target milestones: progress crossing 25, 50, 75 and 100 %, then every tenfold (1,000 %,
-- 10,000 % ...). The key makes each (target, revision, threshold) happen once, whatever the
-- number of replicas evaluating and however often they restart.
create table target_milestone (
    target_id      uuid           not null references target (id),
    target_version integer        not null check (target_version >= 1),
    threshold      numeric(30, 0) not null check (threshold > 0),
    campaign_id    integer        not null references campaign (id),
    target_amount  numeric(20, 2) not null,
    realised       numeric(24, 2) not null,
    percent        numeric(30, 2) not null,
    reached_at     timestamptz    not null default now(),
    primary key (target_id, target_version, threshold)
);
create index target_milestone_campaign on target_milestone (campaign_id, reached_at);

-- Counts statements that changed the ledger or a target, so that the evaluator reads progress
-- only when something may have moved. A sequence is not transactional and never blocks two
-- writers on each other, unlike a counter row.
create sequence ledger_change_counter;

create function ledger_change_count() returns trigger
    language plpgsql as
$$
begin
    perform nextval('ledger_change_counter');
    return null;
end;
$$;

create trigger ledger_entry_change_count
    after insert on ledger_entry
    for each statement execute function ledger_change_count();

create trigger target_revision_change_count
    after insert on target_revision
    for each statement execute function ledger_change_count();
