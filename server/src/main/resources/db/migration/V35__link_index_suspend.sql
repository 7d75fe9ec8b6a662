-- Building resource_link_target once after a large $import instead of inserting into it row by
-- row (issue #4; storage.LinkIndex, docs/bulk-data.md). The index is on random keys
-- (target_type, target_id): every link COPYed during the load phase costs a B-tree descent and a
-- random leaf page, about a quarter of PostgreSQL's load-phase CPU (docs/benchmarks.md, Bulk data,
-- 2026-11-27 02:35-03:55 UTC, item 5); CREATE INDEX sorts once. As for the search value indexes
-- (V28), the runtime role may not drop or create indexes, so the two steps are functions that run
-- as the owner and can do nothing else: they only ever drop the non-unique indexes of
-- resource_link whose first column is not src_pk (resource_link_src stays: replacing a
-- resource's links deletes them by src_pk), and only ever recreate what they dropped. The one
-- query by target (the delete check, ResourceRepository.referrers) scans the table meanwhile:
-- slower, not wrong.

-- What is dropped, with its exact definition, until it is built again. A row left here by a
-- crash is rebuilt at the next start.
create table link_index_suspended (
  name       text primary key,
  definition text not null
);

-- Both functions take the same transaction-level advisory lock, so a suspend and a restore of two
-- imports running at once do not interleave (a restore's CREATE INDEX is only visible at commit).
create function suspend_link_index() returns integer
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
       and t.relname = 'resource_link'
       and not i.indisprimary and not i.indisunique
       and a.attname <> 'src_pk'
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

-- One transaction: either every suspended index is back or none is (and the rows stay for the
-- next attempt). maintenance_work_mem bounds the sort's memory before it spills to disk.
create function restore_link_index() returns integer
language plpgsql security definer set search_path = public, pg_temp
set maintenance_work_mem = '512MB' as $$
declare
  ix record;
  n integer := 0;
begin
  perform pg_advisory_xact_lock(hashtext('link_index_suspended'));
  for ix in select name, definition from link_index_suspended order by name for update loop
    if not exists (select 1 from pg_class where relname = ix.name and relkind = 'i') then
      execute ix.definition;
      n := n + 1;
    end if;
    delete from link_index_suspended where name = ix.name;
  end loop;
  return n;
end
$$;

revoke all on function suspend_link_index() from public;
revoke all on function restore_link_index() from public;
grant execute on function suspend_link_index() to "${appUser}";
grant execute on function restore_link_index() to "${appUser}";
-- The runtime role reads the table (is anything suspended?) but never writes it directly.
do $$
begin
  if current_user <> '${appUser}' then
    revoke insert, update, delete, truncate on link_index_suspended from "${appUser}";
  end if;
end
$$;
