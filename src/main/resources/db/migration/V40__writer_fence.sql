-- Rolling upgrades: an instance must never write with an older idea of the schema than the
-- database has. During a rollout the first new instance migrates while instances of the
-- previous release still run; one of those inserting entries after a migration that added a
-- totals table would leave that table short, silently.
--
-- So every write declares the schema its writer knows: the service sets
-- ledger.schema_version on each connection it opens (the highest migration it carries, read
-- from its own migrations, see operations/WriterFence). A statement on a fenced table from a
-- session that declares nothing, or a version older than the newest migration applied here, is
-- refused before it touches a row. The SQLSTATE is in class 57 ("operator intervention", 57P..),
-- which every release of the service answers with 503 and Retry-After: the client retries and
-- reaches an instance that is up to date. Readiness of such an instance goes DOWN as well.
--
-- The check is one statement-level trigger per table, not per row: one indexed-free read of
-- the (small) migration history per INSERT/UPDATE/DELETE/TRUNCATE statement.
-- Nothing here locks ledger_entry for longer than creating a trigger takes.

create function ledger_writer_fence() returns trigger
language plpgsql as $$
declare
    declared text := current_setting('ledger.schema_version', true);
    applied int[];
begin
    select max(string_to_array(version, '.')::int[]) into applied
      from "${flyway:defaultSchema}"."${flyway:table}"
     where success and version is not null;
    if declared is null or declared !~ '^[0-9]+(\.[0-9]+)*$'
       or string_to_array(declared, '.')::int[] < applied then
        raise exception 'writer fenced: % on % by a writer that knows schema version %, the database is at %',
                tg_op, tg_table_name, coalesce(nullif(declared, ''), 'none'), array_to_string(applied, '.')
              using errcode = '57PW1',
                    hint = 'An instance older than the schema; a current instance will take the write. '
                        || 'A manual session declares the version it was written for: set ledger.schema_version = ''...''.';
    end if;
    return null;
end
$$;

-- Puts the fence on every table of this schema that lacks it (the migration history excepted).
-- A migration that creates a table older writers must not touch ends with: select ledger_fence_writers();
create function ledger_fence_writers() returns integer
language plpgsql as $$
declare
    t record;
    fenced integer := 0;
begin
    for t in
        select c.relname
          from pg_class c
         where c.relnamespace = '"${flyway:defaultSchema}"'::regnamespace
           and c.relkind in ('r', 'p')
           and c.relname <> '${flyway:table}'
           and not exists (select 1 from pg_trigger g
                            where g.tgrelid = c.oid and g.tgname = 'ledger_writer_fence')
    loop
        execute format('create trigger ledger_writer_fence before insert or update or delete or truncate on %I '
                       'for each statement execute function ledger_writer_fence()', t.relname);
        fenced := fenced + 1;
    end loop;
    return fenced;
end
$$;

-- Creating a trigger takes a SHARE ROW EXCLUSIVE lock for an instant; wait at most 5 s for it
-- rather than queue every writer behind a long transaction (the migration then fails and is retried
-- by the next start).
set local lock_timeout = '5s';
select ledger_fence_writers();
