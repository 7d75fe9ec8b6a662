-- The application's runtime role (issue #5 "Append-only"): the owner (the role running these
-- migrations) keeps DDL; the runtime connections log in as ${appUser}, which may read and write
-- every table, present and future, except what later migrations revoke (UPDATE, DELETE and
-- TRUNCATE on the audit tables, V16). On an external server whose owner may not create roles, an
-- administrator creates the role beforehand (docs/audit.md) and this block leaves it alone.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = '${appUser}') then
    create role "${appUser}" login;
  end if;
exception
  -- another database of the same cluster created it at the same moment
  when duplicate_object or unique_violation then null;
end
$$;

grant usage on schema public to "${appUser}";
grant select, insert, update, delete on all tables in schema public to "${appUser}";
grant usage, select, update on all sequences in schema public to "${appUser}";
alter default privileges in schema public
  grant select, insert, update, delete on tables to "${appUser}";
alter default privileges in schema public
  grant usage, select, update on sequences to "${appUser}";
-- Flyway's own history is the owner's business (unless owner and runtime role are one, which
-- docs/audit.md advises against).
do $$
begin
  if current_user <> '${appUser}' then
    revoke insert, update, delete on flyway_schema_history from "${appUser}";
  end if;
end
$$;
