-- The large $import's load phase also goes without the two history indexes of resource_version
-- (issue #4; storage.LinkIndex, docs/bulk-data.md): resource_version_system_history
-- (last_updated, seq) and resource_version_type_history (res_type, last_updated, seq). Every
-- version COPYed with them in place costs two B-tree descents, two index tuples and their WAL;
-- CREATE INDEX at the end of the load sorts once (measured in docs/benchmarks.md, Bulk data,
-- 2026-11-27 07:27 UTC). The only queries that use them are the system and type history
-- (ResourceRepository.history); meanwhile those scan and sort resource_version: slower, not wrong.
-- The primary key (res_pk, version) stays: reads, vread, instance history and the writers' version
-- numbering use it.
--
-- V35's two functions and table are reused (same advisory lock, same crash-repair record, same
-- rebuild at the end of the load and at start-up); suspend_link_index() now drops the non-unique
-- indexes of resource_link whose first column is not src_pk and those of resource_version whose
-- first column is not res_pk. restore_link_index() is unchanged: it builds whatever is recorded.
create or replace function suspend_link_index() returns integer
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
       and not i.indisprimary and not i.indisunique
       and ((t.relname = 'resource_link' and a.attname <> 'src_pk')
         or (t.relname = 'resource_version' and a.attname <> 'res_pk'))
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

revoke all on function suspend_link_index() from public;
grant execute on function suspend_link_index() to "${appUser}";
