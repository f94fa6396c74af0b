-- The outcome of each scheduled reconciliation (operations/ScheduledReconcile): one replica runs it
-- at a time, every replica reports the newest outcome as metrics, so an alert sees the same value
-- whichever replica Prometheus asks. Old rows are pruned by the job itself.
create table reconcile_run (
    id          bigint generated always as identity primary key,
    started_at  timestamptz not null,
    finished_at timestamptz not null check (finished_at >= started_at),
    campaigns   integer     not null check (campaigns >= 0),
    differences integer     not null check (differences >= 0),
    failed      integer     not null default 0 check (failed >= 0)
);
create index reconcile_run_finished on reconcile_run (finished_at);

-- Writers older than this schema must not write here either.
select ledger_fence_writers();
