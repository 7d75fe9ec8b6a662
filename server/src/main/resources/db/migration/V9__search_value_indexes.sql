-- Search at 1M resources (issue #3). Each value index ends in res_pk, so a search reads the keys
-- of a token or reference value from the index alone (index-only scan) and several index tables
-- meet on res_pk before resource is touched (DrivingSet). The old indexes are prefixes of the new.
create index if not exists sp_token_value on sp_token (param_id, code, system, res_pk);
drop index if exists sp_token_code;

create index if not exists sp_reference_value on sp_reference (param_id, target_id, target_type, res_pk);
drop index if exists sp_reference_target;

-- Per resource: the date values of a parameter without a heap visit, for date conditions checked
-- per candidate and for _sort by date (SortKey reads min(low) / max(high) per resource).
create index if not exists sp_date_res_value on sp_date (res_pk, param_id, low, high);
drop index if exists sp_date_res;

-- Codes and reference targets are skewed (a common LOINC code has thousands of rows, a rare one a
-- few); the default sample misses most of them and the planner then picks the wrong table to
-- start from. Larger samples and per-parameter statistics keep the estimates near the truth.
alter table sp_token alter column code set statistics 1000;
alter table sp_reference alter column target_id set statistics 1000;
create statistics if not exists sp_token_param_code (mcv, ndistinct) on param_id, code, system from sp_token;
create statistics if not exists sp_reference_param_target (mcv, ndistinct) on param_id, target_id
  from sp_reference;

-- The new statistics exist only after an ANALYZE; a store that is not written to would wait for
-- autovacuum indefinitely (about 20 s at 1M resources, nothing on a new store).
analyze sp_token, sp_reference;
