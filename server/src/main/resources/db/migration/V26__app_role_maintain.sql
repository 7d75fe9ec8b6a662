-- PostgreSQL 17's MAINTAIN privilege for the runtime role on the tables searches depend on, so
-- that a bulk load can refresh the planner's statistics (ANALYZE) as soon as it has indexed
-- (records.internal.search.PendingIndex). Not on the audit tables: nothing at run time needs to
-- maintain them.
grant maintain on table resource, resource_version, resource_link, sp_token, sp_string,
  sp_reference, sp_date, sp_uri, sp_quantity, sp_composite, sp_fulltext to "${appUser}";
