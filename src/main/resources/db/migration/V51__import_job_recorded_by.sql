-- Import jobs remember the API key that uploaded them: the worker records it on every entry of the
-- job (ledger_entry.recorded_by_key_id), as the partner's own request would have.
-- A new nullable column without a default on a small table: no rewrite, an instant's lock.
set local lock_timeout = '5s';

alter table import_job add column recorded_by_key_id uuid;
alter table import_job add constraint import_job_recorded_by_key_fk
    foreign key (recorded_by_key_id) references api_key (id) not valid;
