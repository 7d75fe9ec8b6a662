-- Background reindex jobs ($reindex): the checkpoint is last_pk, the highest resource key whose
-- index rows were rewritten; each batch advances it in the same transaction as its index rows, so
-- a job interrupted by a restart resumes after the last committed batch. Resources created after
-- the job started (pk > max_pk) are indexed by their own writes.
create table search_reindex (
  id        bigint      generated always as identity primary key,
  status    text        not null,
  last_pk   bigint      not null default 0,
  max_pk    bigint      not null,
  processed bigint      not null default 0,
  started   timestamptz not null default now(),
  finished  timestamptz
);
