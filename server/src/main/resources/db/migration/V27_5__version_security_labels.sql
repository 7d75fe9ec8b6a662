-- The security label codes of each stored version (issue #5): history and vread decide per version
-- whether the caller may see it (meta.security of that version, R4 "Security Labels" 8.1.4), not
-- by the labels of the resource's current version. A stored generated column, so that every writer
-- (the write session, the bulk import, maintenance) fills it without knowing about it, and history
-- counts and pages stay a scan of resource_version without parsing any JSON.
--
-- Only bodies that mention "security" are parsed: the common unlabelled version costs one strpos
-- at insert. Labels are matched by code, as the access conditions on sp_token (_security) are.
-- Tombstones (body null) have none: the access condition takes the labels of the version deleted.
create function resource_version_security_labels(body text) returns text[]
  language sql immutable parallel safe
return case
  when body is null or strpos(body, '"security"') = 0 then null
  else (
    select array_agg(distinct e ->> 'code' order by e ->> 'code')
    from (select body::jsonb -> 'meta' -> 'security' as s) m,
         jsonb_array_elements(case when jsonb_typeof(m.s) = 'array' then m.s else '[]'::jsonb end) e
    where e ->> 'code' is not null)
end;

alter table resource_version
  add column security_labels text[]
  generated always as (resource_version_security_labels(body)) stored;
