-- Building the suspended search value indexes one at a time (issue #4; records.internal.search
-- .IndexRebuild, docs/bulk-data.md). V28's restore_search_indexes() builds all of them in one
-- call; this builds the one named, so that the caller can time each and build two at once on two
-- connections. Like V28's functions it runs as the owner and can only ever recreate an index
-- that suspend_search_indexes() dropped, with its recorded definition. Each call is its own
-- transaction: the index is back and its row gone, or neither (and the next start builds it).
create function restore_search_index(index_name text) returns boolean
language plpgsql security definer set search_path = public, pg_temp
set maintenance_work_mem = '512MB' as $$
declare
  ix record;
begin
  select name, definition into ix from search_index_suspended where name = index_name for update;
  if not found then
    return false;
  end if;
  if not exists (select 1 from pg_class where relname = ix.name and relkind = 'i') then
    execute ix.definition;
  end if;
  delete from search_index_suspended where name = ix.name;
  return true;
end
$$;

revoke all on function restore_search_index(text) from public;
grant execute on function restore_search_index(text) to "${appUser}";
