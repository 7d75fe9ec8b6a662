-- Resources whose search index rows are still to be written. Bulk imports load resource and
-- resource_version rows first and index in a second, set-based phase (docs/bulk-data.md); a row
-- here means "the current version of this resource is not indexed yet". The import job reports
-- complete only once its rows are gone, and rows left by a restart are indexed at the next start.
create table search_index_pending (
  res_pk bigint primary key
);
