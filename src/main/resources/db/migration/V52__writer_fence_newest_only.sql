-- The writer fence (V40) read and parsed the whole migration history on every write statement:
-- every row, a text-to-int[] cast per row, and a max over them. Now it reads only the newest
-- successful versioned migration, by a backward scan of the history's primary key
-- (installed_rank), and parses one version. With out-of-order migrations off (Flyway's default,
-- and this service's setting), the newest applied is the highest version, so the answer is the
-- same; the check stays per statement (a transaction of an older writer that is in flight when a
-- migration commits is refused at its next statement and rolls back as a whole).
-- Replacing a function takes no lock on any table.
create or replace function ledger_writer_fence() returns trigger
language plpgsql as $$
declare
    declared text := current_setting('ledger.schema_version', true);
    applied int[];
begin
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
    return null;
end
$$;
