-- Rebuilding the value-ordered search indexes around a large bulk index pass (issue #4;
-- records.internal.search.IndexRebuild, docs/bulk-data.md). Inserting millions of rows into a
-- B-tree ordered by value (or a GIN index) touches a random page per row; CREATE INDEX sorts
-- once. The runtime role owns no table and may not drop or create indexes, so the two steps are
-- functions that run as the owner and can do nothing else: they only ever drop the non-unique
-- indexes of the sp_* tables whose first column is not res_pk (the res_pk indexes stay: writes
-- during the pass delete and replace rows by res_pk), and only ever recreate what they dropped.

-- What is dropped, with its exact definition, until it is built again. A row left here by a
-- crash is rebuilt at the next start.
create table search_index_suspended (
  name       text primary key,
  definition text not null
);

create function suspend_search_indexes() returns integer
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  ix record;
  n integer := 0;
begin
  for ix in
    select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
      from pg_index i
      join pg_class c on c.oid = i.indexrelid
      join pg_class t on t.oid = i.indrelid
      join pg_namespace s on s.oid = t.relnamespace
      join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
     where s.nspname = 'public'
       and t.relname like 'sp\_%' and t.relname <> 'sp_param'
       and not i.indisprimary and not i.indisunique
       and a.attname <> 'res_pk'
     order by c.relname
  loop
    insert into search_index_suspended (name, definition) values (ix.name, ix.definition);
    execute format('drop index %I', ix.name);
    n := n + 1;
  end loop;
  return n;
end
$$;

-- One transaction: either every suspended index is back or none is (and the rows stay for the
-- next attempt). maintenance_work_mem bounds each sort's memory before it spills to disk.
create function restore_search_indexes() returns integer
language plpgsql security definer set search_path = public, pg_temp
set maintenance_work_mem = '512MB' as $$
declare
  ix record;
  n integer := 0;
begin
  for ix in select name, definition from search_index_suspended order by name for update loop
    if not exists (select 1 from pg_class where relname = ix.name and relkind = 'i') then
      execute ix.definition;
      n := n + 1;
    end if;
    delete from search_index_suspended where name = ix.name;
  end loop;
  return n;
end
$$;

revoke all on function suspend_search_indexes() from public;
revoke all on function restore_search_indexes() from public;
grant execute on function suspend_search_indexes() to "${appUser}";
grant execute on function restore_search_indexes() to "${appUser}";
-- The runtime role reads the table (is anything suspended?) but never writes it directly.
do $$
begin
  if current_user <> '${appUser}' then
    revoke insert, update, delete, truncate on search_index_suspended from "${appUser}";
  end if;
end
$$;
