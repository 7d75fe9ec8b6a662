-- The generated column resource_version.security_labels (V27_5) called a SQL function whose body
-- holds a subquery. PostgreSQL inlines only SQL functions without one (PostgreSQL 17 wiki
-- "Inlining of SQL functions"; optimizer/util/clauses.c inline_function), so every version written
-- ran that function through the SQL-function executor: a plan started and ended per row, even for
-- the bodies without "security" whose answer is a plain null. That executor start was a visible
-- share of PostgreSQL's CPU in a bulk load's profile (docs/benchmarks.md, Bulk data, 2026-11-27
-- 07:39-08:58 UTC: about 7 % of its samples; about 1 of its 9 to 10 CPU seconds saved). Now the
-- outer function is a plain expression that the planner inlines into the column's generation
-- expression (one strpos per row) and only labelled bodies call the parsing function. Same values
-- for every body: no stored row changes, nothing is recomputed. The strpos test is exact because
-- every stored body is the store's own serialisation (FhirJson.write, or an NDJSON line
-- CanonicalLine found identical to it), in which a "security" key is never written with escapes.
create function resource_version_security_labels_parse(body text) returns text[]
  language sql immutable parallel safe
return (
  select array_agg(distinct e ->> 'code' order by e ->> 'code')
  from (select body::jsonb -> 'meta' -> 'security' as s) m,
       jsonb_array_elements(case when jsonb_typeof(m.s) = 'array' then m.s else '[]'::jsonb end) e
  where e ->> 'code' is not null);

create or replace function resource_version_security_labels(body text) returns text[]
  language sql immutable parallel safe
return case
  when body is null or strpos(body, '"security"') = 0 then null
  else resource_version_security_labels_parse(body)
end;
