-- FHIR Bulk Data (IG v2.0.0) jobs: $export and $import run in the background; clients poll the
-- status URL (IG "Bulk Data Status Request"). Rows survive restarts so that a job in progress
-- can be re-queued or failed cleanly at start-up, and finished jobs stay pollable until the
-- retention period removes them with their files.
create table bulk_job (
  id               text        primary key,
  -- export or import
  kind             text        not null,
  -- queued, in-progress, completed, failed, cancelled
  state            text        not null,
  -- the kick-off request URL, echoed in the manifest's "request"
  request_url      text        not null,
  -- the validated request (types, filters, inputs...) as JSON, what the runner needs
  parameters       text        not null,
  transaction_time timestamptz,
  -- short human-readable progress for X-Progress
  progress         text,
  -- why the job failed (never resource content)
  error            text,
  -- the completion manifest JSON
  manifest         text,
  created_at       timestamptz not null,
  updated_at       timestamptz not null,
  finished_at      timestamptz
);
create index bulk_job_state on bulk_job (state);
create index bulk_job_finished on bulk_job (finished_at);
