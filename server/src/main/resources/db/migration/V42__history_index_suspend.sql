-- The two history indexes of resource_version (resource_version_system_history (last_updated,
-- seq) and resource_version_type_history (res_type, last_updated, seq)) may go without row-by-row
-- inserts during a large $import's load phase too, and be built again in its index phase
-- (issue #4; storage.LinkIndex, docs/bulk-data.md, docs/adr/0009-load-phase-boundary.md). Every
-- version COPYed with them in place costs two B-tree descents and two index tuples; CREATE INDEX
-- sorts once. Kept (custodian.bulk.suspend-history-indexes, default true) because the load gets
-- shorter and the whole import not longer (docs/benchmarks.md, Bulk data, 2026-11-27 12:44-13:27
-- UTC). Their only readers are the system and type history (ResourceRepository.history), which
-- scan and sort resource_version meanwhile: slower, not wrong. The primary key (res_pk, version)
-- stays: read, vread, instance history and the writers' version numbering use it.
--
-- Same pattern as V35: a function owned by the schema owner that can only drop the non-unique,
-- non-primary indexes of resource_version whose first column is not res_pk, recording each exact
-- definition in link_index_suspended (so V35's restore_link_index() and the rebuild at start-up
-- build them again, under the same advisory lock).
create function suspend_history_indexes() returns integer
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  ix record;
  n integer := 0;
begin
  perform pg_advisory_xact_lock(hashtext('link_index_suspended'));
  for ix in
    select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
      from pg_index i
      join pg_class c on c.oid = i.indexrelid
      join pg_class t on t.oid = i.indrelid
      join pg_namespace s on s.oid = t.relnamespace
      join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
     where s.nspname = 'public'
       and t.relname = 'resource_version'
       and not i.indisprimary and not i.indisunique
       and a.attname <> 'res_pk'
     order by c.relname
  loop
    insert into link_index_suspended (name, definition) values (ix.name, ix.definition)
      on conflict (name) do update set definition = excluded.definition;
    execute format('drop index %I', ix.name);
    n := n + 1;
  end loop;
  return n;
end
$$;

revoke all on function suspend_history_indexes() from public;
grant execute on function suspend_history_indexes() to "${appUser}";
