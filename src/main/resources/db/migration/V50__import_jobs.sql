-- Import jobs: a large CSV upload stored in chunks and worked through by a background worker on
-- any replica (a lease, claimed with FOR UPDATE SKIP LOCKED). A chunk's entries, the job's
-- counters and its rejected lines commit together, so a crash re-works at most one chunk and
-- counts nothing twice. New tables only: nothing existing is locked.
create table import_job (
    id            uuid primary key,
    partner_id    integer not null references partner (id),
    state         text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed')),
    header        text not null,
    lines_total   bigint not null,
    lines_read    bigint not null default 0,
    chunks_total  integer not null,
    next_chunk    integer not null default 0,
    created       bigint not null default 0,
    replayed      bigint not null default 0,
    rejected      bigint not null default 0,
    failure       text,
    lease_owner   text,
    lease_until   timestamptz,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    finished_at   timestamptz
);
create index import_job_partner on import_job (partner_id, created_at desc);
create index import_job_pending on import_job (created_at) where state in ('queued', 'running');

-- Rows as the upload had them: a JSON array of [line, problem-or-null, field...] per row.
create table import_chunk (
    job_id  uuid not null references import_job (id) on delete cascade,
    seq     integer not null,
    rows    text not null,
    primary key (job_id, seq)
);

create table import_rejection (
    job_id  uuid not null references import_job (id) on delete cascade,
    line    bigint not null,
    problem text not null,
    primary key (job_id, line)
);
