-- A posted entry's message is written once it has been sent, with its first attempt, instead of
-- being written unsent, claimed and then recorded: two row writes per event (the message and its
-- attempt) where there were four (the message, its claim, its record, the attempt), each of the
-- message's writes an ~800-byte row with three index entries (docs/benchmarks.md, "Webhooks").
-- The outbox row of V70 is the durable promise meanwhile: a dispatcher leases it (leased_until),
-- sends its entries' messages, writes each with its outcome and deletes the row only when every one
-- of its entries has its message. A dispatcher that dies leaves the lease to run out; the next one
-- sends what has no message yet.
--
-- So a message's id, the Standard Webhooks "webhook-id", must be the same whoever writes it and
-- however often it is sent: it is derived from the subscription and the entry (a UUID of version
-- 8, RFC 9562, from their MD5), where it was random when it was written unsent.
--
-- Online: a nullable column without a default (no rewrite, a brief lock on a table only the
-- dispatchers and posting statements touch) and a new function. Releases before this one cannot
-- write (the writer fence, V40).
set local lock_timeout = '10s';

alter table webhook_entry_event add column leased_until timestamptz;

create function webhook_entry_message_id(subscription_id uuid, entry_id uuid) returns uuid
    language sql immutable strict parallel safe as
$$
select (substr(h, 1, 12) || '8' || substr(h, 14, 3)
        || substr('89ab', (('x' || substr(h, 17, 1))::bit(4)::int & 3) + 1, 1) || substr(h, 18))::uuid
  from md5(subscription_id::text || entry_id::text) as h
$$;

select ledger_fence_writers();
