-- transaction.recorded and transaction.reversed: the posting statement writes one outbox row per
-- subscription that wants its entries (their ids), not one message of ~800 bytes per entry and
-- subscription. Building and inserting the messages made an insert of many entries 17-50 % slower
-- (docs/benchmarks.md, "Webhooks"); the dispatcher now does that from the outbox row
-- (webhook/EntryEvents), in a transaction of its own, from the entries themselves (immutable). The
-- event still commits with its entries or not at all, and no committed entry lacks it.
--
-- Online: a new, empty table, and a function replaced (no lock on ledger_entry). Messages already
-- written stay as they are. Releases before this one cannot write (the writer fence, V40), so none
-- of them writes messages beside these rows or claims one.
set local lock_timeout = '10s';

create table webhook_entry_event (
    -- Order of arrival: the dispatcher takes the oldest first.
    id              bigint      generated always as identity primary key,
    subscription_id uuid        not null references webhook_subscription (id) on delete cascade,
    -- The entries of one inserting statement this subscription is told of, each a message to be.
    entry_ids       uuid[]      not null check (cardinality(entry_ids) >= 1),
    -- How many: the dispatcher sizes its share by this, without reading the ids (a batch's 1,000
    -- ids are 16 kB, stored out of line).
    entries         integer     not null check (entries = cardinality(entry_ids)),
    -- When they were recorded: the events' timestamp.
    created_at      timestamptz not null default clock_timestamp()
);

create or replace function webhook_ledger_entry_events() returns trigger
    language plpgsql as
$$
begin
    if not exists (select 1 from webhook_subscription
                    where enabled and event_types && array ['transaction.recorded', 'transaction.reversed']) then
        return null;
    end if;
    insert into webhook_entry_event (subscription_id, entry_ids, entries)
    select s.id, array_agg(n.id order by n.id), count(*)
      from new_entries n
      join webhook_subscription s
        on s.partner_id = n.partner_id and s.enabled
       and case n.kind when 'SALE' then 'transaction.recorded' else 'transaction.reversed' end = any (s.event_types)
     group by s.id;
    return null;
end;
$$;

select ledger_fence_writers();
