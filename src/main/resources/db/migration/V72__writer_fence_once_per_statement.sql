-- The writer fence (V40, V52) fires once for every table and event a statement writes: the posting
-- statement inserts the entry and upserts the totals tables, and an upsert fires it for INSERT and
-- for UPDATE, 16 times a statement, each a read of the migration history. Now the first firing of
-- a statement that passes notes so in a setting local to the transaction, keyed by the statement's
-- start (statement_timestamp(): one per statement the client sends), and the other firings of that
-- statement return at once. The check stays per statement: the next one starts later and reads the
-- history again, so a transaction of an older writer in flight when a migration commits is still
-- refused at its next statement. (Several statements sent in one simple-protocol message share a
-- start, and are checked as one.)
-- Measured by bench/fence.sh on a statement upserting eight fenced tables (docs/benchmarks.md, "The
-- writer fence"): the fence cost it 120 µs with V52's function, 45 µs with this one.
-- Replacing a function takes no lock on any table.
create or replace function ledger_writer_fence() returns trigger
language plpgsql as $$
declare
    this_statement constant text := statement_timestamp()::text;
    declared text;
    applied int[];
begin
    if current_setting('ledger.fence_passed', true) = this_statement then
        return null;
    end if;
    declared := current_setting('ledger.schema_version', true);
    select string_to_array(version, '.')::int[] into applied
      from "${flyway:defaultSchema}"."${flyway:table}"
     where success and version is not null
     order by installed_rank desc
     limit 1;
    if declared is null or declared !~ '^[0-9]+(\.[0-9]+)*$'
       or string_to_array(declared, '.')::int[] < applied then
        raise exception 'writer fenced: % on % by a writer that knows schema version %, the database is at %',
                tg_op, tg_table_name, coalesce(nullif(declared, ''), 'none'), array_to_string(applied, '.')
              using errcode = '57PW1',
                    hint = 'An instance older than the schema; a current instance will take the write. '
                        || 'A manual session declares the version it was written for: set ledger.schema_version = ''...''.';
    end if;
    perform set_config('ledger.fence_passed', this_statement, true);
    return null;
end
$$;
